"""The Secretary-General's biennial report builder (docs/report-builder.md): `build_report` gathers the call's
responses, the work plan's progress, the fund, the knowledge base and the coverage of the objectives into a
draft in DOCX, PDF or HTML, in any language of the interface."""

import datetime

from gcmhub.reporting.report.builder import (
    CONTENT_TYPES,
    FORMATS,
    Progress,
    check_format,
    check_language,
    compose,
    latest_change,
    resolve_call,
)
from gcmhub.reporting.report.document import Document
from gcmhub.reporting.report.outline import Outline, default_outline, parse_outline, parse_outline_text


def render(document: Document, fmt: str) -> bytes:
    from gcmhub.reporting.report.docx import render_docx
    from gcmhub.reporting.report.html import render_html, render_pdf

    check_format(fmt)
    if fmt == "docx":
        return render_docx(document)
    if fmt == "pdf":
        return render_pdf(document)
    return render_html(document).encode()


def build_report(
    fmt: str,
    *,
    call_id: int | None = None,
    language: str = "en",
    outline: Outline | None = None,
    as_of: datetime.date | None = None,
    progress: Progress | None = None,
) -> tuple[Document, bytes]:
    """The report in `fmt` ("docx", "pdf" or "html"); ValidationFailed for a bad format, language or call."""
    check_format(fmt)
    document = compose(
        outline or default_outline(), call_id=call_id, language=language, as_of=as_of, progress=progress
    )
    return document, render(document, fmt)


def file_name(document: Document, fmt: str) -> str:
    return f"sg-report-draft-{document.as_of.isoformat()}-{document.language}.{fmt}"


__all__ = [
    "CONTENT_TYPES",
    "FORMATS",
    "Document",
    "Outline",
    "build_report",
    "check_format",
    "check_language",
    "default_outline",
    "file_name",
    "latest_change",
    "parse_outline",
    "parse_outline_text",
    "render",
    "resolve_call",
]
