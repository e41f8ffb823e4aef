"""The report as an editable Word document: Word's own Title and Heading styles (so the navigation pane and
the table of contents work), a TOC field that Word fills in on opening, tables with the same figures as the
HTML, quotes in their own language, right-to-left paragraphs for Arabic. Charts are left to the tables that
carry the same figures. Core properties and the zip entries' dates are fixed, so the same report gives the
same bytes."""

import io
import zipfile
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document as new_docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

from gcmhub.reporting.report.document import (
    Block,
    Chart,
    Document,
    Heading,
    Notice,
    Paragraph,
    Quote,
    Sources,
    Table,
    direction_of,
)
from gcmhub.reporting.report.html import fixed_moment

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
AUTHOR = "United Nations Network on Migration"


class Writer:
    """Adds blocks to a python-docx document, marking each paragraph's direction and language."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.rtl = document.direction == "rtl"
        self.docx: Any = new_docx()
        self.docx.styles["Normal"].font.size = Pt(10.5)

    def paragraph(self, text: str, style: str | None = None, *, language: str | None = None) -> Any:
        paragraph = self.docx.add_paragraph(style=style)
        run = paragraph.add_run(text)
        self.mark(paragraph, run, language or self.document.language)
        return paragraph

    def mark(self, paragraph: Any, run: Any, language: str) -> None:
        """Right to left for Arabic (the paragraph's w:bidi, the run's w:rtl); every run says its language."""
        if direction_of(language) == "rtl":
            paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))
            run._r.get_or_add_rPr().append(OxmlElement("w:rtl"))
        lang = OxmlElement("w:lang")
        tag = language.split("-")[0]
        attribute = {"ar": "w:bidi", "zh": "w:eastAsia"}.get(tag, "w:val")
        lang.set(qn(attribute), language)
        run._r.get_or_add_rPr().append(lang)

    def table(self, columns: list[str], rows: list[list[str]]) -> None:
        table = self.docx.add_table(rows=1, cols=len(columns))
        table.style = self.docx.styles["Table Grid"]
        if self.rtl:
            table._tbl.tblPr.append(OxmlElement("w:bidiVisual"))
        for cell, text in zip(table.rows[0].cells, columns, strict=True):
            self.cell(cell, text, bold=True)
        for values in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, values, strict=True):
                self.cell(cell, text)

    def cell(self, cell: Any, text: str, *, bold: bool = False) -> None:
        paragraph = cell.paragraphs[0]
        run = paragraph.add_run(text)
        run.bold = bold
        run.font.size = Pt(8.5)
        self.mark(paragraph, run, self.document.language)

    def table_of_contents(self) -> None:
        """A TOC field over Heading 1 and 2; Word fills it in when the document is opened (updateFields)."""
        self.paragraph(_("Contents"), "TOC Heading" if "TOC Heading" in self._styles() else "Heading 1")
        paragraph = self.docx.add_paragraph()
        run = paragraph.add_run()
        for kind, text in (("begin", None), ("instr", 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None)):
            if kind == "instr":
                element = OxmlElement("w:instrText")
                element.set(qn("xml:space"), "preserve")
                element.text = text
            else:
                element = OxmlElement("w:fldChar")
                element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        placeholder = paragraph.add_run(_("Update this field to show the table of contents."))
        self.mark(paragraph, placeholder, self.document.language)
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        paragraph.add_run()._r.append(end)
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        self.docx.settings.element.append(update)

    def _styles(self) -> set[str]:
        return {style.name for style in self.docx.styles}

    def block(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.paragraph(block.text, f"Heading {block.level}")
        elif isinstance(block, Paragraph):
            self.paragraph(block.text)
        elif isinstance(block, Notice):
            self.paragraph(block.text, "Intense Quote")
        elif isinstance(block, Quote):
            self.paragraph(block.text, "Quote", language=block.language)
            self.paragraph(f"— {block.attribution}")
        elif isinstance(block, Table):
            self.paragraph(block.caption, "Caption")
            self.table(block.columns, block.rows)
            if block.note:
                self.paragraph(block.note)
        elif isinstance(block, Chart):
            return  # its table, just before it, carries the same figures
        elif isinstance(block, Sources):
            self.paragraph(block.caption, "Caption")
            columns = [
                _("No."),
                _("Figure"),
                _("Value"),
                _("Source"),
                _("Filters"),
                _("Data as of"),
                _("Check it at"),
            ]
            rows = [[f.key, f.label, f.value, f.source, f.filters, block.as_of, f.url] for f in block.figures]
            self.table(columns, rows)


def render_docx(document: Document) -> bytes:
    with translation.override(document.language):
        writer = Writer(document)
        if writer.rtl:
            writer.docx.sections[0]._sectPr.append(OxmlElement("w:bidi"))
        writer.paragraph(document.title, "Title")
        writer.paragraph(document.subtitle, "Subtitle")
        for block in document.front:
            writer.block(block)
        writer.table_of_contents()
        for block in document.blocks:
            writer.block(block)
        _core_properties(writer.docx, document)
        buffer = io.BytesIO()
        writer.docx.save(buffer)
    return _fixed_zip(buffer.getvalue())


def _core_properties(docx: Any, document: Document) -> None:
    properties = docx.core_properties
    moment = fixed_moment(document).replace(tzinfo=None)
    properties.title = document.title
    properties.subject = document.subtitle
    properties.author = AUTHOR
    properties.last_modified_by = AUTHOR
    properties.language = document.language
    properties.created = moment
    properties.modified = moment
    properties.last_printed = moment
    properties.revision = 1


def _fixed_zip(data: bytes) -> bytes:
    """The same entries in the same order, each dated 1980-01-01 instead of the time of the build."""
    source = zipfile.ZipFile(io.BytesIO(data))
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(entry.filename))
    return output.getvalue()
