"""The report's outline: which chapters, in which order, under which titles (docs/report-builder.md).

An outline is plain JSON, the same from the command's --outline file and from the page's form:

    {"chapters": [{"kind": "responses", "title": "Inputs received"}, {"kind": "fund"}]}

A chapter without a title gets its default title in the report's language. The annex of sources is always
the last chapter, added when the outline leaves it out, because every figure must stay traceable.
"""

import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gcmhub.core.exceptions import ValidationFailed

RESPONSES = "responses"
WORKPLAN = "workplan"
FUND = "fund"
KNOWLEDGE = "knowledge"
COVERAGE = "coverage"
SOURCES = "sources"

# Every chapter kind with its default title, in the default order.
CHAPTER_TITLES = {
    RESPONSES: gettext_lazy("Inputs received in response to the call"),
    WORKPLAN: gettext_lazy("Progress of the work plan"),
    FUND: gettext_lazy("The Migration Multi-Partner Trust Fund"),
    KNOWLEDGE: gettext_lazy("Practices and national implementation plans"),
    COVERAGE: gettext_lazy("Coverage of the 23 objectives"),
    SOURCES: gettext_lazy("Annex: sources of the figures"),
}
KINDS = tuple(CHAPTER_TITLES)
MAX_TITLE_LENGTH = 200
MAX_OUTLINE_BYTES = 64 * 1024


@dataclass(frozen=True)
class Chapter:
    kind: str
    # Empty: the default title, translated when the report is built.
    title: str = ""

    def display_title(self) -> str:
        return self.title or str(CHAPTER_TITLES[self.kind])

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "title": self.title} if self.title else {"kind": self.kind}


@dataclass(frozen=True)
class Outline:
    chapters: tuple[Chapter, ...]

    def as_json(self) -> dict[str, Any]:
        return {"chapters": [chapter.as_json() for chapter in self.chapters]}


def default_outline() -> Outline:
    return Outline(tuple(Chapter(kind) for kind in KINDS))


def parse_outline_text(text: str) -> Outline:
    """An outline from JSON text (an --outline file, an upload); ValidationFailed says what is wrong."""
    if len(text.encode()) > MAX_OUTLINE_BYTES:
        raise ValidationFailed(
            _("The outline is larger than %(limit)d bytes.") % {"limit": MAX_OUTLINE_BYTES},
            code="bad_outline",
        )
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationFailed(
            _("The outline is not valid JSON (line %(line)d, column %(column)d): %(error)s.")
            % {"line": exc.lineno, "column": exc.colno, "error": exc.msg},
            code="bad_outline",
        ) from exc
    return parse_outline(data)


def parse_outline(data: Any) -> Outline:
    """Check an outline's JSON shape and return it, with the sources annex last; every problem is reported at
    once, each with the chapter's position."""
    if not isinstance(data, dict):
        raise ValidationFailed(
            _('The outline must be a JSON object with a "chapters" list.'), code="bad_outline"
        )
    problems = [
        _("Unknown field %(field)s in the outline; use chapters.") % {"field": json.dumps(key)}
        for key in sorted(set(data) - {"chapters"})
    ]
    chapters_data = data.get("chapters")
    if not isinstance(chapters_data, list) or not chapters_data:
        problems.append(_('The outline needs a non-empty "chapters" list.'))
        chapters_data = []
    chapters: list[Chapter] = []
    seen: set[str] = set()
    for position, item in enumerate(chapters_data, start=1):
        chapter, chapter_problems = _parse_chapter(position, item, seen)
        problems.extend(chapter_problems)
        if chapter is not None:
            seen.add(chapter.kind)
            chapters.append(chapter)
    if problems:
        raise ValidationFailed(" ".join(problems), code="bad_outline")
    if SOURCES not in seen:
        chapters.append(Chapter(SOURCES))
    elif chapters[-1].kind != SOURCES:
        raise ValidationFailed(_("The annex of sources must be the last chapter."), code="bad_outline")
    return Outline(tuple(chapters))


def _parse_chapter(position: int, item: Any, seen: set[str]) -> tuple[Chapter | None, list[str]]:
    where = {"position": position}
    if not isinstance(item, dict):
        return None, [_("Chapter %(position)d must be a JSON object with a kind.") % where]
    problems = [
        _("Chapter %(position)d has an unknown field %(field)s; use kind and title.")
        % {**where, "field": json.dumps(key)}
        for key in sorted(set(item) - {"kind", "title"})
    ]
    kind = item.get("kind")
    if kind not in KINDS:
        problems.append(
            _("Chapter %(position)d has an unknown kind %(kind)s; use one of: %(kinds)s.")
            % {**where, "kind": json.dumps(kind, ensure_ascii=False), "kinds": ", ".join(KINDS)}
        )
    elif kind in seen:
        problems.append(_("Chapter %(position)d repeats the chapter %(kind)s.") % {**where, "kind": kind})
    title = item.get("title", "")
    if not isinstance(title, str):
        problems.append(_("The title of chapter %(position)d must be text.") % where)
        title = ""
    title = " ".join(title.split())
    if len(title) > MAX_TITLE_LENGTH:
        problems.append(
            _("The title of chapter %(position)d is longer than %(limit)d characters.")
            % {**where, "limit": MAX_TITLE_LENGTH}
        )
    if problems:
        return None, problems
    return Chapter(str(kind), title), []
