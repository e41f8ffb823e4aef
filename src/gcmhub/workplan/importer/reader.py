"""`read_document`: the bytes of an uploaded .txt, .md or .docx file into plain text, one line per line or
paragraph. Anything that is not such a document is refused with ImportRejected and a clear message."""

import io
import re
import zipfile
from pathlib import PurePath
from typing import Any

from django.utils.translation import gettext as _

from gcmhub.workplan.importer.structure import ImportRejected

MAX_BYTES = 5 * 1024 * 1024
# A .docx is a zip file: refuse archives that would unpack to far more than any work plan (zip bombs).
MAX_DOCX_UNPACKED_BYTES = 50 * 1024 * 1024
TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}
DOCX_SUFFIXES = {".docx"}
SUPPORTED = ".txt, .md, .docx"

_BINARY_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1f]")
# Word allows list numbers to start anywhere; beyond this they are typing slips, shown as plain digits.
MAX_LIST_NUMBER = 3999


def check_size(size: int) -> None:
    if size > MAX_BYTES:
        raise ImportRejected(
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


def _read_docx(data: bytes) -> str:
    corrupt = ImportRejected(
        _("The file is not a valid .docx document (it may be damaged, or another kind of file renamed)."),
        code="corrupt_docx",
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            unpacked = sum(info.file_size for info in infos)
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise corrupt from exc
    if "word/document.xml" not in names:
        raise corrupt
    if unpacked > MAX_DOCX_UNPACKED_BYTES:
        raise ImportRejected(_("The .docx document unpacks to more than 50 MB."), code="too_large")
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        return "\n".join(_DocxText(document).lines())
    except ImportRejected:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds of error on a damaged file
        raise corrupt from exc


class _DocxText:
    """Paragraph texts in document order, descending into tables and content controls, with the numbers
    Word draws for automatically numbered paragraphs ("1.", "2)") put back in front."""

    def __init__(self, document: Any) -> None:
        from docx.oxml.ns import qn

        self.qn = qn
        self.document = document
        self.abstract_of: dict[str, str] = {}
        self.start_override: dict[tuple[str, str], int] = {}
        self.levels: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.style_numbering: dict[str, tuple[str | None, str | None, str | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self._load_numbering()
        self._load_styles()

    def _val(self, element: Any, tag: str) -> str | None:
        child = element.find(self.qn(tag)) if element is not None else None
        return child.get(self.qn("w:val")) if child is not None else None

    def _load_numbering(self) -> None:
        qn = self.qn
        try:
            root = self.document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.findall(qn("w:abstractNum")):
            abstract_id = abstract.get(qn("w:abstractNumId"))
            for level in abstract.findall(qn("w:lvl")):
                start = self._val(level, "w:start")
                self.levels[(abstract_id, level.get(qn("w:ilvl")))] = (
                    self._val(level, "w:numFmt") or "decimal",
                    self._val(level, "w:lvlText") or "",
                    min(int(start), MAX_LIST_NUMBER) if start and start.isdigit() else 1,
                )
        for num in root.findall(qn("w:num")):
            num_id = num.get(qn("w:numId"))
            self.abstract_of[num_id] = self._val(num, "w:abstractNumId") or ""
            for override in num.findall(qn("w:lvlOverride")):
                start = self._val(override, "w:startOverride")
                if start and start.isdigit():
                    self.start_override[(num_id, override.get(qn("w:ilvl")))] = min(
                        int(start), MAX_LIST_NUMBER
                    )

    def _load_styles(self) -> None:
        qn = self.qn
        try:
            root = self.document.styles.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for style in root.findall(qn("w:style")):
            ppr = style.find(qn("w:pPr"))
            numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
            self.style_numbering[style.get(qn("w:styleId"))] = (
                self._val(numpr, "w:numId"),
                self._val(numpr, "w:ilvl"),
                self._val(style, "w:basedOn"),
            )

    def _numbering_of(self, paragraph: Any) -> tuple[str, str] | None:
        qn = self.qn
        ppr = paragraph.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        num_id, level = self._val(numpr, "w:numId"), self._val(numpr, "w:ilvl")
        style_id = self._val(ppr, "w:pStyle")
        seen: set[str] = set()
        while num_id is None and style_id and style_id not in seen:
            seen.add(style_id)
            style_num, style_level, style_id = self.style_numbering.get(style_id, (None, None, None))
            num_id, level = style_num, level or style_level
        if not num_id or num_id == "0":
            return None
        return num_id, level or "0"

    def _prefix(self, paragraph: Any) -> str:
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

    def _paragraph_text(self, paragraph: Any) -> str:
        qn = self.qn
        parts = []
        skip = {qn("w:txbxContent"), qn("w:del"), qn("w:instrText"), qn("w:delText")}
        stack = [paragraph]
        while stack:
            element = stack.pop()
            tag = element.tag
            if tag in skip:
                continue
            if tag == qn("w:t"):
                parts.append(element.text or "")
            elif tag == qn("w:tab"):
                parts.append("\t")
            elif tag in {qn("w:br"), qn("w:cr")}:
                parts.append("\n")
            elif tag == qn("w:noBreakHyphen"):
                parts.append("-")
            stack.extend(reversed(list(element)))
        return self._prefix(paragraph) + "".join(parts)

    def _walk(self, element: Any, out: list[str]) -> None:
        qn = self.qn
        for child in element:
            tag = child.tag
            if tag == qn("w:p"):
                out.extend(self._paragraph_text(child).split("\n"))
            elif tag == qn("w:tbl"):
                for row in child.findall(qn("w:tr")):
                    for cell in row.findall(qn("w:tc")):
                        self._walk(cell, out)
            elif tag in {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:smartTag")}:
                self._walk(child, out)

    def lines(self) -> list[str]:
        out: list[str] = []
        self._walk(self.document.element.body, out)
        return out


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
