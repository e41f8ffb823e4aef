"""`read_document`: the bytes of an uploaded .txt, .md or .docx file into plain text, one line per line or
paragraph. Anything that is not such a document is refused with ImportRejected and a clear message."""

import dataclasses
import io
import re
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from gcmhub.core.documents import (
    DocumentLimits,
    DocumentRefused,
    DocxParagraph,
    SafeZip,
    TextBudget,
    W,
    docx_paragraphs,
    open_zip,
    parse_small,
)
from gcmhub.workplan.importer.structure import ImportRejected

MAX_BYTES = 5 * 1024 * 1024
# A .docx is a zip file: refuse archives that would unpack to far more than any work plan (zip bombs).
MAX_DOCX_UNPACKED_BYTES = 50 * 1024 * 1024
# A work plan's text fits in the largest text file accepted; a .docx holding more is refused, not cut.
MAX_DOCX_TEXT_CHARS = 5 * 1024 * 1024
# Styles and numbering are read whole (they are small); bigger ones are refused.
MAX_DOCX_STYLE_BYTES = 8 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
DOCX_SUFFIXES = {".docx"}
SUPPORTED = ".txt, .md, .docx"

_BINARY_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")
# Word allows list numbers to start anywhere; beyond this they are typing slips, shown as plain digits.
MAX_LIST_NUMBER = 3999


class ImportTooLarge(ImportRejected):
    """The file itself is over the size limit: HTTP 413, like every oversized upload."""

    status_code = 413


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise ImportTooLarge(
            _("The file is %(size)s; the largest work plan document accepted is 5 MB.")
            % {"size": f"{size / 1024 / 1024:.1f} MB"},
            code="too_large",
        )


def read_document(data: bytes, filename: str) -> str:
    """The text of a .txt/.md file (UTF-8, a byte-order mark tolerated) or of a .docx file (paragraphs and
    table cells in document order, automatic list numbers included)."""
    suffix = PurePath(filename or "").suffix.lower()
    if suffix not in TEXT_SUFFIXES | DOCX_SUFFIXES:
        hint = _(" Save Word documents as .docx.") if suffix in {".doc", ".rtf", ".odt"} else ""
        raise ImportRejected(
            _("“%(name)s” is not a supported file type (supported: %(types)s).%(hint)s")
            % {"name": PurePath(filename or "").name or "?", "types": SUPPORTED, "hint": hint},
            code="unsupported_type",
        )
    check_size(len(data))
    if not data.strip():
        raise ImportRejected(_("The file is empty."), code="empty")
    text = _read_docx(data) if suffix in DOCX_SUFFIXES else _read_text(data)
    if suffix in {".md", ".markdown"}:
        text = strip_markdown(text)
    if not text.strip():
        raise ImportRejected(_("The document contains no text."), code="empty")
    return text


def _read_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRejected(
            _("The file is UTF-16 text; save it as UTF-8 and upload it again."), code="not_utf8"
        )
    if data.startswith(b"PK\x03\x04"):
        raise ImportRejected(
            _(
                "The file looks like a Word or zip document, not plain text; upload it with the .docx "
                "extension."
            ),
            code="binary",
        )
    controls = len(_BINARY_CONTROL.findall(data[:65536]))
    if b"\x00" in data or controls > max(8, len(data[:65536]) // 100):
        raise ImportRejected(_("The file is binary, not text."), code="binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportRejected(
            _(
                "The file is not UTF-8 text (the first invalid byte is on line %(line)d). Save it as UTF-8 "
                "and upload it again."
            )
            % {"line": line},
            code="not_utf8",
        ) from exc


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+|$)(.*?)(?:\s+#+)?\s*$")
_MD_BULLET = re.compile(r"^\s{0,3}[-*+]\s+")
_MD_STRONG = re.compile(r"(?<!\\)(?:\*\*|__)")
_MD_LINK = re.compile(r"(?<!\\)\[([^\[\]]+)\]\((\S+?)\)")
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def strip_markdown(text: str) -> str:
    """Markdown mark-up the work plan may carry (headings, bullets, bold, links, escapes) removed line by
    line, so line numbers stay those of the file."""
    lines = []
    for line in text.split("\n"):
        line = line.rstrip("\r")
        if line.rstrip().endswith("\\") and not line.rstrip().endswith("\\\\"):
            line = line.rstrip()[:-1]
        if m := _MD_HEADING.match(line):
            line = m[1]
        line = _MD_BULLET.sub("", line)
        line = _MD_LINK.sub(r"\1 (\2)", line)
        line = _MD_STRONG.sub("", line)
        lines.append(_MD_ESCAPE.sub(r"\1", line))
    return "\n".join(lines)


def _docx_limits() -> DocumentLimits:
    limits = DocumentLimits.from_settings()
    return dataclasses.replace(
        limits,
        max_part_bytes=min(limits.max_part_bytes, MAX_DOCX_UNPACKED_BYTES),
        max_unpacked_bytes=min(limits.max_unpacked_bytes, MAX_DOCX_UNPACKED_BYTES),
        max_text_chars=MAX_DOCX_TEXT_CHARS,
    )


def _read_docx(data: bytes) -> str:
    """The paragraphs of word/document.xml, read as a stream within the document limits: the zip is checked
    before and while it is unpacked, and a document with more text than a work plan, or that takes too long
    to read, is refused (a work plan cannot be imported in part)."""
    corrupt = ImportRejected(
        _("The file is not a valid .docx document (it may be damaged, or another kind of file renamed)."),
        code="corrupt_docx",
    )
    limits = _docx_limits()
    budget = TextBudget(limits.max_text_chars, limits.max_seconds)
    try:
        with open_zip(io.BytesIO(data), limits) as archive:
            if "word/document.xml" not in archive.names:
                raise corrupt
            numbering = _Numbering(
                _small_part(archive, "word/numbering.xml"), _small_part(archive, "word/styles.xml")
            )
            with archive.open("word/document.xml") as part:
                for paragraph in docx_paragraphs(part, budget):
                    if not budget.add(numbering.prefix(paragraph) + paragraph.text + "\n"):
                        break
    except DocumentRefused as exc:
        raise ImportRejected(exc.message, code=exc.code) from exc
    except ImportRejected:
        raise
    except Exception as exc:  # zipfile and lxml raise many kinds of error on a damaged file
        raise corrupt from exc
    if budget.stopped == "text":
        raise ImportRejected(
            _("The .docx document holds more than %(limit)s characters of text, more than any work plan.")
            % {"limit": f"{MAX_DOCX_TEXT_CHARS:,}"},
            code="too_much_text",
        )
    if budget.stopped == "time":
        raise ImportRejected(
            _("Reading the .docx document took longer than %(seconds)d seconds; save it again and retry.")
            % {"seconds": limits.max_seconds},
            code="too_slow",
        )
    return budget.text().removesuffix("\n")


def _small_part(archive: SafeZip, name: str) -> Any:
    """The tree of a styles or numbering part, or None when the document has none."""
    if name not in archive.names:
        return None
    return parse_small(archive.read(name, max_bytes=MAX_DOCX_STYLE_BYTES))


def _val(element: Any, tag: str) -> str | None:
    child = element.find(W + tag) if element is not None else None
    return child.get(W + "val") if child is not None else None


class _Numbering:
    """The numbers Word draws for automatically numbered paragraphs ("1.", "2)"), counted in document order
    from the numbering and styles parts."""

    def __init__(self, numbering: Any, styles: Any) -> None:
        self.abstract_of: dict[str, str] = {}
        self.start_override: dict[tuple[str, str], int] = {}
        self.levels: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.style_numbering: dict[str, tuple[str | None, str | None, str | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if numbering is not None:
            self._load_numbering(numbering)
        if styles is not None:
            self._load_styles(styles)

    def _load_numbering(self, root: Any) -> None:
        for abstract in root.findall(W + "abstractNum"):
            abstract_id = abstract.get(W + "abstractNumId")
            for level in abstract.findall(W + "lvl"):
                start = _val(level, "start")
                self.levels[(abstract_id, level.get(W + "ilvl"))] = (
                    _val(level, "numFmt") or "decimal",
                    _val(level, "lvlText") or "",
                    min(int(start), MAX_LIST_NUMBER) if start and start.isdigit() else 1,
                )
        for num in root.findall(W + "num"):
            num_id = num.get(W + "numId")
            self.abstract_of[num_id] = _val(num, "abstractNumId") or ""
            for override in num.findall(W + "lvlOverride"):
                start = _val(override, "startOverride")
                if start and start.isdigit():
                    self.start_override[(num_id, override.get(W + "ilvl"))] = min(int(start), MAX_LIST_NUMBER)

    def _load_styles(self, root: Any) -> None:
        for style in root.findall(W + "style"):
            ppr = style.find(W + "pPr")
            numpr = ppr.find(W + "numPr") if ppr is not None else None
            self.style_numbering[style.get(W + "styleId")] = (
                _val(numpr, "numId"),
                _val(numpr, "ilvl"),
                _val(style, "basedOn"),
            )

    def _numbering_of(self, paragraph: DocxParagraph) -> tuple[str, str] | None:
        num_id, level = paragraph.num_id, paragraph.level
        style_id = paragraph.style
        seen: set[str] = set()
        while num_id is None and style_id and style_id not in seen:
            seen.add(style_id)
            style_num, style_level, style_id = self.style_numbering.get(style_id, (None, None, None))
            num_id, level = style_num, level or style_level
        if not num_id or num_id == "0":
            return None
        return num_id, level or "0"

    def prefix(self, paragraph: DocxParagraph) -> str:
        numbering = self._numbering_of(paragraph)
        if numbering is None:
            return ""
        num_id, level_text = numbering
        abstract = self.abstract_of.get(num_id)
        if abstract is None or not level_text.isdigit():
            return ""
        level = int(level_text)
        counters = self.counters.setdefault(num_id, {})
        for deeper in [lvl for lvl in counters if lvl > level]:
            del counters[deeper]
        if level in counters:
            counters[level] += 1
        else:
            counters[level] = self.start_override.get((num_id, level_text), self._level(abstract, level)[2])
        fmt, pattern, _start = self._level(abstract, level)
        if fmt in {"bullet", "none"} or not pattern:
            return ""

        def number(match: re.Match[str]) -> str:
            lvl = int(match[1]) - 1
            value = counters.get(lvl, self._level(abstract, lvl)[2])
            return _format_number(value, self._level(abstract, lvl)[0])

        return re.sub(r"%([1-9])", number, pattern) + " "

    def _level(self, abstract: str, level: int) -> tuple[str, str, int]:
        return self.levels.get((abstract, str(level)), ("decimal", "", 1))


def _format_number(value: int, fmt: str) -> str:
    if fmt in {"lowerLetter", "upperLetter"}:
        letters = ""
        n = value
        while n > 0:
            n, rem = divmod(n - 1, 26)
            letters = chr(ord("a") + rem) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in {"lowerRoman", "upperRoman"}:
        roman = _roman(value)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt == "decimalZero":
        return f"{value:02d}"
    return str(value)


def _roman(value: int) -> str:
    if not 0 < value <= MAX_LIST_NUMBER:
        return str(value)
    numerals = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ]
    out = ""
    for amount, numeral in numerals:
        while value >= amount:
            out += numeral
            value -= amount
    return out
