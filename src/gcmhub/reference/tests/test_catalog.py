"""The hand-kept catalogue: objective titles are the adopted ones, every M49 region has a
translatable name, and stored English values are shown through the translation catalogue."""

import re
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from gcmhub.reference import catalog, sources
from gcmhub.reference.models import (
    Country,
    GuidingPrinciple,
    MembershipGroup,
    Objective,
    Organization,
    Region,
    SDGIndicator,
)

OBJECTIVE_LINE = re.compile(r"^Objective (\d+):\s*(.*)$")


def objective_titles_in_workplan() -> dict[int, str]:
    """Objective titles as the work plan document gives them, joining titles that wrap onto the next line."""
    titles: dict[int, str] = {}
    lines = settings.GCMHUB_WORKPLAN_FILE.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        match = OBJECTIVE_LINE.match(line.replace("\xa0", " "))
        if not match:
            continue
        title = match.group(2)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if following.strip() and not following.startswith(("Objective", "\t")) and following[0].islower():
            title = f"{title} {following}"
        titles[int(match.group(1))] = " ".join(title.split())
    return titles


# The draft work plan paraphrases these two; the catalogue keeps the GCM's titles as adopted (A/RES/73/195).
ADOPTED_WHERE_THE_PLAN_DIFFERS = {
    3: "Provide accurate and timely information at all stages of migration",
    21: "Cooperate in facilitating safe and dignified return and readmission, as well as sustainable "
    "reintegration",
}


def test_objective_titles_are_the_adopted_ones_where_the_work_plan_paraphrases() -> None:
    in_plan = objective_titles_in_workplan()
    assert sorted(in_plan) == list(range(1, 24))
    assert in_plan[22].endswith("and earned benefits")
    titles = {o.number: catalog.source_text(o.title) for o in catalog.OBJECTIVES}
    differing = {number for number, title in titles.items() if in_plan[number] != title}
    assert differing == set(ADOPTED_WHERE_THE_PLAN_DIFFERS)
    assert {number: titles[number] for number in differing} == ADOPTED_WHERE_THE_PLAN_DIFFERS


def test_every_m49_region_in_the_country_table_has_a_translatable_name() -> None:
    regions, _ = sources.read_countries()
    assert {r.m49: r.name for r in regions} == {
        code: catalog.source_text(n) for code, n in catalog.REGION_NAMES.items()
    }


def test_catalogue_keys_are_unique() -> None:
    assert len({o.number for o in catalog.OBJECTIVES}) == 23
    assert len({p.slug for p in catalog.PRINCIPLES}) == 10
    acronyms = [o.acronym for o in (*catalog.NETWORK_MEMBERS, *catalog.OTHER_UN_ENTITIES)]
    assert len(acronyms) == len(set(acronyms))
    assert len({s.code for s in catalog.SDG_INDICATORS}) == 9


@pytest.fixture
def marked_translations(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in catalogue that shows which message and context each display asks for."""
    catalog._by_english()  # built from the real catalogue's English sources before the stand-in applies

    def pgettext(context: str, message: str) -> str:
        return f"[{context}] {message}"

    def gettext(message: str) -> str:
        return f"[] {message}"

    monkeypatch.setattr(translation._trans, "pgettext", pgettext)
    monkeypatch.setattr(translation._trans, "gettext", gettext)


@pytest.mark.django_db
@pytest.mark.usefixtures("marked_translations")
def test_displays_look_up_the_stored_english_in_the_catalogue() -> None:
    objective = Objective.objects.get(number=1)
    assert objective.label_display == "[GCM objective short label] Data"
    assert objective.title_display == f"[GCM objective] {objective.title}"
    assert GuidingPrinciple.objects.get(number=1).title_display == "[GCM guiding principle] People-centred"
    assert Region.objects.get(m49="150").name_display == "[M49 region] Europe"
    assert MembershipGroup.objects.get(slug="csos").name_display == "[membership group] CSOs"
    assert SDGIndicator.objects.get(code="10.c.1").title_display.startswith(
        "[SDG indicator] Remittance costs"
    )
    iom = Organization.objects.get(acronym="IOM")
    assert iom.name_display == "[organization] International Organization for Migration"
    assert iom.notes_display.startswith("[organization note] ")


@pytest.mark.django_db
@pytest.mark.usefixtures("marked_translations")
def test_edited_values_are_shown_as_stored() -> None:
    objective = Objective.objects.get(number=1)
    objective.short_label = "Data and evidence"
    assert objective.label_display == "Data and evidence"
    cso = Organization(acronym="X", name="A local association", kind=Organization.Kind.CSO)
    assert cso.name_display == "A local association"


@pytest.mark.django_db
def test_displays_give_the_english_title_in_english_and_text_in_french() -> None:
    objective = Objective.objects.get(number=10)
    with translation.override("en"):
        assert objective.title_display == objective.title
        assert objective.label_display == "Trafficking"
    with translation.override("fr"):
        assert isinstance(objective.title_display, str) and objective.title_display
        assert isinstance(objective.label_display, str) and objective.label_display


@pytest.mark.django_db
def test_a_government_is_named_after_its_country_in_the_active_language(monkeypatch: Any) -> None:
    mexico = Organization.objects.select_related("country").get(acronym="GOV-MEX")
    with translation.override("en"):
        assert mexico.name_display == "Government of Mexico"
    with translation.override("es"):
        assert "México" in mexico.name_display
    with translation.override("zh-hans"):
        assert "墨西哥" in mexico.name_display


@pytest.mark.django_db
def test_a_country_name_falls_back_to_english_where_the_source_has_none() -> None:
    taiwan = Country.objects.get(iso3="TWN")
    assert taiwan.name_en
    assert taiwan.name_in("ar") == taiwan.name_en
    with translation.override("ru"):
        assert Country.objects.get(iso3="FRA").name_display == "Франция"
