"""The chapter on the 360° coverage of the 23 objectives (reporting/coverage.py): what serves each objective
across the platform, and where that support is thin."""

from django.utils.translation import gettext as _

from gcmhub.reporting import coverage
from gcmhub.reporting.report.context import Context
from gcmhub.reporting.report.document import Block, Heading, Paragraph, Table

SOURCE = "reporting.coverage.coverage_overview"


def build(context: Context, title: str) -> list[Block]:
    book = context.book
    rows_data = coverage.coverage_overview()
    columns = [
        ("activities", _("Work plan activities"), book.count),
        ("programmes", _("Fund programmes"), book.count),
        ("budget_usd", _("Allocated (USD)"), book.money),
        ("practices", _("Practices"), book.count),
        ("national_plans", _("National plans"), book.count),
        ("responses", _("Public call responses"), book.count),
    ]
    first = book.next_number
    rows = []
    thin = []
    for row in rows_data:
        number = row.objective.number
        label = _("Objective %(number)d: %(label)s") % {
            "number": number,
            "label": row.objective.label_display,
        }
        url = context.page("reporting:coverage_objective", number)
        cells = [label]
        for attribute, heading, record in columns:
            cells.append(
                # the columns' recorders are methods of `book`; mypy joins them to an untyped function.
                record(  # type: ignore[operator]
                    _("Coverage of %(objective)s: %(what)s") % {"objective": label, "what": heading},
                    getattr(row, attribute),
                    source=SOURCE,
                    filters=_("objective %(number)d; published content only") % {"number": number},
                    url=url,
                )
            )
        cells.append(_("Thin") if row.thin else "")
        rows.append(cells)
        if row.thin:
            thin.append(f"{label}: {' '.join(row.reason_labels)}")
    blocks: list[Block] = [
        Heading(1, title, "coverage"),
        Paragraph(
            _(
                "For each objective, what serves it across the platform: activities of the work plan's "
                "thematic areas, public fund programmes and their allocations, published practices and "
                "national plans, and call responses made public."
            )
        ),
        Table(
            _("What serves each GCM objective"),
            [_("Objective"), *[heading for _a, heading, _r in columns], _("Support")],
            rows,
            _("Figures F%(first)d to F%(last)d in the annex of sources.")
            % {"first": first, "last": book.next_number - 1},
        ),
    ]
    if thin:
        blocks.append(Heading(2, _("Where support is thin"), "coverage-thin"))
        blocks += [Paragraph(line) for line in thin]
    return blocks
