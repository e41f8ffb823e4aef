"""`gcmhub load_reference`: what it loads, and that running it again changes nothing. The session set-up
(conftest.py) has already run it once on the test database."""

from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.forms.models import model_to_dict

from gcmhub.reference import sources
from gcmhub.reference.actions import load_reference
from gcmhub.reference.models import (
    Country,
    GuidingPrinciple,
    MembershipGroup,
    Objective,
    Organization,
    Region,
    SDGIndicator,
)

pytestmark = pytest.mark.django_db

EXECUTIVE_COMMITTEE = {"DESA", "ILO", "IOM", "OHCHR", "UNDP", "UNHCR", "UNICEF", "UNODC", "WHO"}


def snapshot() -> dict[str, list[dict[str, object]]]:
    models = (Objective, GuidingPrinciple, MembershipGroup, SDGIndicator, Region, Country, Organization)
    return {
        model.__name__: [
            model_to_dict(o) | {"pk": o.pk, "search_text": getattr(o, "search_text", None)}
            for o in model.objects.order_by("pk")
        ]
        for model in models
    }


def test_it_loads_the_23_objectives_with_titles_and_labels() -> None:
    objectives = list(Objective.objects.order_by("number"))
    assert [o.number for o in objectives] == list(range(1, 24))
    by_number = {o.number: o for o in objectives}
    assert by_number[1].short_label == "Data"
    assert by_number[6].short_label == "Fair recruitment and decent work"
    assert by_number[22].title == (
        "Establish mechanisms for the portability of social security entitlements and earned benefits"
    )
    assert by_number[22].short_label == "Social protection portability"
    assert by_number[23].short_label == "International cooperation"


def test_it_loads_the_ten_guiding_principles_in_order() -> None:
    principles = list(GuidingPrinciple.objects.order_by("number"))
    assert [p.number for p in principles] == list(range(1, 11))
    assert [p.slug for p in principles] == [
        "people-centred",
        "international-cooperation",
        "national-sovereignty",
        "rule-of-law-and-due-process",
        "sustainable-development",
        "human-rights",
        "gender-responsive",
        "child-sensitive",
        "whole-of-government-approach",
        "whole-of-society-approach",
    ]
    assert principles[3].title == "Rule of law and due process"
    assert principles[9].title == "Whole-of-society approach"


def test_it_loads_the_nine_sdg_indicators_in_sdg_order() -> None:
    codes = list(SDGIndicator.objects.order_by("position").values_list("code", flat=True))
    assert codes == ["8.8.1", "8.8.2", "10.7.1", "10.7.2", "10.7.3", "10.7.4", "10.c.1", "16.2.2", "17.3.2"]
    indicator = SDGIndicator.objects.get(code="10.7.2")
    assert indicator.target == "10.7"
    assert indicator.title.startswith("Number of countries with migration policies")


def test_it_loads_the_membership_groups_with_their_aliases() -> None:
    groups = {g.slug: g for g in MembershipGroup.objects.all()}
    assert set(groups) == {
        "executive-committee",
        "network-members",
        "csos",
        "nhris",
        "member-states",
        "regional-bodies",
        "coordination-mechanisms",
        "other-partners",
        "other-stakeholders",
        "un-expert-group-migration-statistics",
    }
    assert groups["executive-committee"].name == "Executive Committee members"
    assert groups["executive-committee"].aliases == ["executive committee members", "executive committee"]
    assert groups["csos"].aliases == ["csos", "civil society organizations", "civil society"]
    assert groups["other-stakeholders"].aliases == ["other stakeholders", "other relevant stakeholders"]
    assert all(alias == alias.lower() for g in groups.values() for alias in g.aliases)


def test_it_flags_the_nine_executive_committee_members() -> None:
    members = Organization.objects.filter(is_executive_committee=True)
    assert set(members.values_list("acronym", flat=True)) == EXECUTIVE_COMMITTEE
    assert all(o.is_network_member and o.kind == Organization.Kind.UN_ENTITY for o in members)
    original = members.exclude(acronym="WHO")
    assert set(original.values_list("joined_executive_committee", flat=True)) == {2018}
    who = Organization.objects.get(acronym="WHO")
    assert who.joined_executive_committee != 2018
    assert "after the original eight" in who.notes


def test_it_loads_network_members_and_the_bodies_the_platform_needs() -> None:
    members = set(Organization.objects.filter(is_network_member=True).values_list("acronym", flat=True))
    assert {"IOM", "UNEP", "UNHCR", "UN Women", "UN-Habitat", "World Bank", "ESCWA", "WMO"} <= members
    assert len(members) >= 35
    unnm = Organization.objects.get(acronym="UNNM")
    assert unnm.name == "UN Network on Migration Secretariat"
    assert unnm.kind == Organization.Kind.UN_ENTITY and not unnm.is_network_member
    mptfo = Organization.objects.get(acronym="MPTFO")
    assert mptfo.name == "Multi-Partner Trust Fund Office"
    assert mptfo.kind == Organization.Kind.UN_ENTITY and not mptfo.is_network_member


def test_it_loads_countries_with_codes_regions_and_names_in_six_languages() -> None:
    assert Country.objects.count() > 240
    france = Country.objects.select_related("region", "sub_region").get(iso3="FRA")
    assert (france.iso2, france.m49) == ("FR", "250")
    assert france.region is not None and france.region.name == "Europe" and france.region.m49 == "150"
    assert france.sub_region is not None and france.sub_region.name == "Western Europe"
    assert france.names == {
        "ar": "فرنسا",
        "zh": "法国",
        "en": "France",
        "fr": "France",
        "ru": "Франция",
        "es": "Francia",
    }
    assert Country.objects.filter(is_un_member_state=True).count() == 193
    assert not Country.objects.get(iso3="PSE").is_un_member_state
    assert Country.objects.get(iso3="PSE").is_independent


def test_it_builds_the_m49_region_tree() -> None:
    africa = Region.objects.get(m49="002")
    assert (africa.name, africa.level, africa.parent) == ("Africa", Region.Level.REGION, None)
    western_africa = Region.objects.select_related("parent__parent").get(m49="011")
    assert western_africa.level == Region.Level.INTERMEDIATE
    assert western_africa.parent is not None and western_africa.parent.m49 == "202"
    assert western_africa.parent.parent == africa
    senegal = Country.objects.get(iso3="SEN")
    assert (senegal.region_id, senegal.intermediate_region_id) == (africa.pk, western_africa.pk)
    assert Region.objects.filter(level=Region.Level.REGION).count() == 5


def test_it_creates_a_government_for_every_independent_state() -> None:
    mexico = Organization.objects.select_related("country").get(acronym="GOV-MEX")
    assert mexico.name == "Government of Mexico"
    assert mexico.kind == Organization.Kind.GOVERNMENT
    assert mexico.country is not None and mexico.country.iso3 == "MEX"
    governments = Organization.objects.filter(kind=Organization.Kind.GOVERNMENT, acronym__startswith="GOV-")
    assert governments.count() == Country.objects.filter(is_independent=True).count()
    # Antarctica and dependent territories have no government of their own.
    assert not Organization.objects.filter(acronym__in=["GOV-ATA", "GOV-PRI"]).exists()


def test_a_second_run_changes_nothing() -> None:
    before = snapshot()
    entries_before = LogEntry.objects.count()
    report = load_reference(actor=None)
    assert not report.changed
    assert all(not t.created and not t.updated for t in report.tables)
    unchanged = {t.table: t.unchanged for t in report.tables}
    assert unchanged["GCM objectives"] == 23
    assert unchanged["countries"] == Country.objects.count()
    assert snapshot() == before
    assert LogEntry.objects.count() == entries_before


def test_the_command_says_nothing_changed_on_a_second_run() -> None:
    out = StringIO()
    call_command("load_reference", stdout=out)
    text = out.getvalue()
    assert "GCM objectives: 0 created, 0 updated, 23 unchanged" in text
    assert "nothing changed" in text


def test_it_restores_an_edited_row_and_records_the_change() -> None:
    iom = Organization.objects.get(acronym="IOM")
    iom.name = "Renamed by hand"
    iom.save()
    Objective.objects.filter(number=7).update(short_label="Wrong")
    out = StringIO()
    call_command("load_reference", stdout=out)
    iom.refresh_from_db()
    assert iom.name == "International Organization for Migration"
    assert Objective.objects.get(number=7).short_label == "Vulnerabilities"
    assert "updated IOM: name" in out.getvalue()
    assert "updated 7: short_label" in out.getvalue()
    entry = LogEntry.objects.get_for_object(iom).order_by("-pk").first()
    assert entry is not None and entry.action == LogEntry.Action.UPDATE
    assert entry.changes == {"name": ["Renamed by hand", "International Organization for Migration"]}


def test_it_leaves_organizations_it_does_not_manage_alone() -> None:
    cso = Organization.objects.create(
        acronym="LOCAL-CSO", name="A local association", kind=Organization.Kind.CSO
    )
    load_reference(actor=None)
    cso.refresh_from_db()
    assert (cso.name, cso.kind) == ("A local association", Organization.Kind.CSO)


def test_a_dry_run_reports_but_saves_nothing() -> None:
    Objective.objects.filter(number=3).update(title="Changed")
    out = StringIO()
    call_command("load_reference", "--dry-run", stdout=out)
    assert "updated 3: title" in out.getvalue()
    assert "Dry run" in out.getvalue()
    assert Objective.objects.get(number=3).title == "Changed"


def _testland(**overrides: str) -> dict[str, str | None]:
    row: dict[str, str | None] = {
        "ISO 3166-1 Alpha 3-Codes": "XTL",
        "ISO 3166-1 Alpha 2-Codes": "XT",
        "m49 numerical code": "997",
        "Deprecated": "N",
        "Independent": "Y",
        "Region Code": "2",
        "Region Name": "Africa",
        "Sub-region Code": "202",
        "Sub-region Name": "Sub-Saharan Africa",
        "Intermediate Region Code": "996",
        "Intermediate Region Name": "Testing Africa",
        "M49 English": "Testland",
        "M49 French": "Testlande",
    }
    return row | overrides


def test_it_creates_new_rows_and_audits_them(monkeypatch: pytest.MonkeyPatch) -> None:
    real = sources._country_rows_raw()
    monkeypatch.setattr(sources, "_country_rows_raw", lambda: [*real, _testland()])
    report = load_reference(actor=None)
    created = {t.table: t.created for t in report.tables}
    assert created["countries"] == ["XTL"]
    assert created["regions"] == ["996"]
    assert created["organizations"] == ["GOV-XTL"]
    testland = Country.objects.select_related("intermediate_region__parent").get(iso3="XTL")
    assert testland.names["fr"] == "Testlande"
    assert testland.names["ar"] == ""
    assert testland.intermediate_region is not None and testland.intermediate_region.parent is not None
    assert testland.intermediate_region.parent.m49 == "202"
    assert Organization.objects.get(acronym="GOV-XTL").name == "Government of Testland"
    # A region the catalogue cannot translate is still loaded, with a warning.
    assert any("996" in warning for warning in report.warnings)
    audited = LogEntry.objects.filter(additional_data__note="load_reference", action=LogEntry.Action.CREATE)
    assert audited.filter(object_repr="Testland").exists()
    assert audited.filter(object_repr="GOV-XTL").exists()


def test_a_failure_part_way_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    Objective.objects.filter(number=3).update(title="Changed")
    monkeypatch.setattr(sources, "_country_rows_raw", lambda: [_testland(**{"Region Code": "not a code"})])
    with pytest.raises(ValueError, match="not an M49 code"):
        load_reference(actor=None)
    # The objectives were restored before the countries failed; the rollback undid that too.
    assert Objective.objects.get(number=3).title == "Changed"
    assert not Country.objects.filter(iso3="XTL").exists()


def test_a_run_prints_no_warning_for_the_known_gaps_of_the_shipped_sources() -> None:
    """The shipped rows that name no reference country are the same on every run: not warnings."""
    out, err = StringIO(), StringIO()
    call_command("load_reference", stdout=out, stderr=err)
    assert err.getvalue() == ""
    assert "not a reference country" not in out.getvalue()


def test_it_lists_the_rows_it_leaves_out_at_verbosity_2() -> None:
    out, err = StringIO(), StringIO()
    call_command("load_reference", verbosity=2, stdout=out, stderr=err)
    left_out = [line for line in out.getvalue().splitlines() if "not a reference country" in line]
    assert len(left_out) == 16
    assert "UNHCR origin TIB is not a reference country" in left_out
    assert "Caribbean in the origin-destination table is not a reference country" in left_out
    assert sum("Channel Islands* (M49 830)" in line for line in left_out) == 7
    assert err.getvalue() == ""
