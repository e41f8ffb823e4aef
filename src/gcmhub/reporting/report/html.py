"""The report as one self-contained HTML page (styles inline, charts as inline SVG), and as PDF through
WeasyPrint from the same page with print styles: page numbers from CSS @page counters, a table of contents
with page numbers, and fonts from the system (Debian's fonts-noto-core and fonts-noto-cjk, installed at
set-up)."""

import datetime
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager

from django.template.loader import render_to_string
from django.utils import translation

from gcmhub.reporting.report.document import Document

# WeasyPrint reports each layout step at INFO; a build's own log lines say enough.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def fixed_moment(document: Document) -> datetime.datetime:
    """The document's creation date: the "data as of" day at midnight UTC, never the time of the build."""
    return datetime.datetime.combine(document.as_of, datetime.time(), tzinfo=datetime.UTC)


def render_html(document: Document, *, for_print: bool = False) -> str:
    with translation.override(document.language):
        return render_to_string(
            "reporting/report/document.html",
            {
                "document": document,
                "for_print": for_print,
                "created": fixed_moment(document).strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        )


@contextmanager
def _source_date(moment: datetime.datetime) -> Iterator[None]:
    """Font subsetting stamps each embedded font with a date; fontTools takes SOURCE_DATE_EPOCH for it, so the
    same report gives the same bytes. Restored afterwards."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


def render_pdf(document: Document) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango is slow and only PDF builds need it

    page = render_html(document, for_print=True)
    with _source_date(fixed_moment(document)):
        pdf: bytes = HTML(string=page, base_url=None).write_pdf()
    return pdf
