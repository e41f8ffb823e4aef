"""The chapter on the call for inputs: how many organizations answered on each objective and thematic area,
by audience and by region, then excerpts of their answers, each quoted in its own language with the
organization and the call. Only responses the secretariat made public are used."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from gcmhub.reference.models import Objective
from gcmhub.reporting.models import Answer, AnswerType, Audience, Call, Response
from gcmhub.reporting.queries import public_responses
from gcmhub.reporting.report.charts import Bar, bar_chart
from gcmhub.reporting.report.context import Context, date_text
from gcmhub.reporting.report.document import Block, Chart, Heading, Paragraph, Quote, Table, number

SOURCE = "reporting.public_responses"
# Quotes per objective or area, so one chapter does not swallow the report; the annex says where the rest are.
QUOTES_PER_GROUP = 5
EXCERPT_CHARACTERS = 600


@dataclass
class Group:
    """An objective, a thematic area or the general questions: who answered on it, and what they said."""

    key: str
    label: str
    organizations: dict[int, Response] = field(default_factory=dict)
    answers: list[Answer] = field(default_factory=list)


def region_label(response: Response) -> str:
    country = response.organization.country
    region = country.region if country is not None else None
    return region.name_display if region is not None else _("No region")


def excerpt(text: str) -> str:
    """The answer cut at a word boundary near EXCERPT_CHARACTERS, marked with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= EXCERPT_CHARACTERS:
        return text
    cut = text[:EXCERPT_CHARACTERS].rsplit(" ", 1)[0]
    return f"{cut} …"


def _answers(call: Call) -> list[Answer]:
    answers = (
        Answer.objects.filter(response__in=public_responses().filter(call=call))
        .select_related(
            "question__objective",
            "question__thematic_area",
            "response__organization__country__region",
            "response__call",
        )
        .order_by(
            "response__organization__acronym", "question__section__position", "question__position", "pk"
        )
    )
    return [answer for answer in answers if not answer.is_empty]


def _groups(answers: list[Answer]) -> tuple[list[Group], list[Group], Group]:
    objectives: dict[int, Group] = {}
    areas: dict[int, Group] = {}
    general = Group("general", _("Questions on no particular objective"))
    for answer in answers:
        question = answer.question
        targets: list[Group] = []
        if question.objective is not None:
            objective = question.objective
            targets.append(
                objectives.setdefault(
                    objective.number,
                    Group(f"objective-{objective.number}", objective_label(objective)),
                )
            )
        if question.thematic_area is not None:
            area = question.thematic_area
            targets.append(
                areas.setdefault(
                    area.number,
                    Group(
                        f"area-{area.number}",
                        _("Thematic area %(number)d: %(title)s")
                        % {"number": area.number, "title": area.title_display},
                    ),
                )
            )
        if not targets:
            targets.append(general)
        for group in targets:
            group.organizations.setdefault(answer.response.organization_id, answer.response)
            group.answers.append(answer)
    return [objectives[n] for n in sorted(objectives)], [areas[n] for n in sorted(areas)], general


def objective_label(objective: Objective) -> str:
    return _("Objective %(number)d: %(label)s") % {
        "number": objective.number,
        "label": objective.label_display,
    }


def build(context: Context, title: str) -> list[Block]:
    blocks: list[Block] = [Heading(1, title, "responses")]
    call = context.call
    if call is None:
        blocks.append(Paragraph(_("No call for inputs was used for this report, so it quotes no responses.")))
        return blocks
    answers = _answers(call)
    responses = {answer.response_id: answer.response for answer in answers}
    filters = _("call %(id)d, submitted and made public") % {"id": call.pk}
    book = context.book
    total = book.count(
        _("Organizations whose public responses are used"),
        len(responses),
        source=SOURCE,
        filters=filters,
        url=context.page("reporting:call", call.pk),
    )
    blocks.append(
        Paragraph(
            _(
                "This chapter draws on the call for inputs “%(call)s”, open from %(opens)s to %(closes)s. "
                "%(count)s organizations submitted responses that were made public; only those are counted "
                "and quoted here."
            )
            % {
                "call": call.title,
                "opens": date_text(call.opens_on),
                "closes": date_text(call.closes_on),
                "count": total,
            }
        )
    )
    objectives, areas, general = _groups(answers)
    blocks += _count_tables(context, call, objectives, areas)
    for group in [*objectives, *areas, general]:
        blocks += _quotes(group, call)
    return blocks


def _count_tables(context: Context, call: Call, objectives: list[Group], areas: list[Group]) -> list[Block]:
    if not objectives and not areas:
        return [Paragraph(_("No public response answered a question on an objective or a thematic area."))]
    audiences = [a for a in call.audiences if a in Audience.values]
    regions = sorted({region_label(r) for g in objectives + areas for r in g.organizations.values()})
    blocks: list[Block] = [Heading(2, _("Who answered, by objective and thematic area"), "responses-counts")]
    groups = objectives + areas
    first = context.book.next_number
    rows = []
    for group in groups:
        row = [group.label]
        row.append(_count(context, call, group, _("all audiences"), list(group.organizations.values())))
        for audience in audiences:
            label = str(Audience(audience).label)
            chosen = [r for r in group.organizations.values() if r.audience == audience]
            row.append(_count(context, call, group, label, chosen))
        rows.append(row)
    blocks.append(
        Table(
            _("Responding organizations per objective and thematic area, by audience"),
            [_("Objective or thematic area"), _("Total"), *[str(Audience(a).label) for a in audiences]],
            rows,
            _figures_note(first, context.book.next_number - 1),
        )
    )
    first = context.book.next_number
    rows = []
    for group in groups:
        row = [group.label]
        for region in regions:
            chosen = [r for r in group.organizations.values() if region_label(r) == region]
            row.append(_count(context, call, group, region, chosen))
        rows.append(row)
    blocks.append(
        Table(
            _("Responding organizations per objective and thematic area, by region"),
            [_("Objective or thematic area"), *regions],
            rows,
            _figures_note(first, context.book.next_number - 1),
        )
    )
    if objectives:
        bars = [Bar(g.label, Decimal(len(g.organizations)), number(len(g.organizations))) for g in objectives]
        caption = _("Responding organizations per GCM objective")
        blocks.append(Chart(caption, bar_chart(bars, rtl=context.rtl)))
    return blocks


def _count(context: Context, call: Call, group: Group, column: str, chosen: list[Response]) -> str:
    return context.book.count(
        _("Responding organizations: %(group)s, %(column)s") % {"group": group.label, "column": column},
        len(chosen),
        source=SOURCE,
        filters=_("call %(id)d; %(group)s; %(column)s")
        % {"id": call.pk, "group": group.label, "column": column},
        url=context.page("reporting:call", call.pk),
    )


def _figures_note(first: int, last: int) -> str:
    if last < first:
        return ""
    return _("Figures F%(first)d to F%(last)d in the annex of sources.") % {"first": first, "last": last}


def _quotes(group: Group, call: Call) -> list[Block]:
    texts = [a for a in group.answers if a.question.answer_type == AnswerType.TEXT and a.text.strip()]
    if not texts:
        return []
    blocks: list[Block] = [Heading(2, group.label, f"quotes-{group.key}")]
    for answer in texts[:QUOTES_PER_GROUP]:
        response = answer.response
        attribution = _("%(organization)s (%(acronym)s), response to “%(call)s”") % {
            "organization": response.organization.name_display,
            "acronym": response.organization.acronym,
            "call": call.title,
        }
        blocks.append(Quote(excerpt(answer.text), response.language, attribution))
    if len(texts) > QUOTES_PER_GROUP:
        blocks.append(
            Paragraph(
                _("%(more)d more answers on this subject can be read on the call's page.")
                % {"more": len(texts) - QUOTES_PER_GROUP}
            )
        )
    return blocks
