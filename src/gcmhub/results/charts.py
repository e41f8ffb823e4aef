"""Charts drawn on the server as small inline SVG (no JavaScript, a few hundred bytes each): bars, progress
bars and target-versus-actual columns. Every chart has a text alternative and sits next to a data table."""

from collections.abc import Sequence
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from gcmhub.results.queries.progress import PeriodRow, clamp

ZERO = Decimal(0)


def _pct(part: Decimal | None, whole: Decimal | None) -> Decimal:
    if part is None or not whole or whole <= 0:
        return ZERO
    return min(max(part / whole * 100, ZERO), Decimal(100)).quantize(Decimal("0.1"))


def bar(value: Decimal | None, maximum: Decimal | None, label: str = "", css_class: str = "") -> SafeString:
    """A horizontal bar as wide as `value` is of `maximum` (mirrored for right-to-left pages by CSS)."""
    width = _pct(value, maximum)
    return format_html(
        '<svg class="gcm-bar {}" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label="{}" '
        'focusable="false"><rect class="gcm-bar-track" width="100" height="8"/>'
        '<rect class="gcm-bar-fill" width="{}" height="8"/></svg>',
        css_class,
        label,
        width,
    )


def progress_bar(progress: Decimal | None, status: str | None) -> SafeString:
    """Progress toward the target (capped at 100 %), coloured by status; a dash when unknown."""
    if progress is None:
        return format_html('<span class="muted">{}</span>', _("No approved value yet"))
    shown = (clamp(progress) * 100).quantize(Decimal("1"))
    label = _("%(percent)s%% of the way from baseline to target") % {
        "percent": (progress * 100).quantize(Decimal("1"))
    }
    return format_html(
        '<span class="gcm-progress">{}<span class="gcm-progress-value">{}%</span></span>',
        bar(shown, Decimal(100), label, f"status-bar-{status or 'none'}"),
        (progress * 100).quantize(Decimal("1")),
    )


def target_actual_chart(periods: Sequence[PeriodRow], title: str) -> SafeString:
    """Columns of target and actual for each period (the time axis reads left to right in every language)."""
    rows = [
        p
        for p in periods
        if (p.target and p.target.value is not None) or (p.actual and p.actual.value is not None)
    ]
    if not rows:
        return mark_safe("")
    values = [
        v for p in rows for v in (p.target.value if p.target else None, p.actual.value if p.actual else None)
    ]
    top = max([v for v in values if v is not None] + [Decimal(0)])
    top = top if top > 0 else Decimal(1)
    width, height, base = max(len(rows) * 84, 252), 176, 150
    columns = []
    for index, row in enumerate(rows):
        x = index * 84 + 12
        for offset, css, figure in ((0, "gcm-col-target", row.target), (30, "gcm-col-actual", row.actual)):
            if figure is None or figure.value is None:
                continue
            h = max(min(figure.value / top, Decimal(1)), ZERO) * 130
            columns.append(
                format_html(
                    '<rect class="{}" x="{}" y="{}" width="28" height="{}"><title>{}</title></rect>',
                    css,
                    x + offset,
                    (base - h).quantize(Decimal("0.1")),
                    h.quantize(Decimal("0.1")),
                    _("%(period)s: %(value)s") % {"period": row.period, "value": figure.value.normalize()},
                )
            )
        columns.append(format_html('<text x="{}" y="{}">{}</text>', x + 29, base + 18, row.period))
    legend = format_html(
        '<ul class="gcm-legend"><li><span class="gcm-swatch gcm-col-target"></span>{}</li>'
        '<li><span class="gcm-swatch gcm-col-actual"></span>{}</li></ul>',
        _("Target"),
        _("Actual (approved)"),
    )
    return format_html(
        '<figure class="gcm-chart">'
        '<svg width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="{}" dir="ltr">'
        '<line x1="0" y1="{}" x2="{}" y2="{}" class="gcm-axis"/>{}</svg><figcaption>{}</figcaption></figure>',
        width,
        height,
        width,
        height,
        title,
        base,
        width,
        base,
        format_html_join("", "{}", ((c,) for c in columns)),
        legend,
    )
