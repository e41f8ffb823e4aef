"""Attachment files: the type is decided by the content (magic bytes and zip members, never the name), and
the text is extracted for search within the limits of `gcmhub.core.documents`. A file over a hard limit is
refused; a file over a soft limit is accepted with its searchable text cut short (docs/knowledge.md,
"Attachment limits"). Anything else is refused with a clear message."""

import dataclasses
import re
import struct
import zipfile
from collections.abc import Callable
from typing import IO

from django.utils.translation import gettext as _

from gcmhub.core.documents import (
    DocumentLimits,
    SafeZip,
    TextBudget,
    docx_paragraphs,
    odt_lines,
    open_zip,
)
from gcmhub.core.exceptions import ValidationFailed

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_SPACES = re.compile(r"[ \t\r\f\v]+")
# What a damaged or hostile zip container makes the zip module raise.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    ValueError,
    OSError,
    EOFError,
    NotImplementedError,
    RuntimeError,
    struct.error,
)


def refuse() -> ValidationFailed:
    return ValidationFailed(
        _("Only PDF, DOCX, ODT and XLSX files can be attached, and this file is none of them."),
        code="unsupported_file",
    )


def detect_type(stream: IO[bytes]) -> str:
    """ "pdf", "docx", "odt" or "xlsx", read from the file's content; ValidationFailed for anything else, and
    DocumentRefused for a zip container over the hard limits (checked here, before anything is unpacked)."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        raise refuse()
    try:
        with open_zip(stream, DocumentLimits.from_settings()) as archive:
            return _office_type(archive)
    except ZIP_ERRORS as exc:
        raise refuse() from exc
    finally:
        stream.seek(0)


def _office_type(archive: SafeZip) -> str:
    names = archive.names
    if "mimetype" in names and "content.xml" in names:
        with archive.open("mimetype") as part:
            if part.read(len(ODT_MIMETYPE) + 2).strip() == ODT_MIMETYPE:
                return "odt"
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return "docx"
    if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
        return "xlsx"
    raise refuse()


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _pdf_text(stream: IO[bytes], limits: DocumentLimits, budget: TextBudget) -> None:
    from pypdf import PdfReader

    reader = PdfReader(stream)
    if reader.is_encrypted:
        raise ValidationFailed(
            _("This PDF is protected by a password; attach an unprotected copy."), code="encrypted"
        )
    for number, page in enumerate(reader.pages):
        if number == limits.max_pdf_pages:
            budget.stop("pages")
            return
        if not budget.add((page.extract_text() or "") + "\n"):
            return


def _docx_text(stream: IO[bytes], limits: DocumentLimits, budget: TextBudget) -> None:
    with open_zip(stream, limits) as archive, archive.open("word/document.xml") as part:
        for paragraph in docx_paragraphs(part, budget):
            if not budget.add(paragraph.text + "\n"):
                return


def _odt_text(stream: IO[bytes], limits: DocumentLimits, budget: TextBudget) -> None:
    with open_zip(stream, limits) as archive, archive.open("content.xml") as part:
        for line in odt_lines(part, budget):
            if not budget.add(line + "\n"):
                return


def _xlsx_text(stream: IO[bytes], limits: DocumentLimits, budget: TextBudget) -> None:
    import openpyxl

    # openpyxl opens the zip itself: check its directory first (the zip module then never unpacks more
    # than a part declares), and read sheets row by row in read-only mode, counting every cell.
    with open_zip(stream, limits):
        pass
    stream.seek(0)
    workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    cells = 0
    try:
        for sheet in workbook.worksheets:
            budget.add(sheet.title + "\n")
            # Rows are padded to the size the sheet declares; pad them to the cells really there instead.
            sheet.reset_dimensions()
            for row in sheet.iter_rows(values_only=True):
                cells += len(row)
                if cells > limits.max_cells:
                    budget.stop("cells")
                    return
                line = " ".join(str(value) for value in row if value is not None)
                if not (budget.add(line + "\n") if line else budget.in_time()):
                    return
    finally:
        workbook.close()


Extractor = Callable[[IO[bytes], DocumentLimits, TextBudget], None]
EXTRACTORS: dict[str, Extractor] = {
    "pdf": _pdf_text,
    "docx": _docx_text,
    "odt": _odt_text,
    "xlsx": _xlsx_text,
}


@dataclasses.dataclass(frozen=True)
class Extracted:
    """A file's searchable text, and the soft limit that cut it short ("text", "time", "pages" or "cells"),
    or "" when the whole file was read."""

    text: str
    stopped: str


def extract(stream: IO[bytes], file_type: str) -> Extracted:
    """The file's text within the limits; a file that claims a type but cannot be read, or is over a hard
    limit, is refused."""
    limits = DocumentLimits.from_settings()
    budget = TextBudget(limits.max_text_chars, limits.max_seconds)
    stream.seek(0)
    try:
        EXTRACTORS[file_type](stream, limits, budget)
    except ValidationFailed:
        raise
    except Exception as exc:  # a damaged file can fail in any of four parsers in many ways
        raise ValidationFailed(
            _("This %(type)s file is damaged or cannot be read.") % {"type": file_type.upper()},
            code="damaged_file",
        ) from exc
    finally:
        stream.seek(0)
    return Extracted(_tidy(budget.text()), budget.stopped)


def extract_text(stream: IO[bytes], file_type: str) -> str:
    return extract(stream, file_type).text
