"""The timeline: a month grid of activity bars, grouped by section and result, with a today marker."""

import datetime
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gcmhub.reference.models import Organization
from gcmhub.workplan.models import Activity, ActivityStatus, ExpectedResult, Section, WorkPlanVersion
from gcmhub.workplan.views.timeline import build_gantt, month_index

pytestmark = pytest.mark.django_db


def current() -> WorkPlanVersion:
    return WorkPlanVersion.objects.get(is_current=True)


def cc_result(number: int) -> ExpectedResult:
    return ExpectedResult.objects.get(
        section__version__is_current=True, section__kind=Section.Kind.CROSS_CUTTING, number=number
    )


def bar_for(gantt: Any, activity: Activity) -> Any:
    return next(b for s in gantt.sections for r in s.results for b in r.bars if b.activity.pk == activity.pk)


def test_month_index_counts_calendar_months() -> None:
    origin = datetime.date(2019, 1, 1)
    assert month_index(origin, datetime.date(2019, 1, 31)) == 0
    assert month_index(origin, datetime.date(2020, 2, 1)) == 13
    assert month_index(origin, datetime.date(2018, 12, 1)) == -1


def test_bars_run_from_planned_start_to_planned_end() -> None:
    version = current()
    activity = cc_result(6).activities.order_by("position").first()
    assert activity is not None
    Activity.objects.filter(pk=activity.pk).update(
        planned_start=datetime.date(2019, 1, 1), planned_end=datetime.date(2019, 8, 1)
    )
    gantt = build_gantt(version, today=datetime.date(2026, 11, 28))
    assert gantt.first_month == datetime.date(2019, 1, 1)
    assert gantt.last_month == datetime.date(2026, 11, 1)
    assert gantt.months == 95
    assert gantt.today_column == 95
    bar = bar_for(gantt, activity)
    # January to July 2019: the plan's "7 months", ending as August begins.
    assert (bar.start, bar.end) == (1, 8)
    assert bar.overdue
    assert [(y.year, y.start, y.span) for y in gantt.years][:2] == [(2019, 1, 12), (2020, 13, 12)]
    assert gantt.years[-1].year == 2026 and gantt.years[-1].span == 11


def test_the_grid_reaches_back_to_today_when_the_plan_is_in_the_future() -> None:
    version = current()
    gantt = build_gantt(version, today=datetime.date(2018, 6, 15))
    assert gantt.first_month == datetime.date(2018, 6, 1)
    assert gantt.today_column == 1


def test_activities_without_an_end_get_an_open_bar() -> None:
    activity = cc_result(1).activities.order_by("position").first()
    assert activity is not None
    Activity.objects.filter(pk=activity.pk).update(planned_start=datetime.date(2019, 3, 10), planned_end=None)
    bar = bar_for(build_gantt(current(), today=datetime.date(2026, 1, 1)), activity)
    assert (bar.start, bar.end, bar.open_end) == (3, 4, True)


def test_page_shows_bars_by_section_and_result(client: Client) -> None:
    response = client.get(reverse("workplan:timeline"))
    assert response.status_code == 200
    body = response.content.decode()
    for section in Section.objects.filter(version=current()):
        assert f'id="gantt-{section.key}"' in body
    for result in ExpectedResult.objects.filter(section__version=current()):
        assert f'href="{reverse("workplan:result", args=[result.pk])}"' in body
    dated = Activity.objects.filter(result__section__version=current()).exclude(planned_start=None)
    assert body.count('class="gantt-bar ') == dated.count()
    assert 'class="gantt-today"' in body
    assert "The vertical line marks today" in body


def test_bars_carry_their_status_in_words(client: Client) -> None:
    activity = cc_result(6).activities.order_by("position").first()
    assert activity is not None
    Activity.objects.filter(pk=activity.pk).update(status=ActivityStatus.COMPLETED)
    body = client.get(reverse("workplan:timeline")).content.decode()
    row = body.split(f'href="{reverse("workplan:activity", args=[activity.pk])}"')[1].split("</li>")[0]
    assert '<span class="badge status-completed">Completed</span>' in row
    assert "gantt-bar status-completed" in row
    assert "Overdue" not in row  # completed work is never overdue


def test_overdue_activities_are_flagged(client: Client) -> None:
    activity = cc_result(6).activities.order_by("position").first()
    assert activity is not None
    assert activity.is_overdue()
    body = client.get(reverse("workplan:timeline")).content.decode()
    row = body.split(f'href="{reverse("workplan:activity", args=[activity.pk])}"')[1].split("</li>")[0]
    assert '<span class="badge overdue">Overdue</span>' in row
    assert "is-overdue" in row


def test_activities_without_dates_are_listed_as_such(client: Client) -> None:
    activity = cc_result(2).activities.order_by("position").first()
    assert activity is not None
    Activity.objects.filter(pk=activity.pk).update(planned_start=None, planned_end=None)
    body = client.get(reverse("workplan:timeline")).content.decode()
    row = body.split(f'href="{reverse("workplan:activity", args=[activity.pk])}"')[1].split("</li>")[0]
    assert "No planned dates" in row
    assert "gantt-bar" not in row
    assert "1 activity has no planned dates." in body


def test_bar_columns_are_in_the_html(client: Client) -> None:
    body = client.get(reverse("workplan:timeline")).content.decode()
    columns = re.findall(r'class="gantt-bar [^"]*" style="grid-column: (\d+) / (\d+)"', body)
    assert columns
    assert all(int(start) < int(end) for start, end in columns)
    assert re.search(r'style="--months: \d+; --today: \d+"', body)


def test_timeline_query_count_does_not_grow_with_activities(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(12):
        client.get(reverse("workplan:timeline"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("workplan:timeline"))
    iom = Organization.objects.get(acronym="IOM")
    for position in range(100, 130):
        Activity.objects.create(
            result=cc_result(3),
            text=f"Extra {position}",
            position=position,
            lead=iom,
            planned_start=datetime.date(2020, 1, 1),
            planned_end=datetime.date(2021, 1, 1),
        )
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("workplan:timeline"))
    assert len(after.captured_queries) == len(before.captured_queries)
