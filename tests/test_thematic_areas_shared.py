"""One list of thematic areas for the platform: knowledge resources, fund areas, work plan sections and
reporting questions all name reference.ThematicArea, and pages show its title in the page's language."""

import html
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from gcmhub.fund import actions as fund_actions
from gcmhub.knowledge.facets import thematic_areas as facet_labels
from gcmhub.knowledge.tests.factories import make_resource
from gcmhub.reference.labels import label
from gcmhub.reference.models import ThematicArea
from gcmhub.reporting import actions as reporting_actions
from gcmhub.workplan.importer import import_document
from gcmhub.workplan.models import ImportIssue, Section
from gcmhub.workplan.tests.fixtures.importer import changed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    # A request in another language leaves it active in this thread; later tests expect English.
    yield
    translation.activate("en")


def area(number: int) -> ThematicArea:
    return ThematicArea.objects.get(number=number)


def french(number: int) -> str:
    """The area's French title, which must differ from the English one for these tests to mean anything."""
    title = label(area(number), "title", "fr")
    assert title and title != area(number).title
    return title


def page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.content[:300]
    return html.unescape(response.content.decode())


def test_the_work_plans_thematic_sections_name_the_reference_areas() -> None:
    sections = Section.objects.filter(version__is_current=True, kind=Section.Kind.THEMATIC_AREA)
    assert {s.number: s.thematic_area for s in sections} == {n: area(n) for n in range(1, 6)}
    cross_cutting = Section.objects.get(version__is_current=True, kind=Section.Kind.CROSS_CUTTING)
    assert cross_cutting.thematic_area is None


def test_a_plan_with_an_area_the_platform_lacks_keeps_it_unlinked_and_says_so() -> None:
    data = changed(("Thematic Area 5:", "Thematic Area 6:"))
    outcome = import_document(data, "plan-with-area-6.txt", actor=None)
    assert outcome.created
    sixth = Section.objects.get(version=outcome.version, number=6)
    assert sixth.thematic_area is None
    issue = ImportIssue.objects.get(version=outcome.version, code="unknown_thematic_area")
    assert issue.line == sixth.line and "6" in issue.message


def test_a_funds_areas_take_their_title_from_the_reference_area() -> None:
    fund = fund_actions.create_fund(actor=None, code="TA", name="Thematic test fund")
    second = fund.thematic_areas.get(number=2)
    assert second.area == area(2)
    assert second.title == area(2).title
    with translation.override("fr"):
        assert second.title_display == french(2)
        assert second.heading_display == f"2. {french(2)}"


def test_the_fund_programme_filter_lists_areas_in_the_pages_language(client: Client) -> None:
    fund_actions.create_fund(actor=None, code="TAF", name="Thematic test fund", is_published=True)
    assert french(4)[:40] in page(client, "/fr/fund/TAF/programmes/")


def test_a_resource_page_shows_its_areas_in_the_pages_language(client: Client) -> None:
    resource = make_resource("Alternatives to detention, area test")
    resource.thematic_areas.set([area(2), area(5)])
    text = page(client, "/fr" + resource.get_absolute_url())
    assert f"2. {french(2)}" in text and f"5. {french(5)}" in text
    assert area(2).title not in text


def test_search_facet_labels_follow_the_language() -> None:
    with translation.override("fr"):
        assert facet_labels(["3", "x"]) == {"3": french(3)}


def test_a_question_names_the_reference_area_by_number(secretariat: Any) -> None:
    call = reporting_actions.create_call(
        actor=secretariat,
        data={
            "title": "Thematic call",
            "purpose": "thematic",
            "audiences": ["stakeholders"],
            "opens_on": "2026-01-01",
            "closes_on": "2026-12-31",
        },
    )
    section = reporting_actions.add_section(actor=secretariat, call_id=call.pk, title="Borders")
    question = reporting_actions.add_question(
        actor=secretariat,
        call_id=call.pk,
        section_id=section.pk,
        data={"text": "What changed at borders?", "answer_type": "text", "thematic_area": 3},
    )
    assert question.thematic_area == area(3)
