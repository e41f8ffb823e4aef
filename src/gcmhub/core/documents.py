"""Reading uploaded office documents within limits, so that a small file cannot make a worker unpack, parse or
hold gigabytes.

- Zip containers (DOCX, ODT, XLSX) are checked in their central directory before anything is unpacked (number
  of parts, each part's unpacked size, the total, the compression ratio), and again while a part is unpacked:
  the bytes are counted as they come out, because the declared sizes can lie.
- XML is parsed as a stream (``lxml.etree.iterparse``), each element cleared once read, so memory stays flat
  however long the document is.
- Text is collected into a `TextBudget`, which stops at a number of characters and at a time budget and says
  why it stopped.

A document over a hard limit raises `DocumentRefused` (a 422 with a message for the uploader); the callers
decide what a soft stop (text, time, pages, cells) means for them."""

import contextlib
import dataclasses
import struct
import time
import zipfile
from collections.abc import Iterator
from typing import IO, Any, Protocol

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from lxml import etree

from gcmhub.core.exceptions import ValidationFailed

# Small parts may compress as well as they like (a page of spaces is legitimately 1000:1); the ratio limit is
# for parts large enough to matter.
RATIO_FLOOR_BYTES = 1024 * 1024
# Bytes of central directory allowed per part: a real entry is about 100; this bounds how much the zip module
# reads into memory before the part count can be checked.
DIRECTORY_BYTES_PER_PART = 512
# How many XML events pass between two looks at the clock.
CLOCK_EVERY = 4096
READ_CHUNK = 64 * 1024


@dataclasses.dataclass(frozen=True)
class DocumentLimits:
    """Hard limits (over them the file is refused) and soft ones (reading stops there, the text is cut)."""

    max_part_bytes: int  # hard: one part of a zip container, unpacked
    max_unpacked_bytes: int  # hard: all parts together, unpacked
    max_ratio: int  # hard: unpacked size over packed size, for parts above RATIO_FLOOR_BYTES
    max_parts: int  # hard: parts in a zip container
    max_text_chars: int  # soft: characters of text read
    max_seconds: float  # soft: time spent reading
    max_pdf_pages: int  # soft: PDF pages read
    max_cells: int  # soft: spreadsheet cells read, empty ones included

    @classmethod
    def from_settings(cls) -> "DocumentLimits":
        return cls(
            max_part_bytes=settings.GCMHUB_DOCUMENT_MAX_PART_BYTES,
            max_unpacked_bytes=settings.GCMHUB_DOCUMENT_MAX_UNPACKED_BYTES,
            max_ratio=settings.GCMHUB_DOCUMENT_MAX_RATIO,
            max_parts=settings.GCMHUB_DOCUMENT_MAX_PARTS,
            max_text_chars=settings.GCMHUB_DOCUMENT_MAX_TEXT_CHARS,
            max_seconds=settings.GCMHUB_DOCUMENT_MAX_SECONDS,
            max_pdf_pages=settings.GCMHUB_DOCUMENT_MAX_PDF_PAGES,
            max_cells=settings.GCMHUB_DOCUMENT_MAX_CELLS,
        )


class DocumentRefused(ValidationFailed):
    """The document is over a hard limit: it is refused whole and nothing is stored."""


def _part_too_large(limit: int) -> DocumentRefused:
    return DocumentRefused(
        _("This file cannot be accepted: one of its parts unpacks to more than %(limit)s.")
        % {"limit": filesizeformat(limit)},
        code="unpacks_too_large",
    )


def _unpacks_too_large(limit: int) -> DocumentRefused:
    return DocumentRefused(
        _("This file cannot be accepted: it unpacks to more than %(limit)s.")
        % {"limit": filesizeformat(limit)},
        code="unpacks_too_large",
    )


# --- Zip containers ---------------------------------------------------------------------------------------


def _directory_extent(stream: IO[bytes]) -> tuple[int, int]:
    """(parts, bytes) of the central directory as the end record declares them, read without the zip module
    (which would load the whole directory first). Zip64 records are followed."""
    stream.seek(0, 2)
    size = stream.tell()
    tail_length = min(size, 22 + 65535)
    stream.seek(size - tail_length)
    tail = stream.read(tail_length)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        raise zipfile.BadZipFile("no end of central directory")
    parts, directory_bytes = struct.unpack_from("<HI", tail, at + 10)
    locator = at - 20
    zip64 = parts == 0xFFFF or directory_bytes == 0xFFFFFFFF
    if zip64 and locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
        (record_offset,) = struct.unpack_from("<Q", tail, locator + 8)
        stream.seek(record_offset)
        record = stream.read(56)
        if len(record) == 56 and record.startswith(b"PK\x06\x06"):
            parts, directory_bytes = struct.unpack_from("<QQ", record, 32)
    return parts, directory_bytes


class Readable(Protocol):
    """What the stream parsers need of a file: `read`."""

    def read(self, size: int = -1, /) -> bytes: ...


class _CountedPart:
    """A part being unpacked, counted byte by byte against its declared size and the limits."""

    def __init__(self, raw: IO[bytes], declared: int, archive: "SafeZip", limit: int) -> None:
        self.raw = raw
        self.declared = declared
        self.archive = archive
        self.limit = limit
        self.count = 0

    def read(self, size: int = -1, /) -> bytes:
        if size < 0:
            return b"".join(iter(lambda: self.read(READ_CHUNK), b""))
        data = self.raw.read(size)
        self.count += len(data)
        self.archive.unpacked += len(data)
        limits = self.archive.limits
        if self.count > self.declared:
            # The zip module stops at the declared size today; counting here keeps the limit ours.
            raise DocumentRefused(
                _("This file is damaged: one of its parts unpacks to more than it declares."),
                code="size_mismatch",
            )
        if self.count > self.limit:
            raise _part_too_large(self.limit)
        if self.archive.unpacked > limits.max_unpacked_bytes:
            raise _unpacks_too_large(limits.max_unpacked_bytes)
        return data

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> "_CountedPart":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SafeZip:
    """A zip container whose central directory was checked against the limits; its parts are read through a
    counter that enforces the same limits on the bytes actually unpacked."""

    def __init__(self, archive: zipfile.ZipFile, limits: DocumentLimits) -> None:
        self.archive = archive
        self.limits = limits
        self.unpacked = 0
        self.names = frozenset(archive.namelist())

    def open(self, name: str, max_bytes: int | None = None) -> _CountedPart:
        """The part, unpacked as it is read; `max_bytes` lowers the part limit for this read."""
        info = self.archive.getinfo(name)
        limit = min(self.limits.max_part_bytes, max_bytes or self.limits.max_part_bytes)
        return _CountedPart(self.archive.open(info), info.file_size, self, limit)

    def read(self, name: str, max_bytes: int | None = None) -> bytes:
        with self.open(name, max_bytes) as part:
            return part.read()


def check_directory(archive: zipfile.ZipFile, limits: DocumentLimits) -> None:
    """Refuse a container whose central directory declares too much (parts, sizes, compression ratio)."""
    infos = archive.infolist()
    if len(infos) > limits.max_parts:
        raise _too_many_parts(limits.max_parts)
    total = 0
    for info in infos:
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise DocumentRefused(
                _("This file cannot be accepted: it is compressed in a way office documents are not."),
                code="unsupported_compression",
            )
        if info.file_size > limits.max_part_bytes:
            raise _part_too_large(limits.max_part_bytes)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR_BYTES and ratio > limits.max_ratio:
            raise DocumentRefused(
                _(
                    "This file cannot be accepted: one of its parts unpacks to more than %(ratio)d times its "
                    "packed size, which only a zip bomb does."
                )
                % {"ratio": limits.max_ratio},
                code="compression_ratio",
            )
        total += info.file_size
    if total > limits.max_unpacked_bytes:
        raise _unpacks_too_large(limits.max_unpacked_bytes)


def _too_many_parts(limit: int) -> DocumentRefused:
    return DocumentRefused(
        _("This file cannot be accepted: it holds more than %(limit)d parts.") % {"limit": limit},
        code="too_many_parts",
    )


@contextlib.contextmanager
def open_zip(stream: IO[bytes], limits: DocumentLimits) -> Iterator[SafeZip]:
    """The container in `stream`, checked before any part is unpacked. zipfile.BadZipFile if it is no zip."""
    parts, directory_bytes = _directory_extent(stream)
    if parts > limits.max_parts or directory_bytes > limits.max_parts * DIRECTORY_BYTES_PER_PART:
        raise _too_many_parts(limits.max_parts)
    stream.seek(0)
    with zipfile.ZipFile(stream) as archive:
        check_directory(archive, limits)
        yield SafeZip(archive, limits)


# --- Text within a budget ---------------------------------------------------------------------------------


class TextBudget:
    """Collects text until `max_chars` characters or `max_seconds` seconds; `stopped` says which limit ended
    the reading early ("text", "time", "pages", "cells"), or is empty when the whole document was read."""

    def __init__(self, max_chars: int, max_seconds: float) -> None:
        self.max_chars = max_chars
        self.deadline = time.monotonic() + max_seconds
        self.parts: list[str] = []
        self.size = 0
        self.stopped = ""

    @property
    def room(self) -> int:
        return self.max_chars - self.size

    def add(self, text: str) -> bool:
        """Keep `text` (cut at the limit); False once reading should stop."""
        if self.stopped:
            return False
        if len(text) > self.room:
            text = text[: self.room]
            self.stopped = "text"
        self.parts.append(text)
        self.size += len(text)
        return not self.stopped and self.in_time()

    def in_time(self) -> bool:
        if not self.stopped and time.monotonic() > self.deadline:
            self.stopped = "time"
        return not self.stopped

    def stop(self, reason: str) -> None:
        self.stopped = self.stopped or reason

    def text(self) -> str:
        return "".join(self.parts)


# --- XML as a stream --------------------------------------------------------------------------------------


def iterparse(stream: Readable, events: tuple[str, ...] = ("start", "end")) -> Any:
    """lxml's incremental parser with nothing fetched or expanded: no DTD, no entities, no network, and
    libxml2's own bounds on depth and text node size kept (huge_tree off)."""
    return etree.iterparse(
        stream,
        events=events,
        load_dtd=False,
        no_network=True,
        resolve_entities=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def parse_small(data: bytes) -> Any:
    """A small XML part (styles, numbering) as a tree, with the same safety as `iterparse`."""
    parser = etree.XMLParser(
        load_dtd=False, no_network=True, resolve_entities=False, huge_tree=False, remove_comments=True
    )
    return etree.fromstring(data, parser=parser)


def forget(element: Any) -> None:
    """Drop what was parsed so far at this level: the element's content and the siblings before it."""
    element.clear(keep_tail=True)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# The elements a counted paragraph may sit in (the body, tables, content controls); paragraphs elsewhere (text
# boxes, which live inside another paragraph) are not read, as Word's reading order leaves them out.
_DOCX_CONTAINERS = frozenset(
    W + tag for tag in ("body", "tbl", "tr", "tc", "sdt", "sdtContent", "customXml", "smartTag")
)
# Text boxes, deleted text and field codes are not part of the paragraph's text.
_DOCX_SKIPPED = frozenset(W + tag for tag in ("txbxContent", "del", "instrText", "delText"))
_DOCX_PROPERTIES = frozenset((W + "pStyle", W + "numId", W + "ilvl"))
_DOCX_CHARACTERS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}


@dataclasses.dataclass
class DocxParagraph:
    """One paragraph of a Word document: its text (line breaks as "\\n") and what its numbering depends on."""

    text: str = ""
    style: str | None = None
    num_id: str | None = None
    level: str | None = None


class _OpenParagraph:
    def __init__(self, depth: int) -> None:
        self.depth = depth
        self.parts: list[str] = []
        self.length = 0
        self.paragraph = DocxParagraph()

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def read_property(self, element: Any, path: list[str]) -> None:
        """Keep the paragraph's style and list numbering (w:pPr/w:pStyle, w:pPr/w:numPr/w:numId|w:ilvl)."""
        inside = path[self.depth + 1 :]
        value = element.get(W + "val")
        if inside == [W + "pPr"] and element.tag == W + "pStyle":
            self.paragraph.style = value
        elif inside == [W + "pPr", W + "numPr"] and element.tag == W + "numId":
            self.paragraph.num_id = value
        elif inside == [W + "pPr", W + "numPr"] and element.tag == W + "ilvl":
            self.paragraph.level = value

    def done(self) -> DocxParagraph:
        self.paragraph.text = "".join(self.parts)
        return self.paragraph


def _counted_paragraph_at(path: list[str]) -> bool:
    return len(path) >= 2 and path[1] == W + "body" and all(tag in _DOCX_CONTAINERS for tag in path[2:])


def docx_paragraphs(stream: Readable, budget: TextBudget) -> Iterator[DocxParagraph]:
    """The paragraphs of a `word/document.xml` stream in reading order (table cells included, text boxes and
    deleted text left out), parsed as a stream. Stops early when the paragraph being read would not fit in
    `budget` (yielding it so the budget can cut it) or when the budget's time is spent."""
    paragraph_tag, text_tag = W + "p", W + "t"
    path: list[str] = []
    current: _OpenParagraph | None = None
    skipping = 0
    clock = 1
    for event, element in iterparse(stream):
        clock -= 1
        if not clock:
            clock = CLOCK_EVERY
            if not budget.in_time():
                return
        tag = element.tag
        if event == "start":
            if current is None:
                if tag == paragraph_tag and _counted_paragraph_at(path):
                    current = _OpenParagraph(len(path))
            elif tag in _DOCX_SKIPPED:
                skipping += 1
            path.append(tag)
            continue
        path.pop()
        if current is not None:
            if skipping:
                skipping -= tag in _DOCX_SKIPPED
            elif tag == text_tag:
                current.add(element.text or "")
            elif tag == paragraph_tag and len(path) == current.depth:
                yield current.done()
                current = None
            elif tag in _DOCX_CHARACTERS:
                current.add(_DOCX_CHARACTERS[tag])
            elif tag in _DOCX_PROPERTIES:
                current.read_property(element, path)
            if current is not None and current.length > budget.room:
                yield current.done()
                return
        forget(element)


TEXT_NS = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_ODT_PARAGRAPHS = frozenset((TEXT_NS + "p", TEXT_NS + "h"))
_ODT_CHARACTERS = {TEXT_NS + "tab": "\t", TEXT_NS + "line-break": "\n"}
# <text:s text:c="n"/> stands for n spaces; more than this many in a row add nothing to search.
MAX_SPACES = 100


def odt_lines(stream: Readable, budget: TextBudget) -> Iterator[str]:
    """The text of a `content.xml` stream, one paragraph or heading per line, parsed as a stream.

    ODF text is mixed content (text, then a span, then more text after it), so each piece is taken as soon as
    the parser has passed it: an element's leading text when its first child starts (or when it ends, if it
    has none), and a child's trailing text when the next sibling starts (or the parent ends)."""
    depth = 0  # how many paragraphs the parser is inside (notes hold paragraphs inside paragraphs)
    parts: list[str] = []
    length = 0
    clock = 1
    for event, element in iterparse(stream):
        clock -= 1
        if not clock:
            clock = CLOCK_EVERY
            if not budget.in_time():
                return
        if event == "start":
            if depth:
                previous = element.getprevious()
                piece = previous.tail if previous is not None else element.getparent().text
                parts.append(piece or "")
                length += len(piece or "")
            if element.tag in _ODT_PARAGRAPHS:
                depth += 1
        else:
            if depth:
                piece = element[-1].tail if len(element) else element.text
                parts.append(piece or "")
                parts.append(_odt_character(element))
                length += len(piece or "") + len(parts[-1])
            if element.tag in _ODT_PARAGRAPHS:
                depth -= 1
                if not depth:
                    yield "".join(parts)
                    parts, length = [], 0
            forget(element)
        if length > budget.room:
            yield "".join(parts)
            return


def _odt_character(element: Any) -> str:
    if element.tag == TEXT_NS + "s":
        count = element.get(TEXT_NS + "c", "1")
        spaces = (MAX_SPACES if len(count) > 3 else int(count)) if count.isdigit() else 1
        return " " * min(spaces, MAX_SPACES)
    return _ODT_CHARACTERS.get(element.tag, "")
