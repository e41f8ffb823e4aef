"""Open data: every dataset in every format, over HTTP and from `gcmhub export_open_data`, holds the
public records and nothing unpublished; headers match the data dictionary; XLSX opens; the API lists the
catalogue."""

import csv
import gzip
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from gcmhub.reporting.opendata.datasets import DATASETS, FORMATS, LICENCE
from gcmhub.reporting.opendata.package import file_path
from gcmhub.reporting.tests.coverage_data import SECRETS, World, build_world

LANGUAGES = ("en", "fr", "es", "ru", "ar", "zh-hans")


@pytest.fixture
def world(secretariat: Any, member_state: Any, focal_point: Any, stakeholder: Any) -> World:
    return build_world(secretariat, member_state, focal_point, stakeholder)


def download(client: Any, slug: str, fmt: str) -> bytes:
    response = client.get(file_path(slug, fmt))
    assert response.status_code == 200, (slug, fmt)
    return b"".join(response.streaming_content) if response.streaming else response.content


def xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(str(cell) for sheet in book for row in sheet.values for cell in row)


def test_nothing_unpublished_is_in_any_file(client: Any, world: World, tmp_path: Path) -> None:
    for dataset in DATASETS:
        for fmt in FORMATS:
            data = download(client, dataset.slug, fmt)
            text = xlsx_text(data) if fmt == "xlsx" else data.decode("utf-8")
            assert not [s for s in SECRETS if s in text], (dataset.slug, fmt)
    call_command("export_open_data", "--out", str(tmp_path), stdout=io.StringIO())
    for path in tmp_path.iterdir():
        text = xlsx_text(path.read_bytes()) if path.suffix == ".xlsx" else path.read_text("utf-8")
        assert not [s for s in SECRETS if s in text], path.name


def test_the_files_hold_the_public_records(client: Any, world: World) -> None:
    resources = list(csv.DictReader(io.StringIO(download(client, "resources", "csv").decode())))
    titles = {row["title"] for row in resources}
    assert {f"Published practice {i}" for i in range(3)} <= titles
    assert "National implementation plan of Mexico" in titles
    practice = next(row for row in resources if row["title"] == "Published practice 0")
    assert practice["objectives"] == "4" and practice["countries"] == "FRA" and practice["kind"] == "practice"

    programmes = json.loads(download(client, "programmes", "json"))
    assert [row["code"] for row in programmes["rows"]] == [world.programme.code]
    row = programmes["rows"][0]
    assert row["allocated_usd"] == 100000 and row["approved_budget_usd"] == 1000000
    assert row["primary_objectives"] == [7] and row["countries"] == ["MEX"] and row["status"] == "funded"
    assert programmes["licence"] == "CC-BY-4.0" and programmes["updated"]

    plans = list(csv.DictReader(io.StringIO(download(client, "national-plans", "csv").decode())))
    assert [(p["country"], p["plan_status"]) for p in plans] == [("MEX", "adopted")]

    answers = json.loads(download(client, "call-responses", "json"))["rows"]
    assert {a["response"] for a in answers} == {world.public_response.pk}
    assert any("zzpublicanswer" in a["answer"] and a["objective"] == 15 for a in answers)

    activities = list(csv.DictReader(io.StringIO(download(client, "activities", "csv").decode())))
    assert activities and {a["status"] for a in activities} <= {
        "not_started",
        "in_progress",
        "completed",
        "delayed",
        "cancelled",
    }
    work_plan = json.loads(download(client, "work-plan", "json"))["rows"]
    assert work_plan and all(r["key"].startswith(("cc.", "ta")) for r in work_plan)


@pytest.mark.parametrize("dataset", DATASETS, ids=lambda d: d.slug)
def test_headers_match_the_dictionary_in_every_format(client: Any, world: World, dataset: Any) -> None:
    names = [column.name for column in dataset.columns]
    header = next(csv.reader(io.StringIO(download(client, dataset.slug, "csv").decode())))
    assert header == names
    document = json.loads(download(client, dataset.slug, "json"))
    assert [c["name"] for c in document["columns"]] == names
    assert all(list(row) == names for row in document["rows"])
    book = openpyxl.load_workbook(io.BytesIO(download(client, dataset.slug, "xlsx")))
    assert list(next(book["data"].values)) == names
    assert [row[0] for row in list(book["dictionary"].values)[1:]] == names


def test_a_text_that_looks_like_a_formula_is_kept_as_text(client: Any, world: World) -> None:
    from gcmhub.knowledge.tests.factories import make_resource

    make_resource("=HYPERLINK(1)", objectives=(4,))
    rows = list(csv.DictReader(io.StringIO(download(client, "resources", "csv").decode())))
    assert "'=HYPERLINK(1)" in {row["title"] for row in rows}


def test_the_export_command_writes_every_file_and_a_datapackage(world: World, tmp_path: Path) -> None:
    call_command("export_open_data", "--out", str(tmp_path / "out"), stdout=io.StringIO())
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    expected = sorted([f"{d.slug}.{fmt}" for d in DATASETS for fmt in FORMATS] + ["datapackage.json"])
    assert names == expected
    descriptor = json.loads((tmp_path / "out" / "datapackage.json").read_text())
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0"
    assert [r["path"] for r in descriptor["resources"]] == [f"{d.slug}.csv" for d in DATASETS]
    for resource in descriptor["resources"]:
        with (tmp_path / "out" / resource["path"]).open(encoding="utf-8") as f:
            assert next(csv.reader(f)) == [field["name"] for field in resource["schema"]["fields"]]


def test_the_api_lists_the_catalogue(client: Any, world: World) -> None:
    document = client.get("/api/v1/reporting/open-data").json()
    assert [d["name"] for d in document["datasets"]] == [d.slug for d in DATASETS]
    programmes = next(d for d in document["datasets"] if d["name"] == "programmes")
    assert programmes["licence"] == LICENCE
    assert [f["format"] for f in programmes["formats"]] == ["csv", "xlsx", "json"]
    assert programmes["formats"][0]["url"] == "http://testserver" + file_path("programmes", "csv")
    assert programmes["updated"] is not None
    assert {"name", "type", "description"} == set(programmes["dictionary"][0])
    assert document["datapackage"].endswith("/open-data/datapackage.json")


def test_the_dictionary_is_translated(client: Any, db: None) -> None:
    english = client.get("/api/v1/reporting/open-data").json()["datasets"][0]["dictionary"][0]["description"]
    french = client.get("/api/v1/reporting/open-data", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert french["datasets"][0]["dictionary"][0]["name"] == "key"
    assert isinstance(english, str) and english


def test_unknown_datasets_and_formats_are_404(client: Any, db: None) -> None:
    assert client.get("/reporting/open-data/secrets.csv").status_code == 404
    assert client.get("/reporting/open-data/resources.pdf").status_code == 404


def test_an_empty_dataset_still_has_its_header(client: Any, db: None) -> None:
    rows = download(client, "call-responses", "csv").decode().splitlines()
    assert rows == [",".join(c.name for c in DATASETS[-1].columns)]
    assert json.loads(download(client, "call-responses", "json"))["rows"] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_page_in_six_languages(client: Any, world: World, language: str) -> None:
    with translation.override(language):
        url = reverse("reporting:open_data")
    response = client.get(url)
    page = response.content.decode()
    assert response.status_code == 200 and f'lang="{language}"' in page
    assert LICENCE["path"] in page
    for dataset in DATASETS:
        assert file_path(dataset.slug, "xlsx") in page  # stable, unprefixed addresses in every language
    assert len(gzip.compress(response.content)) < 50 * 1024
