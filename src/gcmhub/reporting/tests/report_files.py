"""Reading the report's three formats back in tests: the text a reader sees, and what each format says about
direction and language."""

import io
import zipfile
from typing import Any

import pypdf
import pypdfium2
from docx import Document as open_docx

from gcmhub.core.tests.typed import present


def docx_text(data: bytes) -> str:
    document = open_docx(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def docx_xml(data: bytes, name: str = "word/document.xml") -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode()


def docx_headings(data: bytes) -> list[tuple[str, str]]:
    document = open_docx(io.BytesIO(data))
    return [
        (present(p.style).name, p.text)
        for p in document.paragraphs
        if present(p.style).name.startswith("Heading")
    ]


def pdf_reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in pdf_reader(data).pages)


def pdf_first_page_text(data: bytes) -> str:
    return pdf_reader(data).pages[0].extract_text()


def pdf_fonts(data: bytes) -> set[str]:
    fonts: set[str] = set()
    for page in pdf_reader(data).pages:
        resources: Any = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


def pdf_page_ink(data: bytes, index: int) -> int:
    """How many pixels of page `index`, rendered, are not white."""
    document = pypdfium2.PdfDocument(data)
    image = document[index].render(scale=1).to_pil().convert("L")
    return sum(image.histogram()[:200])
