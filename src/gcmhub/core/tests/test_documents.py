"""Reading documents within limits: zip containers checked before and while they are unpacked, Word and
OpenDocument XML read as a stream, text cut at a length and a time budget."""

import dataclasses
import io
import zipfile

import pytest

from gcmhub.core import documents
from gcmhub.core.documents import (
    DocumentLimits,
    DocumentRefused,
    TextBudget,
    docx_paragraphs,
    odt_lines,
    open_zip,
)
from gcmhub.core.tests.documents import W_NS, docx_of_paragraphs, lie_about_size, with_parts, zip_bomb

LIMITS = DocumentLimits(
    max_part_bytes=64 * 1024 * 1024,
    max_unpacked_bytes=256 * 1024 * 1024,
    max_ratio=100,
    max_parts=5000,
    max_text_chars=500_000,
    max_seconds=20,
    max_pdf_pages=1000,
    max_cells=200_000,
)


def refusal(data: bytes, limits: DocumentLimits = LIMITS) -> str:
    # The refusal may come from opening the archive or from reading any part of it.
    with pytest.raises(DocumentRefused) as refused, open_zip(io.BytesIO(data), limits) as archive:  # noqa: PT012
        for name in sorted(archive.names):
            archive.read(name)
    return refused.value.code


def test_a_part_over_the_part_limit_is_refused_from_the_directory() -> None:
    data = docx_of_paragraphs(20_000, numbered=True)  # about 1.3 MB of XML
    assert refusal(data, dataclasses.replace(LIMITS, max_part_bytes=1024 * 1024)) == "unpacks_too_large"


def test_parts_together_over_the_total_are_refused() -> None:
    data = docx_of_paragraphs(20_000, numbered=True)
    assert refusal(data, dataclasses.replace(LIMITS, max_unpacked_bytes=1024 * 1024)) == "unpacks_too_large"


def test_a_zip_bomb_is_refused_by_its_compression_ratio() -> None:
    assert refusal(zip_bomb(64 * 1024 * 1024)) == "compression_ratio"


def test_too_many_parts_are_refused_before_the_directory_is_loaded() -> None:
    data = with_parts(docx_of_paragraphs(1), 30)
    assert refusal(data, dataclasses.replace(LIMITS, max_parts=10)) == "too_many_parts"


def test_a_compression_office_documents_do_not_use_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_LZMA) as archive:
        archive.writestr("word/document.xml", "<x/>")
    assert refusal(buffer.getvalue()) == "unsupported_compression"


def test_a_part_that_unpacks_to_more_than_it_declares_is_stopped_while_unpacking() -> None:
    data = docx_of_paragraphs(10_000)
    with open_zip(io.BytesIO(data), LIMITS) as archive:
        part = documents._CountedPart(io.BytesIO(b"x" * 5000), 1000, archive, LIMITS.max_part_bytes)
        with pytest.raises(DocumentRefused) as refused:
            part.read()
    assert refused.value.code == "size_mismatch"


def test_a_part_whose_declared_size_lies_never_unpacks_past_it() -> None:
    real = docx_of_paragraphs(100_000)  # about 9 MB of XML
    data = lie_about_size(real, "word/document.xml", 50_000)
    with open_zip(io.BytesIO(data), LIMITS) as archive, archive.open("word/document.xml") as part:
        # The checksum of what was declared does not match, at whichever read passes the declared size.
        with pytest.raises(zipfile.BadZipFile):  # noqa: PT012
            while part.read(65536):
                pass
        assert part.count <= 50_000


def test_the_part_limit_is_enforced_while_unpacking_too() -> None:
    data = docx_of_paragraphs(10_000)
    with open_zip(io.BytesIO(data), LIMITS) as archive, pytest.raises(DocumentRefused) as refused:
        archive.read("word/document.xml", max_bytes=100_000)
    assert refused.value.code == "unpacks_too_large"


def docx_xml(body: str) -> io.BytesIO:
    return io.BytesIO(f'<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'.encode())


def test_word_paragraphs_are_read_in_order_without_text_boxes_or_deleted_text() -> None:
    body = (
        '<w:p><w:pPr><w:pStyle w:val="Heading1"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr>'
        "</w:pPr><w:r><w:t>Title</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>In a cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "<w:p><w:r><w:t>Kept</w:t><w:tab/><w:t>text</w:t><w:br/><w:t>next line</w:t></w:r>"
        "<w:del><w:r><w:delText>deleted</w:delText></w:r></w:del>"
        "<w:r><w:txbxContent><w:p><w:r><w:t>in a text box</w:t></w:r></w:p></w:txbxContent></w:r></w:p>"
    )
    paragraphs = list(docx_paragraphs(docx_xml(body), TextBudget(1000, 20)))
    assert [p.text for p in paragraphs] == ["Title", "In a cell", "Kept\ttext\nnext line"]
    assert (paragraphs[0].style, paragraphs[0].num_id, paragraphs[0].level) == ("Heading1", "7", "1")
    assert paragraphs[1].style is None


def test_entities_are_never_expanded_nor_fetched() -> None:
    xml = (
        '<?xml version="1.0"?><!DOCTYPE w:document ['
        '<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>x&b;&secret;y</w:t></w:r></w:p></w:body>'
        "</w:document>"
    )
    texts = [p.text for p in docx_paragraphs(io.BytesIO(xml.encode()), TextBudget(1000, 20))]
    assert "aaaa" not in "".join(texts) and "root:" not in "".join(texts)


def test_a_paragraph_longer_than_the_budget_ends_the_reading() -> None:
    body = "<w:p>" + "<w:r><w:t>word </w:t></w:r>" * 10_000 + "</w:p><w:p><w:r><w:t>after</w:t></w:r></w:p>"
    budget = TextBudget(100, 20)
    paragraphs = [p.text for p in docx_paragraphs(docx_xml(body), budget)]
    assert len(paragraphs) == 1
    assert not budget.add(paragraphs[0])
    assert budget.stopped == "text" and budget.text() == "word " * 20


def test_reading_stops_when_the_time_budget_is_spent() -> None:
    budget = TextBudget(1000, -1)  # already spent
    assert list(docx_paragraphs(docx_xml("<w:p><w:r><w:t>x</w:t></w:r></w:p>"), budget)) == []
    assert budget.stopped == "time"


def test_opendocument_mixed_content_is_read_in_order() -> None:
    xml = (
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
        "<text:h>Heading</text:h>"
        '<text:p>Skills <text:span>recognition</text:span> for<text:s text:c="3"/>refugees'
        "<text:line-break/>and <text:span>their <text:span>families</text:span></text:span>.</text:p>"
        '<text:p>Many<text:s text:c="999999999999"/>spaces</text:p>'
        "</office:text></office:body></office:document-content>"
    )
    lines = list(odt_lines(io.BytesIO(xml.encode()), TextBudget(10_000, 20)))
    assert lines == [
        "Heading",
        "Skills recognition for   refugees\nand their families.",
        "Many" + " " * documents.MAX_SPACES + "spaces",
    ]
