"""Word documents: the shipped text as .docx imports to the identical structure; tables, content in order and
Word's automatic list numbers are read."""

import io
from typing import Any

import docx
import pytest

from gcmhub.workplan.export import version_as_dict
from gcmhub.workplan.importer import import_document, parse_text, read_document, reference_from_db
from gcmhub.workplan.tests.fixtures.importer import SHIPPED_TEXT, current, docx_from_text, row_counts


def saved(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_of_the_shipped_text_reads_line_for_line() -> None:
    text = read_document(docx_from_text(SHIPPED_TEXT), "plan.docx")
    assert text.split("\n") == [line.rstrip("\r") for line in SHIPPED_TEXT.split("\n")]


@pytest.mark.django_db
def test_a_docx_of_the_shipped_text_imports_to_the_identical_structure(secretariat: Any) -> None:
    outcome = import_document(
        docx_from_text(SHIPPED_TEXT), "plan.docx", actor=secretariat, plan_slug="word-copy"
    )
    assert outcome.created
    assert version_as_dict(outcome.version) == version_as_dict(current())
    assert outcome.version.structure_sha256 == current().structure_sha256
    shipped_issues = list(current().import_issues.values_list("line", "code"))
    # The report lists the lead proposals after the parse; the stored report is by line.
    assert sorted((i.line, i.code) for i in outcome.issues) == sorted(shipped_issues)


@pytest.mark.django_db
def test_a_docx_of_the_shipped_text_is_unchanged_for_the_current_plan(secretariat: Any) -> None:
    before = row_counts()
    outcome = import_document(docx_from_text(SHIPPED_TEXT), "plan.docx", actor=secretariat)
    assert not outcome.created
    assert outcome.version == current()
    assert row_counts() == before


def test_it_reads_table_cells_and_automatic_list_numbers_in_document_order() -> None:
    document = docx.Document()
    document.add_heading("Work plan", level=0)
    document.add_heading("Thematic Area 1: Data", level=1)
    table = document.add_table(rows=2, cols=1)
    table.cell(0, 0).text = "GCM Objectives:"
    table.cell(1, 0).text = "Objective 1: Collect data"
    document.add_paragraph("Expected results:")
    document.add_paragraph("First result", style="List Number")
    document.add_paragraph("Output: a programme")
    document.add_paragraph("Second result", style="List Number")
    document.add_paragraph("An aside", style="List Bullet")
    paragraph = document.add_paragraph()
    paragraph.add_run("Membership:").bold = True
    paragraph.add_run(" IOM")
    text = read_document(saved(document), "plan.docx")
    assert text.split("\n") == [
        "Work plan",
        "Thematic Area 1: Data",
        "GCM Objectives:",
        "Objective 1: Collect data",
        "Expected results:",
        "1. First result",
        "Output: a programme",
        "2. Second result",
        "An aside",
        "Membership: IOM",
    ]
    parsed = parse_text(text)
    results = parsed.sections[0].results
    assert [r.number for r in results] == [1, 2]
    assert results[0].title == "First result"


def test_line_breaks_and_tabs_inside_a_paragraph_become_lines_and_spaces() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("Title")
    paragraph.add_run().add_break()
    paragraph.add_run("Thematic Area 1:\tData")
    assert read_document(saved(document), "plan.DOCX").split("\n") == ["Title", "Thematic Area 1:\tData"]


@pytest.mark.django_db
def test_an_empty_docx_is_rejected(secretariat: Any) -> None:
    from gcmhub.workplan.importer import ImportRejected

    with pytest.raises(ImportRejected, match="no text"):
        import_document(saved(docx.Document()), "empty.docx", actor=secretariat)


def test_the_stored_reference_links_do_not_depend_on_the_file_type(db: None) -> None:
    reference = reference_from_db()
    from_docx = parse_text(read_document(docx_from_text(SHIPPED_TEXT), "p.docx"), reference=reference)
    from_text = parse_text(read_document(SHIPPED_TEXT.encode(), "p.txt"), reference=reference)
    assert from_docx.as_dict() == from_text.as_dict()
