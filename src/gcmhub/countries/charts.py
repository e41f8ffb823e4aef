"""Server-rendered SVG for the countries pages: a line over the years, and the choropleth's classes. Every
chart has a table beside it on the page, so nothing depends on reading the picture."""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from gcmhub.core.maps import Category, world_map_svg
from gcmhub.countries.models import BilateralStock, IndicatorValue

WIDTH, HEIGHT, PAD = 320, 150, 24
CLASSES = 5


def plain(value: Decimal) -> Decimal:
    """The value without trailing zeros and without an exponent (100, not 1E+2)."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def shown(value: Decimal | int) -> str:
    """A value for people: grouped thousands, at most two decimals, in the reader's locale."""
    value = Decimal(value)
    places = 0 if value == value.to_integral_value() else 2
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


def line_chart(values: Sequence[IndicatorValue], title: str) -> SafeString:
    """The values over the years, left to right in every language (time reads that way on charts)."""
    if len(values) < 2:
        return mark_safe("")
    years = [v.year for v in values]
    top = max(v.value for v in values) or Decimal(1)
    span = (max(years) - min(years)) or 1

    def point(v: IndicatorValue) -> tuple[float, float]:
        x = PAD + (v.year - min(years)) / span * (WIDTH - 2 * PAD)
        y = HEIGHT - PAD - float(v.value / top) * (HEIGHT - 2 * PAD)
        return round(x, 1), round(y, 1)

    points = [point(v) for v in values]
    dots = format_html_join(
        "",
        '<circle cx="{}" cy="{}" r="3"><title>{}</title></circle>',
        ((x, y, f"{v.year}: {shown(v.value)}") for (x, y), v in zip(points, values, strict=True)),
    )
    labels = format_html(
        '<text x="{}" y="{}">{}</text><text x="{}" y="{}" text-anchor="end">{}</text>',
        PAD,
        HEIGHT - 4,
        min(years),
        WIDTH - PAD,
        HEIGHT - 4,
        max(years),
    )
    return format_html(
        '<svg class="country-chart" viewBox="0 0 {} {}" role="img" aria-label="{}" dir="ltr">'
        '<polyline points="{}"/>{}{}</svg>',
        WIDTH,
        HEIGHT,
        title,
        " ".join(f"{x},{y}" for x, y in points),
        dots,
        labels,
    )


def stock_chart(stocks: Sequence[BilateralStock], title: str) -> SafeString:
    """The bilateral stock over the years, drawn as the indicator lines are."""
    points = [IndicatorValue(year=s.year, value=Decimal(s.value)) for s in stocks]
    return line_chart(points, title)


def _breaks(values: list[Decimal]) -> list[Decimal]:
    """Quantile class limits, so each colour holds about as many countries."""
    ordered = sorted(values)
    return [ordered[min(len(ordered) - 1, len(ordered) * i // CLASSES)] for i in range(1, CLASSES)]


def choropleth(values: Sequence[IndicatorValue], title: str, names: dict[str, str]) -> SafeString:
    """The world map with countries in five classes of the value (quantiles), labelled with their ranges."""
    usable = [v for v in values if v.country and v.country.m49]
    if not usable:
        return mark_safe("")
    limits = _breaks([v.value for v in usable])
    lows = [min(v.value for v in usable), *limits]
    highs = [*limits, max(v.value for v in usable)]
    categories: list[Category] = [
        (str(i), _("%(low)s to %(high)s") % {"low": shown(low), "high": shown(high)}, f"map-cat-{i + 1}")
        for i, (low, high) in enumerate(zip(lows, highs, strict=True))
    ]
    by_code = {v.country.m49: str(sum(1 for limit in limits if v.value > limit)) for v in usable if v.country}
    return world_map_svg(by_code, categories, title, names=names, none_label=_("No value"))
