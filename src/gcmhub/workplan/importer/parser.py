"""`parse_text`: the work plan document as written (tabs, stray spaces, wrapped lines, conversion artefacts,
editorial notes, numbering slips) into a `ParsedPlan`. Pure: no database. Every departure from the expected
layout becomes an `Issue` with its line number; nothing is silently fixed."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gcmhub.workplan.importer.membership import Reference, parse_membership
from gcmhub.workplan.importer.structure import (
    CROSS_CUTTING,
    THEMATIC_AREA,
    ImportRejected,
    Issue,
    ParsedActivity,
    ParsedPlan,
    ParsedResult,
    ParsedSection,
    Severity,
)
from gcmhub.workplan.importer.timeframe import parse_timeframe

# Bounds that keep every number and position inside the database's small-integer columns.
MAX_SECTIONS = 100
MAX_RESULTS_PER_SECTION = 1000
MAX_ACTIVITIES_PER_RESULT = 1000  # also the bound on activity numbers: "1000)" is refused, not read as text
MAX_TITLE_LENGTH = 250
MAX_TIMEFRAME_LENGTH = 250
QUOTE_LENGTH = 80

FIELDS = ("output", "activities", "timeframe", "membership")

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SPACES = str.maketrans(
    {
        ch: " "
        for ch in "\t\f\v\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
        "\u200a\u2028\u2029\u202f\u205f\u3000\x85"
    }
    | dict.fromkeys("\u200b\u200c\u200d\u2060\ufeff\u00ad")
)
# What document converters leave behind: Word bookmarks and pandoc anchors or styled spans.
_ARTEFACTS = [
    re.compile(r"\[bookmark:[^\]]*\]", re.IGNORECASE),
    re.compile(r"\[\]\{[^}]*\}"),
    re.compile(r"\{#[\w:.-]+(?:\s+\.[\w-]+)*\}"),
]
_STYLED_SPAN = re.compile(r"\[([^\[\]]*)\]\{\.[\w-]+(?:\s+\.[\w-]+)*\}")
_EDITORIAL_NOTE = re.compile(r"\[[^\[\]]*\]")
_BULLET = re.compile(
    r"^[\u2022\u00b7\u25aa\u2023\u25e6\u25cf\u25cb\u25a0\u25a1\u25ba\u25b8\u2713\u2714*+\-\u2013\u2014]\s+"
)

_THEMATIC_AREA = re.compile(r"^thematic\s+area\s*([0-9]{1,3})\b\s*[:.\-\u2013\u2014]?\s*(.*)$", re.IGNORECASE)
_CROSS_CUTTING = re.compile(r"^cross[\s\-\u2010\u2011\u2013]?cutting\b", re.IGNORECASE)
_OBJECTIVES_HEADING = re.compile(r"^(?:gcm\s+)?objectives\b\s*:?\s*(.*)$", re.IGNORECASE)
_OBJECTIVE = re.compile(r"^objective\s*([0-9]{1,3})\b\s*[:.\-\u2013\u2014]?\s*(.*)$", re.IGNORECASE)
# "Expected result 1: …" is that result, not the heading (the singular followed by a number, as in _RESULT).
_RESULTS_HEADING = re.compile(
    r"^expected\s+(?:results\b|result\b(?!\s*[0-9]{1,4}\s*[:.]))\s*:?\s*(.*)$", re.IGNORECASE
)
_RESULT = re.compile(
    r"^(?:(?:expected\s+)?result\s+([0-9]{1,4})\s*[:.]|([0-9]{1,4})\s*\.(?![0-9]))\s*(.*)$", re.IGNORECASE
)
_FIELD = re.compile(
    r"^(outputs?|activities|activity|time[\s-]?frames?|timeline|duration|membership|members)\b(\s*:)?\s*(.*)$",
    re.IGNORECASE,
)
_FIELD_NAMES = {
    "output": "output", "outputs": "output", "activities": "activities", "activity": "activities",
    "timeframe": "timeframe", "timeframes": "timeframe", "timeline": "timeframe", "duration": "timeframe",
    "membership": "membership", "members": "membership",
}  # fmt: skip
# Words that may appear without a colon; their synonyms need one to be told apart from running text.
_COLON_OPTIONAL = {"output", "outputs", "activities", "timeframe", "timeframes", "membership"}
_ACTIVITY_LINE = re.compile(r"^[0-9]+\)")
_OBJECTIVE_RANGE = re.compile(r"([0-9]{1,3})\s*(?:-|\u2013|\u2014|to)\s*([0-9]{1,3})", re.IGNORECASE)
_TRAILING_JOINER = re.compile(r"(?:[\s;,]+|\s+(?:and|or))$", re.IGNORECASE)


def _comparable(title: str) -> str:
    """A title without case, spacing or closing punctuation, so only a difference in wording counts."""
    return " ".join(title.casefold().replace("\u2011", "-").split()).rstrip(" .;:")


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1] + "…"


@dataclass
class _Marker:
    """An activity number such as "2)" found in a line, as written, with the text that follows it."""

    written: str
    body: str
    glued: bool

    @property
    def number(self) -> int:
        """Its value; a number too long to be a real one reads as the limit (Python refuses to convert
        thousands of digits, and the limit refuses such a number anyway)."""
        digits = self.written.lstrip("0") or "0"
        return (
            int(digits) if len(digits) <= len(str(MAX_ACTIVITIES_PER_RESULT)) else MAX_ACTIVITIES_PER_RESULT
        )


def split_activity_markers(text: str) -> tuple[str, list[_Marker]]:
    """Split "1) a; 2) b and 3) c" at its activity numbers. A ")" closing an open parenthesis, as in
    "(para. 53)", is not a number; a semicolon ends any parenthesis left open by mistake."""
    positions: list[tuple[int, int]] = []
    depth = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
        elif ch == ";":
            depth = 0
        elif ch == ")":
            if depth:
                depth -= 1
                continue
            j = i
            while j > 0 and text[j - 1] in "0123456789":
                j -= 1
            before = text[j - 1] if j else ""
            after_number = before == "." and j >= 2 and text[j - 2] in "0123456789"
            if i > j and (not before or before in " ;,:.") and not after_number:
                positions.append((j, i))
    preamble = text[: positions[0][0]] if positions else text
    markers = []
    for k, (start, close) in enumerate(positions):
        stop = positions[k + 1][0] if k + 1 < len(positions) else len(text)
        body = text[close + 1 : stop]
        markers.append(_Marker(text[start:close], body, glued=bool(body) and not body[0].isspace()))
    return preamble, markers


@dataclass
class _ResultState:
    result: ParsedResult
    section: ParsedSection
    reading: str | None = None  # the field now receiving lines ("title", "output", ...)
    field_lines: dict[str, int] = field(default_factory=dict)
    texts: dict[str, list[str]] = field(default_factory=dict)
    last_number: int | None = None
    # Line where the activity now receiving continuation lines started.
    activity_line: int | None = None

    @property
    def label(self) -> str:
        return _("expected result %(number)d of %(section)s") % {
            "number": self.result.number,
            "section": _section_label(self.section),
        }


def _section_label(section: ParsedSection) -> str:
    if section.kind == CROSS_CUTTING:
        return _("the cross-cutting section")
    return _("thematic area %(number)d") % {"number": section.number}


class _Parser:
    def __init__(self, text: str, reference: Reference | None) -> None:
        self.reference = reference
        self.issues: list[Issue] = []
        self.plan = ParsedPlan(title="")
        self.state = "preamble"
        self.section: ParsedSection | None = None
        self.current: _ResultState | None = None
        self.title_line: int | None = None
        self.objective_line: tuple[int, int] | None = None  # (number, line) of the objective being read
        # Each objective's wording in the document: (number, line, its text's lines), checked at the end.
        self.objective_wordings: list[tuple[int, int, list[str]]] = []
        self.results_heading_seen = False
        self.lines = [self._clean(raw.rstrip("\r"), n) for n, raw in enumerate(text.split("\n"), start=1)]
        self._next_nonblank: list[int] | None = None

    def note(self, line: int | None, severity: Severity, code: str, message: str) -> None:
        self.issues.append(Issue(line, severity, code, message))

    # Reading lines -----------------------------------------------------------------------------------------

    def _clean(self, raw: str, n: int) -> str:
        if _CONTROL.search(raw):
            self.note(
                n,
                "warning",
                "control_character",
                _("This line contains control characters; they were read as spaces."),
            )
            raw = _CONTROL.sub(" ", raw)
        line = raw.translate(_SPACES)
        for pattern in _ARTEFACTS:
            for artefact in pattern.findall(line):
                self.note(
                    n,
                    "warning",
                    "conversion_artefact",
                    _("The conversion artefact “%(artefact)s” was removed.") % {"artefact": artefact},
                )
            line = pattern.sub(" ", line)
        for span in _STYLED_SPAN.finditer(line):
            self.note(
                n,
                "warning",
                "conversion_artefact",
                _("The formatting mark-up around “%(text)s” was removed.") % {"text": _quote(span[1])},
            )
        line = _STYLED_SPAN.sub(r"\1", line)
        for note in _EDITORIAL_NOTE.findall(line):
            self.note(
                n,
                "warning",
                "editorial_note",
                _("The editorial note “%(note)s” is not part of the plan's text; it was left out.")
                % {"note": _quote(note)},
            )
        line = _EDITORIAL_NOTE.sub(" ", line)
        return " ".join(line.split())

    def _next_text(self, index: int) -> str:
        """The next non-blank line after line `index` (0-based), found through a table built once."""
        if self._next_nonblank is None:
            following, table = len(self.lines), [0] * len(self.lines)
            for i in range(len(self.lines) - 1, -1, -1):
                table[i] = following
                if self.lines[i]:
                    following = i
            self._next_nonblank = table
        position = self._next_nonblank[index]
        return self.lines[position] if position < len(self.lines) else ""

    def run(self) -> ParsedPlan:
        for index, line in enumerate(self.lines):
            if line:
                self._line(index + 1, line, index)
        self._close_section()
        self._check_objective_wordings()
        if not self.plan.sections:
            raise ImportRejected(
                _(
                    "No sections were found. The document must contain the cross-cutting section or "
                    "headings such as “Thematic Area 1: …”, each followed by a “GCM Objectives” line."
                ),
                code="no_sections",
            )
        if self.title_line is None:
            self.note(
                None,
                "warning",
                "missing_title",
                _("The document has no title line before its first section."),
            )
        self.issues.sort(key=lambda issue: (issue.line is None, issue.line or 0))
        self.plan.issues = self.issues
        return self.plan

    def _line(self, n: int, line: str, index: int) -> None:
        if self._section_heading(n, line, index):
            return
        if self.state == "ignored":
            return
        if m := _OBJECTIVES_HEADING.match(line):
            if self.state == "section":
                self._objectives_heading(n, m[1])
                return
            if self.state == "objectives" and self.section is not None and not self.section.objectives:
                self._objectives_heading(n, m[1])
                return
        if self.state in ("section", "objectives") and (m := _OBJECTIVE.match(line)):
            if self.state == "section":
                self.note(
                    n,
                    "warning",
                    "missing_objectives_heading",
                    _("Objectives are listed without a “GCM Objectives” heading."),
                )
                self.state = "objectives"
            self._objective(n, int(m[1]))
            if m[2]:
                self.objective_wordings.append((int(m[1]), n, [m[2]]))
            return
        heading = _RESULTS_HEADING.match(line) if self.section is not None else None
        if heading and self.state in ("section", "objectives", "results"):
            if self.state == "results":
                self.note(n, "info", "duplicate_heading", _("“Expected results” appears twice in a row."))
            self.state = "results"
            self.results_heading_seen = True
            if heading[1]:
                self._line(n, heading[1], index)
            return
        if self.state in ("section", "objectives", "results", "result") and (m := _RESULT.match(line)):
            self._result(n, int(m[1] or m[2]), m[3])
            return
        if self.state == "result":
            self._result_line(n, line)
            return
        self._continuation(n, line)

    # Sections ----------------------------------------------------------------------------------------------

    def _section_heading(self, n: int, line: str, index: int) -> bool:
        if m := _THEMATIC_AREA.match(line):
            self._open_section(n, THEMATIC_AREA, int(m[1]), m[2])
            return True
        objectives_follow = bool(_OBJECTIVES_HEADING.match(self._next_text(index)))
        # Later in the document, a wrapped line may start with "Cross-cutting" too.
        if _CROSS_CUTTING.match(line) and (self.state == "preamble" or objectives_follow):
            self._open_section(n, CROSS_CUTTING, None, line)
            return True
        # Any other line directly followed by "GCM Objectives" heads a section.
        if self.state == "section" or not objectives_follow:
            return False
        if any(p.match(line) for p in (_OBJECTIVES_HEADING, _OBJECTIVE, _FIELD, _RESULTS_HEADING, _RESULT)):
            return False
        if "thematic" not in line.lower() and not any(s.kind == CROSS_CUTTING for s in self.plan.sections):
            self.note(
                n,
                "info",
                "cross_cutting_heading",
                _("“%(line)s” is read as the heading of the cross-cutting section.") % {"line": _quote(line)},
            )
            self._open_section(n, CROSS_CUTTING, None, line)
            return True
        self._close_section()
        self.section = None
        self.state = "ignored"
        self.note(
            n,
            "warning",
            "unrecognised_section",
            _(
                "“%(line)s” heads a section but is neither “Thematic Area N: …” nor the cross-cutting "
                "section; the section was left out."
            )
            % {"line": _quote(line)},
        )
        return True

    def _open_section(self, n: int, kind: str, number: int | None, title: str) -> None:
        self._close_section()
        if len(self.plan.sections) >= MAX_SECTIONS:
            raise ImportRejected(
                _("The document has more than %(count)d sections.") % {"count": MAX_SECTIONS},
                code="too_large",
            )
        section = ParsedSection(kind=kind, number=number, title=title.strip(), line=n)
        duplicate = next((s for s in self.plan.sections if s.key == section.key), None)
        if duplicate is not None:
            self.note(
                n,
                "warning",
                "duplicate_section",
                _("%(section)s appears a second time (first on line %(line)d); both are kept.")
                % {"section": _section_label(section).capitalize(), "line": duplicate.line},
            )
        self.plan.sections.append(section)
        self.section = section
        self.state = "section"
        self.results_heading_seen = False
        self.objective_line = None

    def _close_section(self) -> None:
        self._close_result()
        section = self.section
        if section is None:
            return
        if not section.title:
            self.note(section.line, "warning", "empty_title", _("This section heading has no title."))
        if len(section.title) > MAX_TITLE_LENGTH * 4:
            self.note(
                section.line,
                "warning",
                "long_title",
                _(
                    "This section title is unusually long (%(count)d characters); check for a missing line "
                    "break."
                )
                % {"count": len(section.title)},
            )
        if not section.objectives:
            self.note(
                section.line,
                "warning",
                "missing_objectives",
                _("%(section)s lists no GCM objectives.") % {"section": _section_label(section).capitalize()},
            )
        if not section.results:
            self.note(
                section.line,
                "warning",
                "no_results",
                _("%(section)s has no expected results.") % {"section": _section_label(section).capitalize()},
            )
        self.section = None

    def _objectives_heading(self, n: int, rest: str) -> None:
        self.state = "objectives"
        rest = rest.strip(" .:")
        if not rest:
            return
        for token in re.split(r"\s*(?:,|;|&|\band\b)\s*", rest, flags=re.IGNORECASE):
            if not token:
                continue
            if m := _OBJECTIVE_RANGE.fullmatch(token):
                low, high = int(m[1]), int(m[2])
                if low > high or high - low > 100:
                    self.note(
                        n,
                        "warning",
                        "objectives_unparsed",
                        _("The objective range “%(range)s” is not valid; it was left out.")
                        % {"range": token},
                    )
                    continue
                for number in range(low, high + 1):
                    self._objective(n, number, wrap=False)
            elif token.isascii() and token.isdigit() and len(token) <= 3:
                self._objective(n, int(token), wrap=False)
            else:
                self.note(
                    n,
                    "warning",
                    "objectives_unparsed",
                    _(
                        "“%(text)s” in the objectives heading is not an objective number or range; it was "
                        "left out."
                    )
                    % {"text": _quote(token)},
                )

    def _objective(self, n: int, number: int, *, wrap: bool = True) -> None:
        assert self.section is not None
        self.objective_line = (number, n) if wrap else None
        known = self.reference.objective_numbers if self.reference else frozenset(range(1, 24))
        if number not in known:
            self.note(
                n,
                "warning",
                "unknown_objective",
                _("There is no GCM objective %(number)d; it was left out.") % {"number": number},
            )
        elif number in self.section.objectives:
            self.note(
                n,
                "info",
                "duplicate_objective",
                _("Objective %(number)d is listed twice in this section.") % {"number": number},
            )
        else:
            self.section.objectives.append(number)

    def _check_objective_wordings(self) -> None:
        """Warn where the document words an objective otherwise than its official title (A/RES/73/195)."""
        official = dict(self.reference.objective_titles) if self.reference else {}
        for number, line, parts in self.objective_wordings:
            title = official.get(number)
            wording = " ".join(" ".join(parts).split())
            if title is None or _comparable(wording) == _comparable(title):
                continue
            self.note(
                line,
                "warning",
                "objective_wording",
                _(
                    "The document words Objective %(number)d as “%(wording)s”; its official title is "
                    "“%(title)s”."
                )
                % {"number": number, "wording": wording, "title": title},
            )

    # Expected results --------------------------------------------------------------------------------------

    def _result(self, n: int, number: int, title: str) -> None:
        assert self.section is not None
        self._close_result()
        section = self.section
        if not self.results_heading_seen:
            self.note(
                n,
                "warning",
                "missing_results_heading",
                _("Expected results start without an “Expected results:” heading."),
            )
            self.results_heading_seen = True
        if len(section.results) >= MAX_RESULTS_PER_SECTION:
            raise ImportRejected(
                _("A section has more than %(count)d expected results.") % {"count": MAX_RESULTS_PER_SECTION},
                code="too_large",
            )
        previous = [r.number for r in section.results]
        if number in previous:
            self.note(
                n,
                "warning",
                "duplicate_result_number",
                _("Expected result number %(number)d appears twice in %(section)s; both are kept as written.")
                % {"number": number, "section": _section_label(section)},
            )
        elif number != (previous[-1] + 1 if previous else 1):
            self.note(
                n,
                "warning",
                "result_numbering",
                _("Expected result number %(number)d is out of sequence in %(section)s.")
                % {"number": number, "section": _section_label(section)},
            )
        result = ParsedResult(number=number, title=title, line=n)
        section.results.append(result)
        self.current = _ResultState(result=result, section=section, reading="title")
        self.state = "result"

    def _result_line(self, n: int, line: str) -> None:
        state = self.current
        assert state is not None
        m = _FIELD.match(line)
        if m:
            keyword, colon, rest = m[1].lower(), m[2], m[3]
            name = _FIELD_NAMES[re.sub(r"[\s-]", "", keyword)]
            if colon or (keyword in _COLON_OPTIONAL and (not rest or name not in state.field_lines)):
                if not colon:
                    self.note(
                        n,
                        "warning",
                        "missing_colon",
                        _("“%(keyword)s” has no colon after it.") % {"keyword": m[1]},
                    )
                self._field(n, name, rest)
                return
        if _ACTIVITY_LINE.match(line):
            if state.reading != "activities":
                if "activities" not in state.field_lines:
                    self.note(
                        n,
                        "warning",
                        "missing_activities_label",
                        _("Numbered activities appear without an “Activities:” label in %(result)s.")
                        % {"result": state.label},
                    )
                    state.field_lines["activities"] = n
                else:
                    self.note(
                        n,
                        "warning",
                        "activity_out_of_place",
                        _("This activity of %(result)s comes after its %(field)s line.")
                        % {"result": state.label, "field": _field_label(state.reading or "")},
                    )
                state.reading = "activities"
            self._activities(n, line, from_label=False)
            return
        bullet = _BULLET.match(line)
        if bullet and state.reading == "activities":
            self._activities(n, line[bullet.end() :], from_label=True)
            return
        self._continuation(n, line)

    def _field(self, n: int, name: str, rest: str) -> None:
        state = self.current
        assert state is not None
        if name in state.field_lines:
            self.note(
                n,
                "warning",
                "duplicate_field",
                _(
                    "%(result)s has a second %(field)s line (the first is on line %(line)d); its text is "
                    "added to the first."
                )
                % {
                    "result": state.label.capitalize(),
                    "field": _field_label(name),
                    "line": state.field_lines[name],
                },
            )
        else:
            state.field_lines[name] = n
        state.reading = name
        if name == "activities":
            if rest:
                self._activities(n, rest, from_label=True)
        elif rest:
            state.texts.setdefault(name, []).append(rest)

    def _activities(self, n: int, text: str, *, from_label: bool) -> None:
        state = self.current
        assert state is not None
        activities = state.result.activities
        preamble, markers = split_activity_markers(text)
        for marker in markers:
            self._check_limit(n, marker)
        preamble = preamble.strip().rstrip(";").strip()
        if preamble:
            if activities and not from_label:
                self._wrap(n, _("activity on line %(line)d") % {"line": state.activity_line or n})
                activities[-1].text = f"{activities[-1].text} {preamble}".strip()
            else:
                self._add_activity(n, None, preamble)
                self.note(
                    n,
                    "info",
                    "unnumbered_activity",
                    _("An activity of %(result)s has no number: “%(text)s”.")
                    % {"result": state.label, "text": _quote(preamble)},
                )
        for k, marker in enumerate(markers):
            last = k == len(markers) - 1
            body = marker.body
            if not last and not body.rstrip().endswith(";"):
                following = markers[k + 1].number
                self.note(
                    n,
                    "info",
                    "activity_separator",
                    _(
                        "Activities %(number)d) and %(next)d) are not separated by a semicolon; they were "
                        "split at the number %(next)d)."
                    )
                    % {"number": marker.number, "next": following},
                )
            cleaned = body.strip()
            while True:
                trimmed = _TRAILING_JOINER.sub("", cleaned) if not last else cleaned.rstrip(" ;,")
                if trimmed == cleaned:
                    break
                cleaned = trimmed
            if marker.glued:
                self.note(
                    n,
                    "info",
                    "activity_number_spacing",
                    _("There is no space after “%(number)d)”; the activity was read as “%(text)s”.")
                    % {"number": marker.number, "text": _quote(cleaned)},
                )
            self._check_number(n, marker.number)
            if not cleaned:
                self.note(
                    n,
                    "warning",
                    "empty_activity",
                    _("Activity %(number)d) of %(result)s has no text; it was left out.")
                    % {"number": marker.number, "result": state.label},
                )
                continue
            self._add_activity(n, marker.number, cleaned)

    def _check_limit(self, n: int, marker: _Marker) -> None:
        if marker.number >= MAX_ACTIVITIES_PER_RESULT:
            raise ImportRejected(
                _(
                    "Line %(line)d: activity number %(number)s) is too large; activity numbers must be below "
                    "%(limit)d."
                )
                % {"line": n, "number": _quote(marker.written), "limit": MAX_ACTIVITIES_PER_RESULT},
                code="too_large",
            )

    def _check_number(self, n: int, number: int) -> None:
        state = self.current
        assert state is not None
        last = state.last_number
        if last is not None and number == last:
            self.note(
                n,
                "warning",
                "duplicate_activity_number",
                _(
                    "Activity number %(number)d) appears twice in %(result)s; both activities are kept as "
                    "written."
                )
                % {"number": number, "result": state.label},
            )
        elif number != (last + 1 if last is not None else 1):
            self.note(
                n,
                "warning",
                "activity_numbering",
                _("Activity number %(number)d) is out of sequence in %(result)s.")
                % {"number": number, "result": state.label},
            )
        state.last_number = number

    def _add_activity(self, n: int, number: int | None, text: str) -> None:
        state = self.current
        assert state is not None
        if len(state.result.activities) >= MAX_ACTIVITIES_PER_RESULT:
            raise ImportRejected(
                _("An expected result has more than %(count)d activities.")
                % {"count": MAX_ACTIVITIES_PER_RESULT},
                code="too_large",
            )
        state.result.activities.append(ParsedActivity(number=number, text=text, line=n))
        state.activity_line = n

    def _close_result(self) -> None:
        state = self.current
        if state is None:
            return
        self.current = None
        result = state.result
        result.title = result.title.strip()
        if not result.title:
            self.note(
                result.line,
                "warning",
                "empty_title",
                _("Expected result %(number)d has no title.") % {"number": result.number},
            )
        output = " ".join(state.texts.get("output", [])).strip()
        result.output = output or None
        timeframe_text = " ".join(state.texts.get("timeframe", [])).strip()
        if len(timeframe_text) > MAX_TIMEFRAME_LENGTH:
            self.note(
                state.field_lines.get("timeframe"),
                "warning",
                "timeframe_too_long",
                _(
                    "The timeframe of %(result)s is longer than %(count)d characters; only its beginning is "
                    "kept."
                )
                % {"result": state.label, "count": MAX_TIMEFRAME_LENGTH},
            )
            timeframe_text = timeframe_text[:MAX_TIMEFRAME_LENGTH].rstrip()
        reading = parse_timeframe(timeframe_text)
        result.timeframe = reading.timeframe
        for severity, code, message in reading.notes:
            self.note(state.field_lines.get("timeframe"), severity, code, message)
        membership = parse_membership(" ".join(state.texts.get("membership", [])).strip(), self.reference)
        result.membership = membership.membership
        for severity, code, message in membership.notes:
            self.note(state.field_lines.get("membership"), severity, code, message)
        for name in FIELDS:
            line = state.field_lines.get(name)
            if line is None:
                self.note(
                    result.line,
                    "warning",
                    "missing_field",
                    _("%(result)s has no %(field)s line.")
                    % {"result": state.label.capitalize(), "field": _field_label(name)},
                )
            elif not (result.activities if name == "activities" else state.texts.get(name)):
                self.note(
                    line,
                    "info",
                    "empty_field",
                    _("The %(field)s line of %(result)s is empty.")
                    % {"field": _field_label(name), "result": state.label},
                )

    # Lines that continue something -------------------------------------------------------------------------

    def _wrap(self, n: int, what: str) -> None:
        self.note(
            n,
            "info",
            "wrapped_line",
            _("This line continues the %(what)s and was read as part of it.") % {"what": what},
        )

    def _continuation(self, n: int, line: str) -> None:
        state = self.current
        if self.state == "preamble":
            if self.title_line is None:
                self.title_line = n
                if len(line) > MAX_TITLE_LENGTH:
                    self.note(
                        n,
                        "warning",
                        "long_title",
                        _(
                            "The document title is longer than %(count)d characters; only its beginning is "
                            "kept."
                        )
                        % {"count": MAX_TITLE_LENGTH},
                    )
                self.plan.title = line[:MAX_TITLE_LENGTH].rstrip()
                return
        elif self.state == "section" and self.section is not None:
            self._wrap(n, _("heading of %(section)s") % {"section": _section_label(self.section)})
            self.section.title = f"{self.section.title} {line}".strip()
            return
        elif self.state == "objectives" and self.objective_line is not None:
            number, first_line = self.objective_line
            if self.objective_wordings and self.objective_wordings[-1][1] == first_line:
                self.objective_wordings[-1][2].append(line)
            self._wrap(
                n, _("title of Objective %(number)d (line %(line)d)") % {"number": number, "line": first_line}
            )
            return
        elif self.state == "result" and state is not None:
            name = state.reading
            if name == "title":
                self._wrap(n, _("title of %(result)s") % {"result": state.label})
                state.result.title = f"{state.result.title} {line}"
                return
            if name == "activities":
                self._activities(n, line, from_label=False)
                return
            if name is not None:
                self._wrap(
                    n, _("%(field)s of %(result)s") % {"field": _field_label(name), "result": state.label}
                )
                state.texts.setdefault(name, []).append(line)
                return
        self.note(
            n,
            "warning",
            "unrecognised_line",
            _("This line is not part of any section, result or field; it was left out: “%(text)s”.")
            % {"text": _quote(line)},
        )


def _field_label(name: str) -> str:
    labels = {
        "output": _("Output"),
        "activities": _("Activities"),
        "timeframe": _("Timeframe"),
        "membership": _("Membership"),
        "title": _("title"),
    }
    return labels.get(name, name)


def parse_text(text: str, *, reference: Reference | None = None) -> ParsedPlan:
    """The plan in `text`, with every anomaly reported. Organizations and groups are linked only when
    `reference` is given (see `store.reference_from_db`); raises ImportRejected when no section is found."""
    return _Parser(text, reference).run()
