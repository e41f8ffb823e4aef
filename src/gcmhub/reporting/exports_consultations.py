"""A consultation's comments by paragraph, as XLSX (openpyxl) and DOCX (python-docx), in the reader's language
(Arabic laid out right to left). An export holds what its reader may see: hidden comments only for the
secretariat, and how comments were taken into account once that is public."""

import io
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import AnyUser
from gcmhub.reporting.models import Comment, Consultation, Disposition
from gcmhub.reporting.queries_consultations import (
    ConsultationText,
    ParagraphView,
    consultation_text,
    may_see_dispositions,
)

# Text starting with these would run as a formula in a spreadsheet.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


def paragraph_label(view: ParagraphView) -> str:
    if view.removed_in is not None:
        return _("On a paragraph removed in version %(number)d") % {"number": view.removed_in}
    return _("Paragraph %(number)d") % {"number": view.position}


def _disposition(comment: Comment, shown: bool) -> tuple[str, str]:
    if not shown or not comment.disposition:
        return "", ""
    return str(Disposition(comment.disposition).label), comment.disposition_reason


def _status(comment: Comment) -> str:
    if comment.is_hidden:
        return _("Hidden by the secretariat: %(reason)s") % {"reason": comment.hidden_reason}
    return ""


def _rows(text: ConsultationText, dispositions: bool) -> list[list[str]]:
    """One row per comment and reply, grouped by paragraph in the order of the text."""
    rows = []
    for view in text.all():
        for thread in view.threads:
            for comment in (thread.comment, *thread.replies):
                outcome, reason = _disposition(comment, dispositions)
                rows.append(
                    [
                        paragraph_label(view),
                        view.text,
                        str(comment.pk),
                        str(comment.parent_id or ""),
                        comment.organization.acronym,
                        comment.language,
                        comment.created_at.date().isoformat(),
                        comment.text,
                        _("Yes") if comment.is_official else "",
                        _status(comment),
                        outcome,
                        reason,
                    ]
                )
    return rows


def _headings() -> list[str]:
    return [
        _("Paragraph"),
        _("Text of the paragraph"),
        _("Comment"),
        _("In reply to"),
        _("Organization"),
        _("Language"),
        _("Date"),
        _("Text of the comment"),
        _("Answer of the secretariat"),
        _("Moderation"),
        _("How it was taken into account"),
        _("Reason"),
    ]


def _is_rtl() -> bool:
    return bool(translation.get_language_bidi())


def comments_xlsx(user: AnyUser, consultation: Consultation) -> bytes:
    """One sheet, one row per comment or reply, grouped by paragraph."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    text = consultation_text(user, consultation)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Comments")[:31]
    sheet.sheet_view.rightToLeft = _is_rtl()
    sheet.append(_headings())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in _rows(text, may_see_dispositions(user, consultation)):
        sheet.append([_cell(value) for value in row])
    wrap = Alignment(wrap_text=True, vertical="top")
    for letter, width in {"A": 22, "B": 60, "H": 60, "J": 30, "K": 22, "L": 40}.items():
        sheet.column_dimensions[letter].width = width
        for cell in sheet[letter][1:]:
            cell.alignment = wrap
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _right_to_left(paragraph: Any) -> None:
    """Mark a Word paragraph as right-to-left (python-docx has no property for it)."""
    from docx.oxml import OxmlElement

    paragraph._p.get_or_add_pPr().append(OxmlElement("w:bidi"))


def comments_docx(user: AnyUser, consultation: Consultation) -> bytes:
    """A heading and the quoted text for each commented paragraph, then a table of its comments."""
    import docx

    text = consultation_text(user, consultation)
    dispositions = may_see_dispositions(user, consultation)
    document = docx.Document()
    blocks = [document.add_heading(consultation.title, level=1)]
    blocks.append(
        document.add_paragraph(
            _("Comments on version %(number)d of the text.") % {"number": text.version.number}
        )
    )
    for view in text.all():
        if not view.threads:
            continue
        blocks.append(document.add_heading(paragraph_label(view), level=2))
        blocks.append(document.add_paragraph(view.text, style="Quote"))
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        heading = [_("Organization"), _("Comment"), _("How it was taken into account"), _("Reason")]
        for cell, label in zip(table.rows[0].cells, heading, strict=True):
            cell.text = label
        for thread in view.threads:
            for comment in (thread.comment, *thread.replies):
                cells = table.add_row().cells
                cells[0].text = _comment_source(comment)
                cells[1].text = "\n".join(filter(None, [comment.text, _status(comment)]))
                cells[2].text, cells[3].text = _disposition(comment, dispositions)
        blocks.extend(p for row in table.rows for cell in row.cells for p in cell.paragraphs)
    if _is_rtl():
        for paragraph in blocks:
            _right_to_left(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _comment_source(comment: Comment) -> str:
    acronym = comment.organization.acronym
    if comment.is_official:
        return _("%(organization)s (answer of the secretariat)") % {"organization": acronym}
    if comment.parent_id is not None:
        return _("%(organization)s (reply)") % {"organization": acronym}
    return acronym
