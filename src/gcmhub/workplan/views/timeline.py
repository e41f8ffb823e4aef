"""The timeline page: activities as bars on a month grid, laid out in Python so the page needs no JS."""

import datetime
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gcmhub.workplan import queries
from gcmhub.workplan.models import Activity, ActivityStatus, ExpectedResult, Section, WorkPlanVersion
from gcmhub.workplan.views.common import requested_version


def month_index(origin: datetime.date, day: datetime.date) -> int:
    return (day.year - origin.year) * 12 + day.month - origin.month


@dataclass
class Bar:
    activity: Activity
    overdue: bool
    # CSS grid columns: `start` inclusive, `end` exclusive; None when the activity has no dates.
    start: int | None = None
    end: int | None = None
    open_end: bool = False


@dataclass
class ResultRows:
    result: ExpectedResult
    bars: list[Bar] = field(default_factory=list)


@dataclass
class SectionRows:
    section: Section
    results: list[ResultRows] = field(default_factory=list)


@dataclass
class YearLabel:
    year: int
    start: int
    span: int


@dataclass
class Gantt:
    months: int
    first_month: datetime.date
    last_month: datetime.date
    today: datetime.date
    today_column: int
    years: list[YearLabel]
    sections: list[SectionRows]
    undated: int


def build_gantt(version: WorkPlanVersion, today: datetime.date | None = None) -> Gantt:
    """Bars from planned start to planned end on a grid of months that spans the plan and today."""
    today = today or timezone.localdate()
    sections = list(queries.sections_with_results(version))
    activities = [a for s in sections for r in s.results.all() for a in r.activities.all()]
    days = [today, version.start_date]
    days += [d for a in activities for d in (a.planned_start, a.planned_end) if d is not None]
    first = min(days).replace(day=1)
    # An end on the 1st of a month means the work stops when that month begins.
    last = max(d - datetime.timedelta(days=1) if d.day == 1 and d > first else d for d in days).replace(day=1)
    last = max(last, today.replace(day=1))
    months = month_index(first, last) + 1

    rows = []
    undated = 0
    for section in sections:
        section_rows = SectionRows(section)
        for result in section.results.all():
            result_rows = ResultRows(result)
            for activity in result.activities.all():
                bar = Bar(activity, overdue=activity.is_overdue(today))
                begin = activity.planned_start or activity.planned_end
                if begin is None:
                    undated += 1
                else:
                    bar.start = month_index(first, begin) + 1
                    if activity.planned_end is None:
                        bar.end, bar.open_end = bar.start + 1, True
                    else:
                        end = activity.planned_end
                        closing = end - datetime.timedelta(days=1) if end.day == 1 and end > begin else end
                        bar.end = max(month_index(first, closing) + 2, bar.start + 1)
                result_rows.bars.append(bar)
            section_rows.results.append(result_rows)
        rows.append(section_rows)

    years = []
    for year in range(first.year, last.year + 1):
        left = max(month_index(first, datetime.date(year, 1, 1)), 0) + 1
        right = min(month_index(first, datetime.date(year, 12, 1)), months - 1) + 1
        years.append(YearLabel(year, left, right - left + 1))
    return Gantt(
        months=months,
        first_month=first,
        last_month=last,
        today=today,
        today_column=month_index(first, today) + 1,
        years=years,
        sections=rows,
        undated=undated,
    )


def timeline(request: HttpRequest) -> HttpResponse:
    version = requested_version(request)
    gantt = build_gantt(version) if version else None
    context = {"version": version, "gantt": gantt, "statuses": ActivityStatus.choices}
    return render(request, "workplan/timeline.html", context)
