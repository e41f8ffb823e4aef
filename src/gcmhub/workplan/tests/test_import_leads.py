"""The import proposes each activity's lead from its result's membership line, so the lead's focal points can
report from day one; a lead set by hand is never replaced by a later import."""

from typing import Any

import pytest
from django.test import Client

from gcmhub.reference.models import Organization
from gcmhub.workplan.actions import update_activity
from gcmhub.workplan.importer import Reference, import_document, parse_text
from gcmhub.workplan.importer.membership import parse_membership
from gcmhub.workplan.models import Activity, ImportIssue, LeadSource
from gcmhub.workplan.queries import current_version
from gcmhub.workplan.tests.fixtures.importer import SHIPPED_BYTES, changed
from gcmhub.workplan.tests.test_import_versions import NEW_TITLE

pytestmark = pytest.mark.django_db
BASE = "/api/v1/workplans"
REFERENCE = Reference.build(acronyms=frozenset({"IOM", "DESA", "OHCHR", "GOV-MEX", "UNHCR"}))


@pytest.mark.parametrize(
    ("line", "leads", "marked"),
    [
        ("IOM, DESA", ["IOM"], False),
        ("OHCHR, IOM (lead), DESA (co-lead)", ["IOM", "DESA"], True),
        ("Lead: GOV-MEX, UNHCR; members: IOM", ["GOV-MEX", "UNHCR"], True),
        ("Network members tbd, other partners (ToRs)", [], False),
    ],
)
def test_it_reads_the_leads_a_membership_line_names(line: str, leads: list[str], marked: bool) -> None:
    membership = parse_membership(line, REFERENCE).membership
    assert (membership.leads, membership.leads_marked) == (leads, marked)


def test_a_lead_marker_is_not_reported_as_an_unknown_name() -> None:
    assert parse_membership("OHCHR, IOM (lead)", REFERENCE).notes == []


def current_activities() -> "Any":
    return Activity.objects.filter(result__section__version=current_version())


def test_the_shipped_plan_proposes_iom_as_lead_of_the_result_it_names_first() -> None:
    led = current_activities().exclude(lead=None)
    assert {(a.result.key, a.lead.acronym, a.lead_source) for a in led} == {("cc.6", "IOM", "import")}
    assert led.count() == 3
    issue = ImportIssue.objects.get(version=current_version(), code="lead_proposed")
    assert (issue.line, issue.severity) == (33, "info")
    assert "IOM" in issue.message and "3 activities" in issue.message


def test_the_proposed_lead_reports_and_an_organization_not_named_may_not(
    client: Client, focal_point: Any, other_focal_point: Any
) -> None:
    activity = current_activities().filter(lead__acronym="IOM").order_by("position").first()
    assert activity is not None
    # Without the named membership the proposed lead alone is what lets IOM's focal point in.
    activity.result.organizations.clear()
    payload = {"status": "in_progress"}
    client.force_login(other_focal_point)
    refused = client.patch(f"{BASE}/activities/{activity.pk}", payload, content_type="application/json")
    assert refused.status_code == 403
    client.force_login(focal_point)
    response = client.patch(f"{BASE}/activities/{activity.pk}", payload, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["lead"] == "IOM" and response.json()["lead_source"] == "import"


def test_reimporting_the_same_document_proposes_nothing_new() -> None:
    outcome = import_document(SHIPPED_BYTES, "again.txt", actor=None)
    assert not outcome.created and outcome.leads_proposed == 0


def test_a_new_version_keeps_a_lead_set_by_hand_and_proposes_the_rest(secretariat: Any) -> None:
    first, second, third = current_activities().filter(
        result__section__kind="cross_cutting", result__number=6
    )
    update_activity(actor=secretariat, activity_id=first.pk, lead=Organization.objects.get(acronym="DESA"))
    update_activity(actor=secretariat, activity_id=second.pk, clear=["lead"])
    outcome = import_document(changed(NEW_TITLE), "v2.txt", actor=secretariat)
    assert outcome.created and outcome.leads_proposed == 1
    leads = {
        a.position: (a.lead.acronym if a.lead else None, a.lead_source)
        for a in current_activities().filter(result__section__kind="cross_cutting", result__number=6)
    }
    assert leads == {1: ("DESA", "manual"), 2: (None, "manual"), 3: ("IOM", "import")}
    assert third.lead_source == LeadSource.IMPORT


def test_the_parse_alone_proposes_without_touching_the_database() -> None:
    parsed = parse_text(SHIPPED_BYTES.decode(), reference=REFERENCE)
    [named] = [r for s in parsed.sections for r in s.results if r.membership.leads]
    assert named.membership.leads == ["IOM"]


def test_the_activity_page_says_the_lead_was_proposed(client: Client, secretariat: Any) -> None:
    activity = current_activities().filter(lead__acronym="IOM").order_by("position").first()
    assert activity is not None
    page = client.get(activity.get_absolute_url()).content.decode()
    assert 'id="lead-proposed"' in page and "proposed from the plan\u2019s membership line" in page
    update_activity(actor=secretariat, activity_id=activity.pk, lead=Organization.objects.get(acronym="DESA"))
    assert 'id="lead-proposed"' not in client.get(activity.get_absolute_url()).content.decode()
