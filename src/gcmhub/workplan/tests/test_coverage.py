"""The coverage matrix: the 23 GCM objectives against the plan's sections, with gaps flagged in words."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gcmhub.reference.models import Objective
from gcmhub.workplan.models import Activity, Section, WorkPlanVersion

pytestmark = pytest.mark.django_db

THEMATIC_OBJECTIVES = {
    1: [1, 3, 17, 23],
    2: [2, 7, 8, 12, 13, 23],
    3: [9, 10, 11, 14, 21, 23],
    4: [5, 6, 18, 19, 20, 23],
    5: [4, 15, 16, 22, 23],
}


def thematic_area(number: int) -> Section:
    return Section.objects.get(version__is_current=True, kind=Section.Kind.THEMATIC_AREA, number=number)


def cross_cutting() -> Section:
    return Section.objects.get(version__is_current=True, kind=Section.Kind.CROSS_CUTTING)


def row_html(body: str, number: int) -> str:
    match = re.search(rf'<tr id="objective-{number}".*?</tr>', body, re.S)
    assert match, f"no row for objective {number}"
    return match.group(0)


def cell(row: str, key: str) -> str:
    match = re.search(rf'data-section="{key}">(.*?)</td>', row, re.S)
    assert match, f"no cell {key}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def test_the_matrix_has_a_row_per_objective_and_a_column_per_section(client: Client) -> None:
    response = client.get(reverse("workplan:coverage"))
    assert response.status_code == 200
    table = response.context["table"]
    assert [row.objective.number for row, _ in table] == list(range(1, 24))
    assert [cell.section.key for cell in table[0][1]] == ["cc", "ta1", "ta2", "ta3", "ta4", "ta5"]


def test_cells_follow_the_objectives_each_section_lists(client: Client) -> None:
    table = client.get(reverse("workplan:coverage")).context["table"]
    for row, cells in table:
        number = row.objective.number
        listed = {c.section.key for c in cells if c.listed}
        expected = {"cc"} | {
            f"ta{ta}" for ta, objectives in THEMATIC_OBJECTIVES.items() if number in objectives
        }
        assert listed == expected, number


def test_cells_count_results_and_activities(client: Client) -> None:
    body = client.get(reverse("workplan:coverage")).content.decode()
    ta2 = thematic_area(2)
    activities = Activity.objects.filter(result__section=ta2).count()
    row = row_html(body, 13)
    assert cell(row, "ta2") == f"4 results, {activities} activities"
    assert cell(row, "ta1") == "\u2013 not listed"
    assert cell(row, "cc") == "listed"
    assert '<span class="badge coverage-ok">Covered</span>' in row

    row23 = row_html(body, 23)
    total = Activity.objects.filter(
        result__section__version__is_current=True, result__section__kind="thematic_area"
    )
    assert f"<td>{total.count()}</td>" in row23
    assert "<td>10</td>" in row23  # every thematic result: 2 + 4 + 2 + 1 + 1


def test_every_objective_is_covered_in_the_shipped_plan(client: Client) -> None:
    response = client.get(reverse("workplan:coverage"))
    assert (
        response.context["covered"],
        response.context["gaps"],
        response.context["only_cross_cutting"],
    ) == (
        23,
        0,
        0,
    )
    assert "coverage-gap" not in response.content.decode().split("<tbody>")[1]


def test_an_objective_served_only_through_the_cross_cutting_line_is_flagged(client: Client) -> None:
    thematic_area(1).objectives.remove(Objective.objects.get(number=1))
    response = client.get(reverse("workplan:coverage"))
    row = row_html(response.content.decode(), 1)
    assert "Only through the cross-cutting line" in row
    assert response.context["only_cross_cutting"] == 1
    objective_page = client.get(reverse("workplan:objective", args=[1])).content.decode()
    assert "it is served only through the cross-cutting section" in objective_page


def test_an_objective_no_section_lists_is_a_gap(client: Client) -> None:
    objective = Objective.objects.get(number=3)
    thematic_area(1).objectives.remove(objective)
    cross_cutting().objectives.remove(objective)
    response = client.get(reverse("workplan:coverage"))
    row = row_html(response.content.decode(), 3)
    assert "Gap: no section lists it" in row
    assert cell(row, "cc") == "\u2013 not listed"
    assert response.context["gaps"] == 1
    objective_page = client.get(reverse("workplan:objective", args=[3])).content.decode()
    assert "No section of the current work plan lists this objective." in objective_page


def test_an_objective_listed_without_activities_is_flagged(client: Client) -> None:
    Activity.objects.filter(result__section=thematic_area(1)).delete()
    body = client.get(reverse("workplan:coverage")).content.decode()
    for number in (1, 3, 17):
        assert "Listed, but no activities yet" in row_html(body, number)
    assert "Listed, but no activities yet" not in row_html(body, 23)


def test_objectives_link_to_their_pages(client: Client) -> None:
    body = client.get(reverse("workplan:coverage")).content.decode()
    for number in (1, 12, 23):
        assert f'href="{reverse("workplan:objective", args=[number])}"' in body


def test_coverage_of_an_earlier_version(client: Client) -> None:
    version = WorkPlanVersion.objects.get(is_current=True)
    response = client.get(reverse("workplan:coverage") + f"?version={version.number}")
    assert response.status_code == 200
    assert client.get(reverse("workplan:coverage") + "?version=42").status_code == 404


def test_coverage_query_count_is_bounded(client: Client, django_assert_max_num_queries: Any) -> None:
    with django_assert_max_num_queries(15):
        client.get(reverse("workplan:coverage"))
