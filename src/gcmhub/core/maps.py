"""A world choropleth drawn on the server as SVG (no JavaScript), from geometry projected once at build time
(`core/mapbuild.py`, `gcmhub build_world_map`, into `core/data/world-map.json`).

Countries are keyed by their ISO 3166-1 numeric code, which is also their M49 code (reference Country.m49).
"""

import functools
import hashlib
import json
from collections.abc import Sequence
from typing import Any

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from gcmhub.core.mapbuild import WORLD_MAP

Category = tuple[str, str, str]  # (key, label, css_class)

STYLE = (
    ".gcm-map{margin:0}.gcm-map svg{width:100%;height:auto;display:block;background:#f4f7fa}"
    ".gcm-map path{fill:#dde3e9;stroke:#fff;stroke-width:.6}"
    ".gcm-map path:hover{stroke:#1b1f24;stroke-width:1}"
    ".gcm-map .map-cat-1{fill:#005a9c}.gcm-map .map-cat-2{fill:#2e8b57}.gcm-map .map-cat-3{fill:#c27c0e}"
    ".gcm-map .map-cat-4{fill:#7b3f98}.gcm-map .map-cat-5{fill:#a4161a}.gcm-map .map-cat-6{fill:#5d7285}"
    ".gcm-map-legend{list-style:none;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;padding:0;margin:.5rem 0 0}"
    ".gcm-map-legend svg{width:1rem;height:1rem;vertical-align:middle;margin-inline-end:.35rem;"
    "background:none;display:inline}.gcm-map-legend path{stroke:#4a5560;stroke-width:1}"
)


@functools.lru_cache(maxsize=1)
def _world_map() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(WORLD_MAP.read_text(encoding="utf-8"))
    return data


def country_paths() -> tuple[tuple[str, str, str], ...]:
    """(M49 code, English name, SVG path) for every country on the map, as built."""
    return tuple((code, name, d) for code, name, d in _world_map()["countries"])


def map_size() -> tuple[int, int]:
    """The drawing's width and height in SVG units."""
    data = _world_map()
    return int(data["width"]), int(data["height"])


def map_codes() -> set[str]:
    """The M49 codes the map can colour (small islands are not drawn at this scale)."""
    return {code for code, _name, _d in country_paths()}


def _swatch(css_class: str) -> SafeString:
    return format_html(
        '<svg viewBox="0 0 10 10" aria-hidden="true" focusable="false">'
        '<path class="{}" d="M0 0h10v10H0z"/></svg>',
        css_class,
    )


def world_map_svg(
    values: dict[str, str],
    categories: Sequence[Category],
    title: str,
    *,
    names: dict[str, str] | None = None,
    none_label: str | None = None,
) -> SafeString:
    """A figure with the SVG world map, countries coloured by category, a legend and a <title> per country.

    `values` maps M49 codes to category keys; `categories` is (key, label, css_class) in legend order
    (classes map-cat-1 … map-cat-6 have a built-in palette); `names` gives country names in the reader's
    language (default: English names from the map data)."""
    by_key = {key: (label, css_class) for key, label, css_class in categories}
    names = names or {}
    none_label = none_label if none_label is not None else _("No information")
    counts = {key: 0 for key in by_key}
    for key in values.values():
        if key in counts:
            counts[key] += 1
    ident = "map-" + hashlib.sha1(title.encode()).hexdigest()[:8]
    summary = "; ".join(
        _("%(label)s: %(count)d") % {"label": label, "count": counts[key]} for key, label, _css in categories
    )
    paths = []
    for code, default_name, d in country_paths():
        label, css_class = by_key.get(values.get(code, ""), (none_label, "map-none"))
        tooltip = _("%(country)s: %(category)s") % {
            "country": names.get(code, default_name),
            "category": label,
        }
        paths.append(
            format_html(
                '<path class="{}" data-m49="{}" d="{}"><title>{}</title></path>', css_class, code, d, tooltip
            )
        )
    legend = format_html_join(
        "",
        '<li>{}{} <span class="muted">({})</span></li>',
        ((_swatch(css), label, counts[key]) for key, label, css in categories),
    )
    svg = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc><style>{}</style>{}</svg>',
        *map_size(),
        ident,
        ident,
        ident,
        title,
        ident,
        summary,
        mark_safe(STYLE),
        mark_safe("".join(paths)),
    )
    return format_html(
        '<figure class="gcm-map">{}<figcaption><ul class="gcm-map-legend">{}<li>{}{}</li></ul>'
        "</figcaption></figure>",
        svg,
        legend,
        _swatch("map-none"),
        none_label,
    )
