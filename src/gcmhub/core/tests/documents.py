"""Hostile and oversized documents for the tests of every upload that reads DOCX, ODT, XLSX or PDF files.
Each is written to its zip in chunks, so building a 250 MB document never holds 250 MB in memory."""

import functools
import io
import struct
import tracemalloc
import zipfile
from collections.abc import Callable
from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CONTENT_TYPES_XML = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)
PARAGRAPH = "<w:p><w:r><w:t>Paragraph of a very long report on migration governance</w:t></w:r></w:p>"


@functools.cache
def _word_package() -> dict[str, bytes]:
    """The parts of an empty document as python-docx writes it (relationships, styles, numbering…)."""
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist() if name != "word/document.xml"}


def docx_of_paragraphs(count: int, paragraph: str = PARAGRAPH, numbered: bool = False) -> bytes:
    """A Word document (a complete package: python-docx opens it) whose word/document.xml is `count` copies of
    `paragraph` (`numbered`: each carries its number, so the text does not compress like a bomb)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _word_package().items():
            archive.writestr(name, content)
        with archive.open("word/document.xml", "w") as part:
            part.write(f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body>'.encode())
            block = 1000
            for start in range(0, count, block):
                size = min(block, count - start)
                if numbered:
                    chunk = "".join(
                        f"<w:p><w:r><w:t>Paragraph {n} on corridor {n * 7919 % 104729}</w:t></w:r></w:p>"
                        for n in range(start, start + size)
                    )
                else:
                    chunk = paragraph * size
                part.write(chunk.encode())
            part.write(b"</w:body></w:document>")
    return buffer.getvalue()


def zip_bomb(unpacked: int) -> bytes:
    """A small Word document carrying a part of `unpacked` zero bytes (a classic zip bomb)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        archive.writestr("word/document.xml", f'<w:document xmlns:w="{W_NS}"><w:body/></w:document>')
        with archive.open("word/media/image1.png", "w") as part:
            zeros = bytes(1024 * 1024)
            for _ in range(unpacked // len(zeros)):
                part.write(zeros)
    return buffer.getvalue()


def lie_about_size(data: bytes, name: str, declared: int) -> bytes:
    """`data` with the unpacked size of part `name` changed to `declared` in both of the zip's records of it
    (its local header and the central directory); the packed bytes still unpack to the real size."""
    raw = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local_header = archive.getinfo(name).header_offset
    struct.pack_into("<I", raw, local_header + 22, declared)
    end = raw.rfind(b"PK\x05\x06")
    (entry,) = struct.unpack_from("<I", raw, end + 16)
    while raw[entry : entry + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", raw, entry + 28)
        if raw[entry + 46 : entry + 46 + name_length] == name.encode():
            struct.pack_into("<I", raw, entry + 24, declared)
            return bytes(raw)
        entry += 46 + name_length + extra_length + comment_length
    raise KeyError(name)


def with_parts(data: bytes, count: int) -> bytes:
    """`data` (a zip) with `count` more tiny parts."""
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a") as archive:
        for number in range(count):
            archive.writestr(f"customXml/extra{number}.xml", "<x/>")
    return buffer.getvalue()


def xlsx_of_empty_cells(rows: int, columns: int, first: str = "Remittance corridors") -> bytes:
    """A workbook whose first sheet has `first` in A1 and then `rows` by `columns` empty cells, each written
    out (as some exporters do) and the whole range declared as the sheet's size."""
    import openpyxl
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    workbook.active.append([first])
    template = io.BytesIO()
    workbook.save(template)
    letters = [get_column_letter(c) for c in range(1, columns + 1)]
    buffer = io.BytesIO()
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info, source.read(info))
                continue
            with out.open("xl/worksheets/sheet1.xml", "w") as part:
                part.write(
                    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                    b'<dimension ref="A1:%s%d"/><sheetData>' % (letters[-1].encode(), rows + 1)
                )
                part.write(f'<row r="1"><c r="A1" t="inlineStr"><is><t>{first}</t></is></c></row>'.encode())
                for row in range(2, rows + 2):
                    cells = "".join(f'<c r="{letter}{row}"/>' for letter in letters)
                    part.write(f'<row r="{row}">{cells}</row>'.encode())
                part.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def pdf_of_pages(texts: list[str]) -> bytes:
    """A PDF with one page per text, each page's text drawn with a standard font."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for text in texts:
        page, content = len(objects) + 1, len(objects) + 2
        kids.append(b"%d 0 R" % page)
        stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
            b"/Resources << /Font << /F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >> >>"
            % content
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(texts))
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def unpacked_size(data: bytes) -> int:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return sum(info.file_size for info in archive.infolist())


def peak_memory(work: Callable[[], Any]) -> tuple[Any, int]:
    """What `work` returned (or the exception it raised) and the peak of Python memory it allocated."""
    tracemalloc.start()
    try:
        outcome: Any = work()
    except Exception as exc:  # the caller asserts on which refusal it was
        outcome = exc
    finally:
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return outcome, peak
