"""The chapter on the knowledge base: published practices and national implementation plans by GCM objective
and by M49 region (a global resource, or one naming no place, counts in every region, as on the overlaps
page)."""

from django.utils.translation import gettext as _

from gcmhub.knowledge import queries as knowledge
from gcmhub.knowledge.queries.overview import published_counts_by_objective_and_region, top_regions
from gcmhub.reference.models import Objective
from gcmhub.reporting.report.context import Context
from gcmhub.reporting.report.document import Block, Heading, Paragraph, Table

PRACTICE = "practice"
NATIONAL_PLAN = "national_plan"
# The knowledge platform's list page of each kind, where the same filters can be applied.
LIST_SLUGS = {PRACTICE: "practices", NATIONAL_PLAN: "national-plans"}


def build(context: Context, title: str) -> list[Block]:
    blocks: list[Block] = [Heading(1, title, "knowledge")]
    blocks += _kind(
        context,
        PRACTICE,
        _("Published practices"),
        _("Published practices by GCM objective and region"),
        _("No objective has a published practice yet."),
    )
    blocks += _kind(
        context,
        NATIONAL_PLAN,
        _("National implementation plans"),
        _("Published national implementation plans by GCM objective and region"),
        _("No objective has a published national implementation plan yet."),
    )
    return blocks


def _kind(context: Context, kind: str, heading: str, caption: str, empty: str) -> list[Block]:
    book = context.book
    totals = knowledge.published_counts_by_objective(kind)
    cells = published_counts_by_objective_and_region(kind)
    regions = top_regions()
    blocks: list[Block] = [Heading(2, heading, f"knowledge-{kind}")]
    objectives = [o for o in Objective.objects.order_by("number") if totals.get(o.number)]
    if not objectives:
        return [*blocks, Paragraph(empty)]
    first = book.next_number
    rows = []
    for objective in objectives:
        label = _("Objective %(number)d: %(label)s") % {
            "number": objective.number,
            "label": objective.label_display,
        }
        row = [label]
        filters = {"objective": objective.number}
        row.append(
            book.count(
                _("%(kind)s: %(objective)s, all regions") % {"kind": heading, "objective": label},
                totals.get(objective.number, 0),
                source="knowledge.published_counts_by_objective",
                filters=_("kind %(kind)s; objective %(number)d") % {"kind": kind, "number": objective.number},
                url=context.page("knowledge:list", LIST_SLUGS[kind], query=filters),
            )
        )
        for region in regions:
            row.append(
                book.count(
                    _("%(kind)s: %(objective)s, %(region)s")
                    % {"kind": heading, "objective": label, "region": region.name_display},
                    cells.get((objective.number, region.m49), 0),
                    source="knowledge.published_counts_by_objective_and_region",
                    filters=_("kind %(kind)s; objective %(number)d; region %(region)s")
                    % {"kind": kind, "number": objective.number, "region": region.m49},
                    url=context.page(
                        "knowledge:list", LIST_SLUGS[kind], query={**filters, "region": region.m49}
                    ),
                )
            )
        rows.append(row)
    missing = [str(o.number) for o in Objective.objects.order_by("number") if not totals.get(o.number)]
    blocks.append(
        Table(
            caption,
            [_("Objective"), _("All regions"), *[region.name_display for region in regions]],
            rows,
            _("Figures F%(first)d to F%(last)d in the annex of sources.")
            % {"first": first, "last": book.next_number - 1},
        )
    )
    if missing:
        blocks.append(
            Paragraph(_("Objectives with none yet: %(numbers)s.") % {"numbers": ", ".join(missing)})
        )
    return blocks
