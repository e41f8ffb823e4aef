"""A Word file's styles and numbering parts are read whole, so each is capped (`MAX_DOCX_STYLE_BYTES`) below
the limit of the file's other parts."""

import io
import random
import zipfile

import pytest

from gcmhub.workplan.importer import ImportRejected
from gcmhub.workplan.importer.reader import MAX_BYTES, MAX_DOCX_STYLE_BYTES, read_document
from gcmhub.workplan.tests.fixtures.importer import docx_from_text

W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def with_part(name: str, size: int) -> bytes:
    """A small Word document whose part `name` is well-formed XML of `size` bytes: hexadecimal filler in a
    comment, which packs about two to one (under the upload limit, far from a zip bomb's ratio)."""
    head, tail = b"<w:styles " + W + b"><!-- ", b" --></w:styles>"
    filler = random.Random(7).randbytes((size - len(head) - len(tail)) // 2).hex().encode()
    source = zipfile.ZipFile(io.BytesIO(docx_from_text("Section 1: Data\nA line of text")))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for item in source.infolist():
            if item.filename != name:
                archive.writestr(item.filename, source.read(item.filename))
        archive.writestr(name, head + filler + tail)
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["word/styles.xml", "word/numbering.xml"])
def test_a_styles_or_numbering_part_over_its_cap_is_refused(name: str) -> None:
    data = with_part(name, MAX_DOCX_STYLE_BYTES + 4096)
    assert len(data) < MAX_BYTES  # the file itself is accepted; only the part is too big
    with pytest.raises(ImportRejected) as refused:
        read_document(data, "plan.docx")
    assert refused.value.code == "unpacks_too_large"
    assert "8.0\xa0MB" in refused.value.message


def test_a_styles_part_just_under_its_cap_is_read() -> None:
    data = with_part("word/styles.xml", MAX_DOCX_STYLE_BYTES - 4096)
    assert read_document(data, "plan.docx") == "Section 1: Data\nA line of text"
