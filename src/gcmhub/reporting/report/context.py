"""What every chapter builder gets: the call used (if any), the "data as of" date, the figure book, and
links to the pages and open-data addresses where a figure can be checked."""

import datetime
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import formats

from gcmhub.reporting.models import Call
from gcmhub.reporting.report.document import FigureBook, direction_of

# Everything in the report is what an anonymous reader may see: published content only.
PUBLIC = AnonymousUser()


@dataclass
class Context:
    call: Call | None
    as_of: datetime.date
    language: str
    book: FigureBook = field(init=False)

    def __post_init__(self) -> None:
        self.book = FigureBook(self.as_of)

    def page(self, name: str, *args: Any, query: dict[str, Any] | None = None) -> str:
        """The absolute address of a page, in the report's language (the caller activated it)."""
        return absolute(reverse(name, args=args), query)

    def api(self, path: str, query: dict[str, Any] | None = None) -> str:
        """An open-data address under /api/v1/."""
        return absolute(f"/api/v1/{path}", query)

    @property
    def rtl(self) -> bool:
        return direction_of(self.language) == "rtl"

    @property
    def as_of_text(self) -> str:
        return date_text(self.as_of)


def absolute(path: str, query: dict[str, Any] | None = None) -> str:
    url = settings.SITE_URL.rstrip("/") + path
    return f"{url}?{urlencode(query)}" if query else url


def date_text(day: datetime.date) -> str:
    return formats.date_format(day, "DATE_FORMAT", use_l10n=True)
