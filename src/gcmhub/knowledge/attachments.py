"""Attachment files: the type is decided by the content (magic bytes and zip members, never the name), and
the text is extracted for search. Anything else is refused with a clear message."""

import io
import re
import zipfile
from typing import IO
from xml.etree import ElementTree

from django.utils.translation import gettext as _

from gcmhub.core.exceptions import ValidationFailed

# Extracted text kept per file: enough for search, bounded so a huge spreadsheet cannot fill the database.
MAX_TEXT_CHARS = 500_000
# A zip whose members would unpack beyond this is refused (zip bombs).
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
_SPACES = re.compile(r"[ \t\r\f\v]+")


def refuse() -> ValidationFailed:
    return ValidationFailed(
        _("Only PDF, DOCX, ODT and XLSX files can be attached, and this file is none of them."),
        code="unsupported_file",
    )


def detect_type(stream: IO[bytes]) -> str:
    """ "pdf", "docx", "odt" or "xlsx", read from the file's content; ValidationFailed for anything else."""
    stream.seek(0)
    head = stream.read(8)
    stream.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if not head.startswith(b"PK\x03\x04"):
        raise refuse()
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise ValidationFailed(
                    _("This file unpacks to too much data to be accepted."), code="zip_bomb"
                )
            if (
                "mimetype" in names
                and archive.read("mimetype").strip() == ODT_MIMETYPE
                and "content.xml" in names
            ):
                return "odt"
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
            if "[Content_Types].xml" in names and "xl/workbook.xml" in names:
                return "xlsx"
    except zipfile.BadZipFile as exc:
        raise refuse() from exc
    finally:
        stream.seek(0)
    raise refuse()


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)[:MAX_TEXT_CHARS]


def _pdf_text(stream: IO[bytes]) -> str:
    from pypdf import PdfReader

    reader = PdfReader(stream)
    if reader.is_encrypted:
        raise ValidationFailed(
            _("This PDF is protected by a password; attach an unprotected copy."), code="encrypted"
        )
    parts: list[str] = []
    size = 0
    for page in reader.pages:
        text = page.extract_text() or ""
        parts.append(text)
        size += len(text)
        if size > MAX_TEXT_CHARS:
            break
    return "\n".join(parts)


def _docx_text(stream: IO[bytes]) -> str:
    import docx

    document = docx.Document(stream)
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _odt_text(stream: IO[bytes]) -> str:
    with zipfile.ZipFile(stream) as archive:
        root = ElementTree.fromstring(archive.read("content.xml"))
    text_ns = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    blocks = [
        "".join(element.itertext())
        for element in root.iter()
        if element.tag in (f"{text_ns}p", f"{text_ns}h")
    ]
    return "\n".join(blocks)


def _xlsx_text(stream: IO[bytes]) -> str:
    import openpyxl

    workbook = openpyxl.load_workbook(stream, read_only=True, data_only=True)
    parts: list[str] = []
    size = 0
    try:
        for sheet in workbook.worksheets:
            parts.append(sheet.title)
            for row in sheet.iter_rows(values_only=True):
                line = " ".join(str(value) for value in row if value is not None)
                if line:
                    parts.append(line)
                    size += len(line)
                if size > MAX_TEXT_CHARS:
                    return "\n".join(parts)
    finally:
        workbook.close()
    return "\n".join(parts)


EXTRACTORS = {"pdf": _pdf_text, "docx": _docx_text, "odt": _odt_text, "xlsx": _xlsx_text}


def extract_text(stream: IO[bytes], file_type: str) -> str:
    """The file's text; a file that claims a type but cannot be read is refused."""
    stream.seek(0)
    data = io.BytesIO(stream.read())
    stream.seek(0)
    try:
        return _tidy(EXTRACTORS[file_type](data))
    except ValidationFailed:
        raise
    except Exception as exc:  # a damaged file can fail in any of four parsers in many ways
        raise ValidationFailed(
            _("This %(type)s file is damaged or cannot be read.") % {"type": file_type.upper()},
            code="damaged_file",
        ) from exc
