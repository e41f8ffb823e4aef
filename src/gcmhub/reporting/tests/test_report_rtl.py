"""The report in Arabic: right to left in every format, with real Arabic glyphs in the PDF, while quotes keep
their own language and direction."""

from typing import Any

import pytest

from gcmhub.reporting import report
from gcmhub.reporting.tests import report_data as data
from gcmhub.reporting.tests.report_files import docx_xml, pdf_fonts, pdf_page_ink, pdf_text

# Labels of the work plan chapter that the Arabic catalogue already translates.
ARABIC_STATUS = "الحالة"
ARABIC_ACTIVITIES = "الأنشطة"


@pytest.fixture
def report_data(secretariat: Any, member_state: Any, stakeholder: Any, focal_point: Any) -> data.ReportData:
    return data.build_data(secretariat, member_state, stakeholder, focal_point)


def test_html_in_arabic_is_right_to_left(report_data: data.ReportData) -> None:
    html = report.build_report("html", language="ar")[1].decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert f'<th scope="col">{ARABIC_STATUS}</th>' in html
    # A Spanish quote keeps its language inside the Arabic report.
    assert f'<blockquote lang="es" dir="auto">{data.SPANISH_QUOTE}</blockquote>' in html
    # The work plan's English section titles stay left to right, so their punctuation keeps its place.
    assert '<th scope="row"><span dir="ltr">Protecting the human rights, safety' in html


def test_docx_in_arabic_has_bidi_paragraphs(report_data: data.ReportData) -> None:
    docx = report.build_report("docx", language="ar")[1]
    xml = docx_xml(docx)
    assert xml.count("<w:bidi/>") > 50
    assert "<w:bidiVisual/>" in xml
    assert "<w:rtl/>" in xml
    assert ARABIC_STATUS in xml
    # In the English build only the Arabic quote is right to left.
    english = docx_xml(report.build_report("docx", language="en")[1])
    assert english.count("<w:bidi/>") == 1
    assert english.index("<w:bidi/>") < english.index(data.ARABIC_QUOTE)


def test_pdf_in_arabic_embeds_an_arabic_font_and_shows_arabic_text(report_data: data.ReportData) -> None:
    pdf = report.build_report("pdf", language="ar")[1]
    fonts = pdf_fonts(pdf)
    assert any("Noto-Sans-Arabic" in font or "Noto-Naskh-Arabic" in font for font in fonts), fonts
    text = pdf_text(pdf)
    assert ARABIC_STATUS in text and ARABIC_ACTIVITIES in text
    assert pdf_page_ink(pdf, 0) > 500


def test_pdf_in_chinese_embeds_a_cjk_font(report_data: data.ReportData) -> None:
    pdf = report.build_report("pdf", language="zh-hans")[1]
    assert any("CJK" in font for font in pdf_fonts(pdf))
