"""The report as a list of blocks that every renderer (HTML, PDF, DOCX) lays out the same way, and the book
of figures behind the annex of sources: each figure the report shows is recorded once, with where it comes
from and where a reader can check it."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import ClassVar

from django.utils import formats

from gcmhub.reporting.report.charts import BarRow

RTL_LANGUAGES = {"ar"}


def direction_of(language: str) -> str:
    return "rtl" if language.split("-")[0] in RTL_LANGUAGES else "ltr"


@dataclass(frozen=True)
class Heading:
    kind: ClassVar[str] = "heading"
    level: int  # 1 for a chapter, 2 for a section inside it
    text: str
    anchor: str


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    text: str


@dataclass(frozen=True)
class Notice:
    """A sentence the reader must not miss (e.g. that no call for inputs was used)."""

    kind: ClassVar[str] = "notice"
    text: str


@dataclass(frozen=True)
class Quote:
    """An excerpt of an answer: it keeps its own language, and says who said it in which call."""

    kind: ClassVar[str] = "quote"
    text: str
    language: str
    attribution: str

    @property
    def direction(self) -> str:
        return direction_of(self.language)


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    caption: str
    columns: list[str]
    # Each row: its header (first cell) then one cell per remaining column.
    rows: list[list[str]]
    # "Figures F3 to F40 in the annex", so each cell can be traced.
    note: str = ""


@dataclass(frozen=True)
class Chart:
    """A bar chart with SVG bars (HTML and PDF); the DOCX keeps the table that carries the same figures."""

    kind: ClassVar[str] = "chart"
    caption: str
    rows: list[BarRow]


@dataclass(frozen=True)
class Sources:
    """The annex: every figure with its source, filters, as-of date and where to check it."""

    kind: ClassVar[str] = "sources"
    caption: str
    figures: list["Figure"]
    as_of: str


Block = Heading | Paragraph | Notice | Quote | Table | Chart | Sources


@dataclass(frozen=True)
class Figure:
    """One figure of the report and its source, for the annex."""

    number: int
    label: str
    value: str
    source: str
    filters: str
    url: str

    @property
    def key(self) -> str:
        return f"F{self.number}"


@dataclass
class FigureBook:
    as_of: datetime.date
    figures: list[Figure] = field(default_factory=list)

    def add(self, label: str, value: str, *, source: str, filters: str = "", url: str = "") -> str:
        """Record a figure and return its value as shown."""
        self.figures.append(Figure(len(self.figures) + 1, label, value, source, filters, url))
        return value

    def count(self, label: str, value: int, **source: str) -> str:
        return self.add(label, number(value), **source)

    def money(self, label: str, value: Decimal, **source: str) -> str:
        return self.add(label, usd(value), **source)

    @property
    def next_number(self) -> int:
        return len(self.figures) + 1


def number(value: int) -> str:
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def usd(value: Decimal) -> str:
    return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


@dataclass
class Document:
    title: str
    subtitle: str
    language: str
    as_of: datetime.date
    # Before the table of contents: which call the report draws on, or that it used none.
    front: list[Block]
    blocks: list[Block]
    figures: list[Figure]

    @property
    def direction(self) -> str:
        return direction_of(self.language)

    @property
    def headings(self) -> list[Heading]:
        return [block for block in self.blocks if isinstance(block, Heading)]
