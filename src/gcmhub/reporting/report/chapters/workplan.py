"""The chapter on the work plan's progress: activities completed, in progress, delayed… for the whole
current version and for each of its sections, and how many are past their planned end."""

from collections import Counter
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from gcmhub.reporting.report.charts import Bar, bar_chart
from gcmhub.reporting.report.context import Context
from gcmhub.reporting.report.document import Block, Chart, Heading, Paragraph, Table
from gcmhub.workplan import queries as workplan

SOURCE = "workplan.plan_summary"
SECTION_SOURCE = "workplan.sections_with_results"


def build(context: Context, title: str) -> list[Block]:
    blocks: list[Block] = [Heading(1, title, "workplan")]
    version = workplan.current_version()
    if version is None:
        blocks.append(Paragraph(_("No work plan has been imported yet.")))
        return blocks
    summary = workplan.plan_summary(version, today=context.as_of)
    book = context.book
    filters = _("%(plan)s, version %(number)d") % {"plan": version.plan.title, "number": version.number}
    total = book.count(
        _("Activities in the work plan"),
        summary.activities,
        source=SOURCE,
        filters=filters,
        url=context.api("workplans/activities"),
    )
    overdue = book.count(
        _("Activities past their planned end and not closed"),
        summary.overdue,
        source=SOURCE,
        filters=_("%(filters)s; overdue on %(date)s") % {"filters": filters, "date": context.as_of_text},
        url=context.api("workplans/activities", {"overdue": "true"}),
    )
    blocks.append(
        Paragraph(
            _(
                "Version %(number)d of the work plan has %(activities)s activities; on %(date)s, %(overdue)s "
                "of them were past their planned end without being completed or cancelled."
            )
            % {"number": version.number, "activities": total, "overdue": overdue, "date": context.as_of_text}
        )
    )
    first = book.next_number
    rows = []
    bars = []
    for status in summary.by_status:
        shown = book.count(
            _("Activities with the status “%(status)s”") % {"status": status.label},
            status.count,
            source=SOURCE,
            filters=_("%(filters)s; status %(status)s") % {"filters": filters, "status": status.status},
            url=context.api("workplans/activities", {"status": status.status}),
        )
        rows.append([status.label, shown])
        bars.append(Bar(status.label, Decimal(status.count), shown))
    caption = _("Activities of the work plan by status")
    blocks.append(
        Table(
            caption,
            [_("Status"), _("Activities")],
            rows,
            _("Figures F%(first)d to F%(last)d in the annex of sources.")
            % {"first": first, "last": book.next_number - 1},
        )
    )
    blocks.append(Chart(caption, bar_chart(bars, rtl=context.rtl)))
    blocks += _by_section(context, version, filters, [s.status for s in summary.by_status])
    return blocks


def _by_section(context: Context, version: Any, filters: str, statuses: list[str]) -> list[Block]:
    book = context.book
    labels = dict(workplan.ActivityStatus.choices)
    first = book.next_number
    rows = []
    for section in workplan.sections_with_results(version):
        counts = Counter(a.status for result in section.results.all() for a in result.activities.all())
        row = [section.title]
        for status in statuses:
            row.append(
                book.count(
                    _("Activities of “%(section)s” with the status “%(status)s”")
                    % {"section": section.title, "status": labels[status]},
                    counts.get(status, 0),
                    source=SECTION_SOURCE,
                    filters=_("%(filters)s; section %(section)s; status %(status)s")
                    % {"filters": filters, "section": section.key, "status": status},
                    url=context.api("workplans/activities", {"section": section.key, "status": status}),
                )
            )
        rows.append(row)
    if not rows:
        return []
    return [
        Heading(2, _("Progress by section of the work plan"), "workplan-sections"),
        Table(
            _("Activities by section and status"),
            [_("Section"), *[str(labels[s]) for s in statuses]],
            rows,
            _("Figures F%(first)d to F%(last)d in the annex of sources.")
            % {"first": first, "last": book.next_number - 1},
        ),
    ]
