"""Bar charts with SVG bars drawn by hand (like core/maps.py): no plotting library, the same bytes for the
same data. Each bar is its own small SVG beside an HTML label, so the page lays out the labels (Arabic
shaping, Chinese glyphs, right-to-left order) and the SVG only draws the bar."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

BAR_WIDTH = 300
BAR_HEIGHT = 14
COLOUR = "#005a9c"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal
    shown: str  # the value as the report writes it


@dataclass(frozen=True)
class BarRow:
    label: str
    shown: str
    svg: str


def bar_svg(length: int, *, rtl: bool = False) -> str:
    """One bar `length` units long out of BAR_WIDTH, drawn from the start edge of its line (the right edge in
    a right-to-left report)."""
    length = max(length, 1)
    start = BAR_WIDTH - length if rtl else 0
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="bar" aria-hidden="true" width="{BAR_WIDTH}" '
        f'height="{BAR_HEIGHT}" viewBox="0 0 {BAR_WIDTH} {BAR_HEIGHT}">'
        f'<rect x="{start}" y="0" width="{length}" height="{BAR_HEIGHT}" fill="{COLOUR}"/></svg>'
    )


def bar_chart(bars: Sequence[Bar], *, rtl: bool = False) -> list[BarRow]:
    """The bars scaled to the largest value, each with its label and value."""
    largest = max((bar.value for bar in bars), default=Decimal(0))
    return [
        BarRow(
            bar.label, bar.shown, bar_svg(int(bar.value * BAR_WIDTH / largest) if largest > 0 else 0, rtl=rtl)
        )
        for bar in bars
    ]
