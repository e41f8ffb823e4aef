"""Builds the world map's geometry once, when the data is built: the vendored world-atlas TopoJSON is decoded,
projected (Natural Earth I), cut at the antimeridian and written as one SVG path per country to
`core/data/world-map.json` by `gcmhub build_world_map`. Pages only draw it (core/maps.py).

Countries are keyed by their ISO 3166-1 numeric code, which is also their M49 code (reference Country.m49).
"""

import itertools
import json
import math
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent.parent
TOPOJSON = PACKAGE_DIR / "static" / "vendor" / "world-atlas" / "countries-110m.json"
WORLD_MAP = Path(__file__).resolve().parent / "data" / "world-map.json"
WIDTH = 960
# Antarctica carries no data here and would take a fifth of the height.
EXCLUDED = {"010"}
MIN_LATITUDE = -58.0


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


def decode_arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
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


def country_paths(topojson: Path = TOPOJSON) -> list[tuple[str, str, str]]:
    """(M49 code, English name, SVG path) for every country of the TopoJSON, projected for the map."""
    topology = json.loads(topojson.read_text(encoding="utf-8"))
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
    return countries


def world_map_data(topojson: Path = TOPOJSON) -> dict[str, Any]:
    """What `core/data/world-map.json` holds: the drawing's size and every country's path."""
    return {
        "source": "world-atlas 2.0.2 countries-110m.json (static/vendor/world-atlas), Natural Earth 1:110m",
        "width": WIDTH,
        "height": HEIGHT,
        "countries": [list(country) for country in country_paths(topojson)],
    }


def write_world_map(target: Path = WORLD_MAP, topojson: Path = TOPOJSON) -> int:
    """Write the projected map; returns how many countries it holds."""
    data = world_map_data(topojson)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    return len(data["countries"])
