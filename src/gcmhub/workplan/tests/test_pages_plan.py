"""The read-only plan pages (home, overview, result, objective) with the real imported plan."""

import html
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from gcmhub.reference.models import Objective, Organization
from gcmhub.workplan.models import Activity, ActivityStatus, ExpectedResult, Section, WorkPlanVersion

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _back_to_english() -> Iterator[None]:
    # A request in another language leaves it active in this thread; later tests expect English URLs.
    yield
    translation.activate("en")


def current() -> WorkPlanVersion:
    return WorkPlanVersion.objects.get(is_current=True)


def cc_result(number: int) -> ExpectedResult:
    return ExpectedResult.objects.get(
        section__version__is_current=True, section__kind=Section.Kind.CROSS_CUTTING, number=number
    )


def page(client: Client, name: str, *args: Any, query: str = "") -> str:
    response = client.get(reverse(f"workplan:{name}", args=args) + query)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def test_home_explains_the_hub_and_shows_the_key_numbers(client: Any) -> None:
    body = page(client, "home")
    assert "UN Network on Migration" in body
    summary = client.get(reverse("workplan:home")).context["summary"]
    assert (summary.sections, summary.results) == (6, 19)
    assert summary.activities == Activity.objects.filter(result__section__version=current()).count()
    assert sum(item.count for item in summary.by_status) == summary.activities
    assert summary.objectives_covered == 23
    assert summary.objectives_in_thematic_areas == 23
    for url in ("overview", "timeline", "coverage"):
        assert f'href="{reverse(f"workplan:{url}")}"' in body


def test_home_counts_activities_by_status_and_overdue(client: Any) -> None:
    activities = list(Activity.objects.filter(result__section__version=current()).order_by("pk")[:3])
    Activity.objects.filter(pk=activities[0].pk).update(status=ActivityStatus.COMPLETED)
    Activity.objects.filter(pk=activities[1].pk).update(status=ActivityStatus.DELAYED)
    summary = client.get(reverse("workplan:home")).context["summary"]
    counts = {item.status: item.count for item in summary.by_status}
    assert counts["completed"] == 1
    assert counts["delayed"] == 1
    expected_overdue = sum(
        a.is_overdue() for a in Activity.objects.filter(result__section__version=current())
    )
    assert summary.overdue == expected_overdue
    assert summary.overdue > 0  # the shipped plan's timeframes count from 2019, so most are late
    body = page(client, "home")
    assert '<span class="badge status-completed">Completed</span>' in body


def test_overview_shows_every_result_title_with_links(client: Any) -> None:
    body = page(client, "overview")
    results = ExpectedResult.objects.filter(section__version=current())
    assert results.count() == 19
    for result in results:
        assert html.escape(result.title) in body
        assert f'href="{reverse("workplan:result", args=[result.pk])}"' in body


def test_overview_shows_activities_with_status_badge_overdue_and_lead(client: Any) -> None:
    activity = cc_result(6).activities.order_by("position").first()
    assert activity is not None
    Activity.objects.filter(pk=activity.pk).update(
        status=ActivityStatus.IN_PROGRESS, lead=Organization.objects.get(acronym="IOM")
    )
    body = page(client, "overview")
    item = body.split(f'href="{reverse("workplan:activity", args=[activity.pk])}"')[1].split("</li>")[0]
    assert '<span class="badge status-in_progress">In progress</span>' in item
    assert "Lead: IOM" in item
    assert "Overdue" in item  # planned to end 7 months after 2019-01-01


def test_overview_links_objectives(client: Any) -> None:
    body = page(client, "overview")
    assert f'href="{reverse("workplan:objective", args=[17])}"' in body


def test_overview_of_an_unknown_version_is_404(client: Any) -> None:
    response = client.get(reverse("workplan:overview") + "?version=99")
    assert response.status_code == 404
    assert "There is no version 99" in response.content.decode()


def test_overview_with_a_malformed_version_is_400(client: Any) -> None:
    response = client.get(reverse("workplan:overview") + "?version=abc")
    assert response.status_code == 400
    assert "whole number" in response.content.decode()


def test_overview_of_a_replaced_version_says_so(client: Any) -> None:
    version = current()
    WorkPlanVersion.objects.filter(pk=version.pk).update(is_current=False)
    body = page(client, "overview", query=f"?version={version.number}")
    assert "It has been replaced and is read-only." in body
    assert f'href="{reverse("workplan:versions")}"' in body


def test_overview_query_count_does_not_grow_with_activities(
    client: Any, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(12):
        client.get(reverse("workplan:overview"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("workplan:overview"))
    result = cc_result(6)
    iom = Organization.objects.get(acronym="IOM")
    for position in range(100, 130):
        extra = Activity.objects.create(
            result=result, text=f"Extra activity {position}", position=position, lead=iom
        )
        extra.participants.add(iom)
    with CaptureQueriesContext(connection) as after:
        response = client.get(reverse("workplan:overview"))
    assert "Extra activity 129" in response.content.decode()
    assert len(after.captured_queries) == len(before.captured_queries)


def test_result_page_shows_membership_and_timeframe(client: Any) -> None:
    result = cc_result(6)
    body = page(client, "result", result.pk)
    assert html.escape(result.title) in body
    assert "IOM, DESA" in body  # the membership as written
    assert ">DESA</abbr>" in body and ">IOM</abbr>" in body
    assert "7 months" in body
    assert html.escape(result.output or "") in body
    for activity in result.activities.all():
        assert f'href="{reverse("workplan:activity", args=[activity.pk])}"' in body
    assert f'href="{reverse("workplan:result_history", args=[result.pk])}"' in body


def test_result_page_shows_parsed_timeframes_and_flags(client: Any) -> None:
    biennial = cc_result(8)
    body = page(client, "result", biennial.pk)
    assert "Biennial" in body
    assert "every 24 months" in body
    assert "Membership to be determined" not in body
    assert "Defined by terms of reference" in body  # "(ToRs)"

    ranged = cc_result(5)  # "6 months to 1 year", with an en dash
    body = page(client, "result", ranged.pk)
    assert "6\u201312 months" in body
    assert "Membership to be determined" in body  # "Network members tbd"
    assert "Network members" in body

    open_ended = ExpectedResult.objects.get(
        section__version__is_current=True,
        section__kind=Section.Kind.THEMATIC_AREA,
        section__number=1,
        number=1,
    )
    assert "open-ended" in page(client, "result", open_ended.pk)


def test_result_page_of_unknown_id_is_404(client: Any) -> None:
    response = client.get(reverse("workplan:result", args=[999999]))
    assert response.status_code == 404
    assert "There is no such expected result." in response.content.decode()


def test_objective_page_lists_the_sections_results_and_activities(client: Any) -> None:
    body = page(client, "objective", 13)
    objective = Objective.objects.get(number=13)
    assert html.escape(objective.title) in body
    ta2 = Section.objects.get(version=current(), kind=Section.Kind.THEMATIC_AREA, number=2)
    assert html.escape(ta2.title) in body
    for result in ta2.results.all():
        assert html.escape(result.title) in body
        for activity in result.activities.all():
            assert f'href="{reverse("workplan:activity", args=[activity.pk])}"' in body
    ta1 = Section.objects.get(version=current(), kind=Section.Kind.THEMATIC_AREA, number=1)
    assert html.escape(ta1.title) not in body
    assert "This section serves all 23 objectives." in body


def test_objective_23_is_listed_by_every_thematic_area(client: Any) -> None:
    response = client.get(reverse("workplan:objective", args=[23]))
    assert [s.number for s in response.context["thematic_sections"]] == [1, 2, 3, 4, 5]


def test_unknown_objective_is_404(client: Any) -> None:
    response = client.get(reverse("workplan:objective", args=[24]))
    assert response.status_code == 404
    assert "There is no GCM objective 24." in response.content.decode()


@pytest.mark.parametrize("name", ["home", "overview", "timeline", "coverage", "versions"])
def test_pages_render_right_to_left_in_arabic(client: Any, name: str) -> None:
    with translation.override("ar"):
        url = reverse(f"workplan:{name}")
    assert url.startswith("/ar/")
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in body


def test_pages_carry_the_language_prefix_in_links(client: Any) -> None:
    body = client.get("/fr/plan/").content.decode()
    assert '<html lang="fr" dir="ltr">' in body
    assert 'href="/fr/plan/results/' in body


def test_navigation_marks_the_current_page(client: Any) -> None:
    body = page(client, "coverage")
    assert f'href="{reverse("workplan:coverage")}" aria-current="page"' in body
