"""The chapter on the Trust Fund: for each published fund, its sources and uses (contributions, allocations,
transfers, expenditure, balance) on the "data as of" date, and its allocations and programmes by objective."""

from typing import Any

from django.utils.translation import gettext as _

from gcmhub.fund import queries as fund
from gcmhub.reporting.report.charts import Bar, bar_chart
from gcmhub.reporting.report.context import PUBLIC, Context
from gcmhub.reporting.report.document import Block, Chart, Heading, Paragraph, Table


def build(context: Context, title: str) -> list[Block]:
    blocks: list[Block] = [Heading(1, title, "fund")]
    funds = list(fund.visible_funds(PUBLIC))
    if not funds:
        blocks.append(Paragraph(_("No fund has been published on the platform yet.")))
        return blocks
    for each in funds:
        blocks += _fund(context, each)
    return blocks


def _fund(context: Context, each: Any) -> list[Block]:
    book = context.book
    statement = fund.statement(each, context.as_of)
    as_of = {"as_of": context.as_of.isoformat()}
    statement_url = context.page("fund:statement", each.code, query=as_of)
    filters = _("fund %(code)s; entries dated up to %(date)s") % {
        "code": each.code,
        "date": context.as_of_text,
    }
    lines = [
        (_("Contributions received"), statement.line("contributions")),
        (_("Allocations to programmes"), statement.allocations),
        (_("Transfers to participating organizations"), statement.line("transfers")),
        (_("Expenditure reported by participating organizations"), statement.totals.expenditure),
        (_("Balance with the administrative agent"), statement.balance),
    ]
    first = book.next_number
    rows = [
        [
            label,
            book.money(
                f"{each.name}: {label}", amount, source="fund.statement", filters=filters, url=statement_url
            ),
        ]
        for label, amount in lines
    ]
    blocks: list[Block] = [
        Heading(2, each.name, f"fund-{each.code.lower()}"),
        Table(
            _("Sources and uses of funds on %(date)s (US dollars)") % {"date": context.as_of_text},
            [_("Item"), _("Amount (USD)")],
            rows,
            _("Figures F%(first)d to F%(last)d in the annex of sources.")
            % {"first": first, "last": book.next_number - 1},
        ),
    ]
    blocks += _by_objective(context, each, filters)
    return blocks


def _by_objective(context: Context, each: Any, filters: str) -> list[Block]:
    book = context.book
    rows_data = [row for row in fund.allocations_by_objective(each, context.as_of) if _used(row)]
    if not rows_data:
        return [Paragraph(_("No public programme of this fund names a GCM objective yet."))]
    url = context.page("fund:dashboard", each.code, query={"as_of": context.as_of.isoformat()})
    first = book.next_number
    rows = []
    bars = []
    for row in rows_data:
        label = _("Objective %(number)d: %(label)s") % {
            "number": row.objective.number,
            "label": row.objective.label_display,
        }
        where = _("%(filters)s; objective %(number)d") % {"filters": filters, "number": row.objective.number}
        amount = book.money(
            _("%(fund)s: allocations to %(objective)s") % {"fund": each.name, "objective": label},
            row.amount,
            source="fund.allocations_by_objective",
            filters=where,
            url=url,
        )
        primary = book.count(
            _("%(fund)s: programmes with %(objective)s as a primary objective")
            % {"fund": each.name, "objective": label},
            row.primary_programmes,
            source="fund.allocations_by_objective",
            filters=where,
            url=url,
        )
        secondary = book.count(
            _("%(fund)s: programmes with %(objective)s as a secondary objective")
            % {"fund": each.name, "objective": label},
            row.secondary_programmes,
            source="fund.allocations_by_objective",
            filters=where,
            url=url,
        )
        rows.append([label, amount, primary, secondary])
        bars.append(Bar(label, row.amount, amount))
    caption = _("Allocations by GCM objective (US dollars)")
    return [
        Table(
            _("Allocations and programmes by GCM objective"),
            [_("Objective"), _("Allocated (USD)"), _("Primary programmes"), _("Secondary programmes")],
            rows,
            _("Figures F%(first)d to F%(last)d in the annex of sources.")
            % {"first": first, "last": book.next_number - 1},
        ),
        Chart(caption, bar_chart(bars, rtl=context.rtl)),
    ]


def _used(row: Any) -> bool:
    return bool(row.amount or row.primary_programmes or row.secondary_programmes)
