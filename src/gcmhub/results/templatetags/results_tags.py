"""Formatting for money, shares and progress in the fund and results pages."""

from decimal import Decimal
from typing import Any

from django import template
from django.template.defaultfilters import floatformat
from django.utils.safestring import SafeString

from gcmhub.results import charts
from gcmhub.results.queries.progress import Figure

register = template.Library()


@register.filter
def usd(value: Decimal | None) -> str:
    """An amount with two decimals, grouped as the reader's language groups digits."""
    return "—" if value is None else floatformat(value, "2g")


@register.filter
def pct(value: Decimal | None, places: int = 1) -> str:
    """A share (0.8125) as a percentage (81.3 %)."""
    return "—" if value is None else f"{floatformat(value * 100, f'{places}g')} %"


@register.filter
def figure(value: Figure | None, unit: str = "") -> str:
    """A reported value: the number (and numerator/denominator of a ratio), or the text."""
    if value is None:
        return "—"
    if value.text and value.value is None:
        return value.text
    if value.value is None:
        return "—"
    shown = floatformat(value.value.normalize(), "-4g")
    if value.numerator is not None and value.denominator is not None:
        numerator = floatformat(value.numerator.normalize(), "-4g")
        shown = f"{shown} ({numerator}/{floatformat(value.denominator.normalize(), '-4g')})"
    return f"{shown} {unit}".strip()


@register.simple_tag
def show_figure(value: Figure | None, indicator: Any) -> str:
    """A figure as its indicator reads: yes or no, a percentage, or a number with its unit."""
    from django.utils.translation import gettext

    vtype = getattr(indicator, "value_type", "")
    if value is not None and value.value is not None and vtype == "yes_no":
        return gettext("Yes") if value.value >= 1 else gettext("No")
    unit = getattr(indicator, "unit", "") or ("%" if vtype == "percentage" else "")
    return figure(value, unit)


@register.simple_tag
def bar(value: Decimal | None, maximum: Decimal | None, label: str = "") -> SafeString:
    return charts.bar(value, maximum, label)


@register.simple_tag
def progress_bar(progress: Decimal | None, status: str | None) -> SafeString:
    return charts.progress_bar(progress, status)


@register.simple_tag
def target_actual_chart(periods: Any, title: str) -> SafeString:
    return charts.target_actual_chart(periods, title)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def status_label(status: str | None) -> str:
    from gcmhub.results.queries import ProgressStatus

    return str(ProgressStatus(status).label) if status in ProgressStatus.values else ""
