"""Compose the report: pick the call, fix the "data as of" date, run each chapter of the outline in the
report's language, and hand the blocks to a renderer. The same data and arguments give the same document."""

import datetime
from collections.abc import Callable

from auditlog.models import LogEntry
from django.conf import settings
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from gcmhub.core.exceptions import ValidationFailed
from gcmhub.reporting.models import Call
from gcmhub.reporting.queries import visible_calls
from gcmhub.reporting.report import outline as outlines
from gcmhub.reporting.report.chapters import coverage, fund, knowledge, responses, workplan
from gcmhub.reporting.report.context import PUBLIC, Context, date_text
from gcmhub.reporting.report.document import Block, Document, Heading, Notice, Paragraph, Sources

FORMATS = ("docx", "pdf", "html")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "html": "text/html; charset=utf-8",
}
ChapterBuilder = Callable[[Context, str], list[Block]]
CHAPTERS: dict[str, ChapterBuilder] = {
    outlines.RESPONSES: responses.build,
    outlines.WORKPLAN: workplan.build,
    outlines.FUND: fund.build,
    outlines.KNOWLEDGE: knowledge.build,
    outlines.COVERAGE: coverage.build,
}
Progress = Callable[[int, int, str], None]


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValidationFailed(
            _("Unknown format %(format)s; use one of: %(formats)s.")
            % {"format": fmt, "formats": ", ".join(FORMATS)},
            code="bad_format",
        )
    return fmt


def check_language(language: str) -> str:
    codes = [code for code, _name in settings.LANGUAGES]
    if language not in codes:
        raise ValidationFailed(
            _("Unknown language %(language)s; use one of: %(languages)s.")
            % {"language": language, "languages": ", ".join(codes)},
            code="bad_language",
        )
    return language


def published_calls() -> list[Call]:
    """Calls a report may draw on: published ones, newest closing date first."""
    return list(visible_calls(PUBLIC).order_by("-closes_on", "-pk"))


def resolve_call(call_id: int | None, today: datetime.date | None = None) -> Call | None:
    """The call asked for (it must be published), else the latest closed call, else the latest published one,
    else None: the report is then built from the rest and says so."""
    calls = published_calls()
    if call_id is not None:
        for call in calls:
            if call.pk == call_id:
                return call
        raise ValidationFailed(
            _("There is no published call for inputs %(id)d.") % {"id": call_id}, code="bad_call"
        )
    closed = [call for call in calls if call.has_closed(today)]
    if closed:
        return closed[0]
    return calls[0] if calls else None


def latest_change() -> datetime.date:
    """The day of the latest recorded change to the platform's data (every write is audited), so two builds
    from the same data carry the same date; today on an empty platform."""
    last = LogEntry.objects.aggregate(last=Max("timestamp"))["last"]
    return timezone.localdate(last) if last is not None else timezone.localdate()


def compose(
    outline: outlines.Outline,
    *,
    call_id: int | None = None,
    language: str = "en",
    as_of: datetime.date | None = None,
    progress: Progress | None = None,
) -> Document:
    """Gather the data and write the report's blocks in `language`."""
    check_language(language)
    with translation.override(language):
        call = resolve_call(call_id)
        context = Context(call=call, as_of=as_of or latest_change(), language=language)
        blocks: list[Block] = []
        steps = len(outline.chapters)
        for done, chapter in enumerate(outline.chapters):
            if progress is not None:
                progress(done, steps, _("Writing “%(chapter)s”") % {"chapter": chapter.display_title()})
            if chapter.kind == outlines.SOURCES:
                blocks += sources(context, chapter.display_title())
            else:
                blocks += CHAPTERS[chapter.kind](context, chapter.display_title())
        return Document(
            title=_(
                "Draft report of the Secretary-General on the implementation of the Global Compact for Safe, "
                "Orderly and Regular Migration"
            ),
            subtitle=_("Data as of %(date)s") % {"date": context.as_of_text},
            language=language,
            as_of=context.as_of,
            front=front_matter(call),
            blocks=blocks,
            figures=context.book.figures,
        )


def front_matter(call: Call | None) -> list[Block]:
    if call is None:
        return [
            Notice(
                _(
                    "No call for inputs was used: there is no published call, so this draft is built from "
                    "the work plan, the fund, the knowledge base and the coverage of the objectives alone."
                )
            )
        ]
    return [
        Paragraph(
            _("This draft draws on the responses to the call for inputs “%(call)s” (closing on %(date)s).")
            % {"call": call.title, "date": date_text(call.closes_on)}
        )
    ]


def sources(context: Context, title: str) -> list[Block]:
    return [
        Heading(1, title, "sources"),
        Paragraph(
            _(
                "Every figure of this report, numbered as its tables cite it, with the data it was computed "
                "from, the filters applied, the date of the data and an address where it can be checked."
            )
        ),
        Sources(_("Sources of the figures"), list(context.book.figures), context.as_of_text),
    ]
