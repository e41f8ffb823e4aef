"""The server-side world map: TopoJSON decoded and projected into SVG paths once at build time, countries
coloured by category, a legend with counts, and a <title> per country for screen readers and tooltips."""

import json
import re

from gcmhub.core import mapbuild, maps

CATEGORIES = [("adopted", "Adopted", "map-cat-1"), ("prep", "In preparation", "map-cat-3")]


def test_the_topology_decodes_into_one_path_per_country() -> None:
    codes = maps.map_codes()
    assert {"484", "250", "156", "036", "076", "643"} <= codes
    assert "010" not in codes  # Antarctica is left out
    assert len(codes) > 160
    for _code, _name, d in maps.country_paths():
        assert d.startswith("M") and d.endswith("z")


def test_the_shipped_map_is_the_projection_of_the_vendored_topology() -> None:
    # Run `gcmhub build_world_map` when this fails: the TopoJSON or the projection changed.
    shipped = json.loads(mapbuild.WORLD_MAP.read_text(encoding="utf-8"))
    assert shipped == json.loads(json.dumps(mapbuild.world_map_data()))


def test_pages_draw_the_built_geometry() -> None:
    assert maps.map_size() == (mapbuild.WIDTH, mapbuild.HEIGHT)
    assert maps.country_paths() == tuple(tuple(country) for country in mapbuild.country_paths())


def test_arcs_are_delta_decoded_and_transformed() -> None:
    topology = {"transform": {"scale": [0.5, 2], "translate": [10, -5]}, "arcs": [[[0, 0], [2, 3], [-1, 1]]]}
    assert mapbuild.decode_arcs(topology) == [[(10.0, -5.0), (11.0, 1.0), (10.5, 3.0)]]


def test_the_projection_keeps_the_equator_and_greenwich_in_the_middle() -> None:
    x, y = mapbuild._to_svg(0, 0)
    assert abs(x - mapbuild.WIDTH / 2) < 0.01
    assert 0 < y < mapbuild.HEIGHT
    west, _ = mapbuild._to_svg(-180, 0)
    east, _ = mapbuild._to_svg(180, 0)
    assert abs(west) < 0.01 and abs(east - mapbuild.WIDTH) < 0.01


def test_rings_crossing_the_antimeridian_are_split() -> None:
    ring = [(170.0, 60.0), (-170.0, 60.0), (-170.0, 70.0), (170.0, 70.0)]
    pieces = mapbuild.split_antimeridian(ring)
    assert len(pieces) == 2
    for piece in pieces:
        longitudes = [x for x, _y in piece]
        assert max(longitudes) - min(longitudes) <= 10.0001


def test_russia_does_not_streak_across_the_map() -> None:
    russia = next(d for code, _name, d in maps.country_paths() if code == "643")
    for subpath in russia.split("M")[1:]:
        steps = [abs(float(n)) for n in re.findall(r"l(-?[\d.]+)", subpath)]
        assert max(steps, default=0) < mapbuild.WIDTH / 2


def test_countries_get_their_category_class_and_title() -> None:
    svg = str(
        maps.world_map_svg(
            {"484": "adopted", "250": "prep"}, CATEGORIES, "National plans", names={"484": "Mexique"}
        )
    )
    assert re.search(r'<path class="map-cat-1" data-m49="484" d="[^"]+"><title>Mexique: Adopted</title>', svg)
    assert re.search(
        r'<path class="map-cat-3" data-m49="250" d="[^"]+"><title>France: In preparation</title>', svg
    )
    assert re.search(
        r'<path class="map-none" data-m49="076" d="[^"]+"><title>Brazil: No information</title>', svg
    )


def test_the_legend_counts_each_category() -> None:
    svg = str(maps.world_map_svg({"484": "adopted", "250": "adopted", "156": "prep"}, CATEGORIES, "Plans"))
    assert 'Adopted <span class="muted">(2)</span>' in svg
    assert 'In preparation <span class="muted">(1)</span>' in svg
    assert 'role="img"' in svg and "<title id=" in svg and "Adopted: 2; In preparation: 1" in svg


def test_unknown_categories_and_codes_are_ignored() -> None:
    svg = str(maps.world_map_svg({"999": "adopted", "484": "nonsense"}, CATEGORIES, "Plans"))
    assert 'class="map-none" data-m49="484"' in svg


def test_text_is_escaped() -> None:
    svg = str(
        maps.world_map_svg(
            {"484": "x"},
            [("x", "<script>alert(1)</script>", "map-cat-1")],
            "<b>title</b>",
            names={"484": "<img src=x onerror=alert(1)>"},
        )
    )
    assert "<script>" not in svg and "<img" not in svg and "<b>" not in svg
    assert "&lt;script&gt;" in svg
