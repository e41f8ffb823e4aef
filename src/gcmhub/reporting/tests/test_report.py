"""The report builder: the draft in DOCX, PDF and HTML with its chapters, known figures, quotes with
attribution in their own language, the annex of sources; the same data gives the same bytes; nothing
unpublished gets in; with no call it says so on its first page."""

import re
from typing import Any

import pytest

from gcmhub.reporting import report
from gcmhub.reporting.tests import report_data as data
from gcmhub.reporting.tests.report_files import (
    docx_headings,
    docx_text,
    docx_xml,
    pdf_first_page_text,
    pdf_page_ink,
    pdf_text,
)

CHAPTERS = [
    "Inputs received in response to the call",
    "Progress of the work plan",
    "The Migration Multi-Partner Trust Fund",
    "Practices and national implementation plans",
    "Coverage of the 23 objectives",
    "Annex: sources of the figures",
]


@pytest.fixture
def report_data(secretariat: Any, member_state: Any, stakeholder: Any, focal_point: Any) -> data.ReportData:
    return data.build_data(secretariat, member_state, stakeholder, focal_point)


def figure(document: report.Document, label: str) -> report.document.Figure:
    [found] = [f for f in document.figures if f.label == label]
    return found


def test_the_figures_come_from_the_data_with_their_sources(report_data: data.ReportData) -> None:
    document, _data = report.build_report("html")
    call = report_data.call
    assert figure(document, "Organizations whose public responses are used").value == "2"
    objective = "Objective 15: Basic services"
    on_objective = figure(document, f"Responding organizations: {objective}, all audiences")
    assert on_objective.value == "2"
    assert on_objective.source == "reporting.public_responses"
    assert f"call {call.pk}" in on_objective.filters
    assert on_objective.url.endswith(f"/reporting/calls/{call.pk}/")
    assert figure(document, f"Responding organizations: {objective}, Member States").value == "1"
    assert figure(document, f"Responding organizations: {objective}, Stakeholders").value == "1"
    assert figure(document, "Activities with the status “Completed”").value == "1"
    assert figure(document, "Activities with the status “Delayed”").value == "2"
    contributions = figure(document, "Fund MPTF: Contributions received")
    assert contributions.value == "1,234,567.00"
    assert "/fund/MPTF/statement/?as_of=" in contributions.url
    # The draft practice is not counted; the published one is, in its region (the Americas).
    assert figure(document, f"Published practices: {objective}, all regions").value == "1"
    assert figure(document, f"Published practices: {objective}, Americas").value == "1"
    assert figure(document, f"Published practices: {objective}, Africa").value == "0"


def test_html_has_every_chapter_the_figures_and_quotes_in_their_language(
    report_data: data.ReportData,
) -> None:
    _document, html_bytes = report.build_report("html")
    html = html_bytes.decode()
    for title in CHAPTERS:
        assert f">{title}</h2>" in html
    assert '<html lang="en" dir="ltr">' in html
    assert "1,234,567.00" in html
    assert f'<blockquote lang="es" dir="auto">{data.SPANISH_QUOTE}</blockquote>' in html
    assert f'<blockquote lang="ar" dir="auto">{data.ARABIC_QUOTE}</blockquote>' in html
    assert "Government of Mexico (GOV-MEX), response to “Inputs to the 2026 biennial report”" in html
    # The annex lists every figure with its number, source and a link to check it.
    rows = re.findall(r'<tr id="F(\d+)">', html)
    assert rows == [str(n) for n in range(1, len(rows) + 1)] and len(rows) > 50
    assert "<svg" in html and 'class="bar"' in html


def test_docx_has_word_headings_a_toc_field_and_the_figures(report_data: data.ReportData) -> None:
    _document, docx = report.build_report("docx")
    headings = docx_headings(docx)
    assert [text for style, text in headings if style == "Heading 1"] == CHAPTERS
    xml = docx_xml(docx)
    assert 'TOC \\o "1-2" \\h \\z \\u' in xml
    assert "w:updateFields" in docx_xml(docx, "word/settings.xml")
    text = docx_text(docx)
    assert "1,234,567.00" in text
    assert data.SPANISH_QUOTE in text
    assert '<w:lang w:val="es"/>' in xml


def test_pdf_has_page_numbers_the_chapters_and_the_figures(report_data: data.ReportData) -> None:
    _document, pdf = report.build_report("pdf")
    text = pdf_text(pdf)
    for title in CHAPTERS:
        assert title in text
    assert "1,234,567.00" in text
    assert data.SPANISH_QUOTE[:40] in text
    assert re.search(r"\b1 / \d+\b", pdf_first_page_text(pdf))
    assert pdf_page_ink(pdf, 0) > 500


@pytest.mark.parametrize("fmt", report.FORMATS)
def test_the_same_data_gives_the_same_bytes(report_data: data.ReportData, fmt: str) -> None:
    _first, one = report.build_report(fmt)
    _second, two = report.build_report(fmt)
    assert one == two


def test_nothing_unpublished_gets_in(report_data: data.ReportData, other_focal_point: Any) -> None:
    data.add_draft(other_focal_point, report_data.call)
    for fmt, read in (("html", bytes.decode), ("docx", docx_text), ("pdf", pdf_text)):
        _document, content = report.build_report(fmt)
        text = read(content)
        assert data.PRIVATE_SECRET not in text
        assert data.DRAFT_SECRET not in text
        assert "7,654,321.00" not in text and "Fund HIDDEN" not in text
        assert "A draft practice" not in text
        assert "UNEP" not in text and "IOM)" not in text


def test_without_a_call_the_first_page_says_so(db: None) -> None:
    _document, pdf = report.build_report("pdf")
    first = " ".join(pdf_first_page_text(pdf).split())
    assert "No call for inputs was used" in first
    _document, html = report.build_report("html")
    notice = html.decode().split('<nav class="toc"')[0]
    assert "No call for inputs was used" in notice
    assert "No call for inputs was used" in docx_text(report.build_report("docx")[1]).split("\n")[2]


def test_a_call_that_is_not_published_is_refused(secretariat: Any) -> None:
    from gcmhub.core.exceptions import ValidationFailed
    from gcmhub.reporting.tests.conftest import build_call

    hidden = build_call(secretariat, publish=False)
    with pytest.raises(ValidationFailed, match=f"no published call for inputs {hidden.pk}"):
        report.build_report("html", call_id=hidden.pk)
