"""GCM 360° coverage: counts against known data, public records only, the thin rule, the JSON shape of
`gcmhub coverage --json` for all 23 objectives, the map, the pages in six languages, exports and the API."""

import csv
import gzip
import io
import json
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from gcmhub.reporting import coverage
from gcmhub.reporting.coverage_exports import OVERVIEW_COLUMNS
from gcmhub.reporting.tests.coverage_data import SECRETS, World, build_world
from gcmhub.workplan.models import Activity

LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh-hans")


@pytest.fixture
def world(secretariat: Any, member_state: Any, focal_point: Any, stakeholder: Any) -> World:
    return build_world(secretariat, member_state, focal_point, stakeholder)


def thematic_activities(number: int) -> int:
    """Counted independently of the coverage code: current version, thematic areas listing the objective."""
    return (
        Activity.objects.filter(
            result__section__version__is_current=True,
            result__section__kind="thematic_area",
            result__section__objectives__number=number,
        )
        .distinct()
        .count()
    )


def rows_by_number() -> dict[int, coverage.CoverageRow]:
    return {row.objective.number: row for row in coverage.coverage_overview()}


def test_it_counts_only_public_things(world: World) -> None:
    rows = rows_by_number()
    seven, four, fifteen, twenty_three = rows[7], rows[4], rows[15], rows[23]
    # One public programme (the concept note, the withdrawn one and the unpublished fund's do not count).
    assert seven.programmes == 1
    assert seven.budget_usd == Decimal("100000.00")
    # 23 is a secondary objective: the programme counts, its money goes to the primary objective.
    assert twenty_three.programmes == 1 and twenty_three.budget_usd == 0
    assert seven.national_plans == 1
    assert seven.experts == 1
    assert four.practices == 3
    assert four.programmes == 0
    assert fifteen.responses == 1
    assert sum(row.responses for row in rows.values()) == 1
    assert sum(row.budget_usd for row in rows.values()) == Decimal("100000.00")


def test_activities_are_those_of_thematic_areas_listing_the_objective(world: World) -> None:
    rows = rows_by_number()
    assert len(rows) == 23
    for number, row in rows.items():
        assert row.activities == thematic_activities(number), number
        assert sum(row.activities_by_status.values()) == row.activities
    assert any(row.activities > 0 for row in rows.values())


def test_an_activity_status_is_reported(db: None) -> None:
    number = next(n for n in range(1, 24) if thematic_activities(n))
    activity = Activity.objects.filter(
        result__section__version__is_current=True,
        result__section__kind="thematic_area",
        result__section__objectives__number=number,
    ).first()
    assert activity is not None
    activity.status = "completed"
    activity.save()
    detail = coverage.objective_coverage(number)
    assert detail.row.activities_by_status.get("completed") == 1
    assert [a.status for a in detail.activities if a.pk == activity.pk] == ["completed"]


@pytest.mark.parametrize(
    ("activities", "practices", "programmes", "reasons"),
    [
        (0, 10, 1, ["no_activity"]),
        (4, 2, 0, ["few_practices_no_programme"]),
        (0, 0, 0, ["no_activity", "few_practices_no_programme"]),
        (4, 3, 0, []),
        (4, 0, 1, []),
    ],
)
def test_the_thin_rule(activities: int, practices: int, programmes: int, reasons: list[str]) -> None:
    assert coverage.THIN_MIN_PRACTICES == 3
    assert coverage.thin_reasons(activities=activities, practices=practices, programmes=programmes) == reasons


def test_thin_flags_follow_the_data(world: World) -> None:
    rows = rows_by_number()
    for number, row in rows.items():
        served = thematic_activities(number) > 0
        few = row.practices < 3 and row.programmes == 0
        assert row.thin == (not served or few), number
    # Objective 4 has three practices: thin only if no activity serves it.
    assert ("few_practices_no_programme" in rows[4].reasons) is False
    # Objective 7 has a programme.
    assert "few_practices_no_programme" not in rows[7].reasons


def test_the_json_command_prints_exactly_the_shape_for_all_23_objectives(world: World) -> None:
    out = io.StringIO()
    call_command("coverage", "--json", stdout=out)
    document = json.loads(out.getvalue())
    assert list(document) == ["objectives"]
    rows = document["objectives"]
    assert [row["number"] for row in rows] == list(range(1, 24))
    keys = ["number", "title", "activities", "programmes", "budget_usd", "practices", "national_plans"]
    for row in rows:
        assert list(row) == [*keys, "responses", "thin"]
        assert isinstance(row["budget_usd"], int | float) and not isinstance(row["budget_usd"], bool)
        assert isinstance(row["thin"], bool)
        assert isinstance(row["title"], str) and row["title"]
    by_number = {row["number"]: row for row in rows}
    assert by_number[7]["budget_usd"] == 100000
    assert by_number[7]["programmes"] == 1 and by_number[4]["practices"] == 3
    assert by_number[15]["responses"] == 1


def test_the_map_colours_countries_by_what_they_have(client: Any, world: World) -> None:
    page = client.get(reverse("reporting:coverage")).content.decode()
    # Mexico: a national plan and a programme; France: practices only (categories in coverage.MAP_CATEGORIES).
    assert 'class="map-cat-2" data-m49="484"' in page
    assert 'class="map-cat-5" data-m49="250"' in page
    # Chile's plan is a draft: Chile stays uncoloured.
    assert 'class="map-none" data-m49="152"' in page
    assert "<svg" in page and "<script" not in page


def test_the_objective_page_lists_what_serves_it(client: Any, world: World) -> None:
    page = client.get(reverse("reporting:coverage_objective", args=[7])).content.decode()
    assert "Safe pathways for all" in page
    assert "National implementation plan of Mexico" in page
    assert "Ana Public" in page
    assert 'class="map-cat-2" data-m49="484"' in page
    four = client.get(reverse("reporting:coverage_objective", args=[4])).content.decode()
    assert all(f"Published practice {i}" in four for i in range(3))
    fifteen = client.get(reverse("reporting:coverage_objective", args=[15])).content.decode()
    assert reverse("reporting:response", args=[world.public_response.pk]) in fifteen
    assert reverse("reporting:response", args=[world.private_response.pk]) not in fifteen


def test_no_page_shows_an_unpublished_thing(client: Any, world: World) -> None:
    pages = [reverse("reporting:coverage")]
    pages += [reverse("reporting:coverage_objective", args=[n]) for n in (4, 7, 15, 23)]
    for url in pages:
        text = client.get(url).content.decode()
        assert not [secret for secret in SECRETS if secret in text], url


def test_an_unknown_objective_is_404(client: Any, db: None) -> None:
    assert client.get(reverse("reporting:coverage_objective", args=[24])).status_code == 404
    assert client.get("/api/v1/reporting/coverage/24").status_code == 404
    assert client.get("/api/v1/reporting/coverage/99999999999999999999").status_code == 422


@pytest.mark.parametrize("language", LANGUAGES)
def test_pages_in_six_languages_are_small(client: Any, world: World, language: str) -> None:
    with translation.override(language):
        urls = [reverse("reporting:coverage"), reverse("reporting:coverage_objective", args=[7])]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert f'lang="{language}"' in response.content.decode()
        assert 'class="table-scroll"' in response.content.decode()  # wide tables scroll on a 360 px phone
        assert len(gzip.compress(response.content)) < 50 * 1024, url


def test_exports_carry_the_same_numbers(client: Any, world: World) -> None:
    rows = list(
        csv.DictReader(io.StringIO(_body(client.get(reverse("reporting:coverage_export", args=["csv"])))))
    )
    assert [int(row["number"]) for row in rows] == list(range(1, 24))
    assert [c.name for c in OVERVIEW_COLUMNS] == list(rows[0])
    seven = rows[6]
    assert seven["programmes"] == "1" and Decimal(seven["budget_usd"]) == Decimal("100000.00")
    data = json.loads(_body(client.get(reverse("reporting:coverage_export", args=["json"]))))
    assert data["rows"][3]["practices"] == 3
    book = openpyxl.load_workbook(
        io.BytesIO(_bytes(client.get(reverse("reporting:coverage_export", args=["xlsx"]))))
    )
    sheet = list(book["data"].values)
    assert sheet[0][0] == "number" and sheet[7][0] == 7 and sheet[7][4] == 1
    assert client.get(reverse("reporting:coverage_export", args=["pdf"])).status_code == 404


def test_an_objective_export_lists_its_items(client: Any, world: World) -> None:
    body = _body(client.get(reverse("reporting:coverage_objective_export", args=[7, "csv"])))
    items = list(csv.DictReader(io.StringIO(body)))
    kinds = sorted({row["item"] for row in items})
    assert {"programme", "national_plan", "expert"} <= set(kinds)
    programme = next(row for row in items if row["item"] == "programme")
    assert programme["reference"] == world.programme.code and programme["countries"] == "MEX"
    assert not [secret for secret in SECRETS if secret in body]


def test_the_api(client: Any, world: World) -> None:
    document = client.get("/api/v1/reporting/coverage").json()
    assert len(document["objectives"]) == 23
    seven = document["objectives"][6]
    assert seven["number"] == 7 and seven["programmes"] == 1 and seven["budget_usd"] == 100000
    detail = client.get("/api/v1/reporting/coverage/7").json()
    assert [p["code"] for p in detail["programme_list"]] == [world.programme.code]
    assert [e["title"] for e in detail["expert_list"]] == ["Ana Public"]
    fifteen = client.get("/api/v1/reporting/coverage/15").json()
    assert [r["id"] for r in fifteen["response_list"]] == [world.public_response.pk]
    assert not [secret for secret in SECRETS if secret in json.dumps(detail) + json.dumps(fifteen)]


def _body(response: Any) -> str:
    return _bytes(response).decode("utf-8")


def _bytes(response: Any) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content
