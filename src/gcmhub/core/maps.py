"""A world choropleth drawn on the server as SVG from the vendored world-atlas TopoJSON (no JavaScript).

Countries are keyed by their ISO 3166-1 numeric code, which is also their M49 code (reference Country.m49).
"""

import functools
import hashlib
import itertools
import json
import math
from collections.abc import Sequence
from pathlib import Path

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

TOPOJSON = (
    Path(__file__).resolve().parent.parent / "static" / "vendor" / "world-atlas" / "countries-110m.json"
)
WIDTH = 960
# Antarctica carries no data here and would take a fifth of the height.
EXCLUDED = {"010"}
MIN_LATITUDE = -58.0

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


def natural_earth(longitude: float, latitude: float) -> tuple[float, float]:
    """The Natural Earth I projection (Šavrič et al. 2011), in radians-scaled units."""
    lam, phi = math.radians(longitude), math.radians(latitude)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)))
    y = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))
    return x, y


_X_MAX = natural_earth(180, 0)[0]
_Y_MAX = natural_earth(0, 90)[1]
_Y_MIN = natural_earth(0, MIN_LATITUDE)[1]
_SCALE = WIDTH / (2 * _X_MAX)
HEIGHT = round((_Y_MAX - _Y_MIN) * _SCALE)


def _to_svg(longitude: float, latitude: float) -> tuple[float, float]:
    x, y = natural_earth(longitude, latitude)
    return (x + _X_MAX) * _SCALE, (_Y_MAX - y) * _SCALE


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Absolute longitude/latitude positions of every arc (TopoJSON stores quantized deltas)."""
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            points = []
            for dx, dy, *_rest in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(p[0], p[1]) for p in arc]
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        # A negative index ~i means arc i walked backwards.
        arc = arcs[~index][::-1] if index < 0 else arcs[index]
        points.extend(arc[1:] if points else arc)
    return points


def _clip(points: list[tuple[float, float]], bound: float, keep_below: bool) -> list[tuple[float, float]]:
    """Sutherland-Hodgman clipping of a ring against the meridian `bound` (one half-plane)."""

    def inside(p: tuple[float, float]) -> bool:
        return p[0] <= bound if keep_below else p[0] >= bound

    out: list[tuple[float, float]] = []
    for i, current in enumerate(points):
        previous = points[i - 1]
        if inside(current) != inside(previous):
            t = (bound - previous[0]) / (current[0] - previous[0])
            out.append((bound, previous[1] + t * (current[1] - previous[1])))
        if inside(current):
            out.append(current)
    return out


def split_antimeridian(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """Rings that cross ±180° (Russia, Fiji) are made continuous, then cut at the map's edges."""
    if not any(abs(b[0] - a[0]) > 180 for a, b in itertools.pairwise(points)):
        return [points]
    offset = 0.0
    unwrapped = [points[0]]
    for previous, (longitude, latitude) in itertools.pairwise(points):
        step = longitude - previous[0]
        offset += -360 if step > 180 else 360 if step < -180 else 0
        unwrapped.append((longitude + offset, latitude))
    if offset:  # a ring around a pole: leave it as it is
        return [points]
    pieces = []
    for shift in (0.0, 360.0, -360.0):
        piece = _clip(_clip([(x + shift, y) for x, y in unwrapped], 180.0, True), -180.0, False)
        if len(piece) >= 3:
            pieces.append(piece)
    return pieces


def _ring_path(points: list[tuple[float, float]]) -> str:
    """One closed ring as relative SVG commands on a 0.1-pixel grid, dropping repeated points."""
    parts: list[str] = []
    previous: tuple[int, int] | None = None
    for longitude, latitude in points:
        x, y = _to_svg(longitude, max(latitude, MIN_LATITUDE))
        current = (round(x * 10), round(y * 10))
        if previous is None:
            parts.append(f"M{current[0] / 10:g} {current[1] / 10:g}")
        elif current != previous:
            parts.append(f"l{(current[0] - previous[0]) / 10:g} {(current[1] - previous[1]) / 10:g}")
        previous = current
    return "".join(parts) + "z" if len(parts) > 2 else ""


@functools.lru_cache(maxsize=1)
def country_paths() -> tuple[tuple[str, str, str], ...]:
    """(M49 code, English name, SVG path) for every country on the map; decoded once per process."""
    topology = json.loads(TOPOJSON.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        code = geometry.get("id")
        if not code or code in EXCLUDED:
            continue
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        d = "".join(
            _ring_path(piece)
            for polygon in polygons
            for ring in polygon
            for piece in split_antimeridian(_ring(ring, arcs))
        )
        countries.append((str(code), geometry.get("properties", {}).get("name", code), d))
    return tuple(countries)


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
        WIDTH,
        HEIGHT,
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
