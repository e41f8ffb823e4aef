"""The curated directory of real platforms: it loads, a second run changes nothing, every entry names the
public sources its facts were checked against, and a bad entry changes nothing."""

import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from gcmhub.core.exceptions import ValidationFailed
from gcmhub.knowledge.models import Kind, Platform, Resource, Status
from gcmhub.knowledge.platform_seed import EXTERNAL_ID_PREFIX, load_platforms, read_seed
from gcmhub.knowledge.queries.overview import overlap_and_gaps

pytestmark = pytest.mark.django_db

SEED = read_seed()


def curated() -> "Any":
    return Resource.objects.filter(external_id__startswith=EXTERNAL_ID_PREFIX)


def test_the_seed_has_between_fifteen_and_thirty_platforms_each_with_sources() -> None:
    assert 15 <= len(SEED) <= 30
    assert len({entry["id"] for entry in SEED}) == len(SEED)
    for entry in SEED:
        assert entry["sources"], entry["id"]
        assert all(url.startswith(("https://", "http://")) for url in entry["sources"]), entry["id"]
        assert entry["url"].startswith("https://"), entry["id"]
        assert entry["objectives_basis"], entry["id"]
        assert entry.get("organization") or entry.get("organization_name"), entry["id"]


def test_it_loads_every_platform_published_with_its_facts() -> None:
    report = load_platforms()
    assert len(report.created) == len(SEED)
    assert curated().filter(kind=Kind.PLATFORM, status=Status.PUBLISHED).count() == len(SEED)
    portal = curated().get(external_id=EXTERNAL_ID_PREFIX + "migrant-protection-platform")
    assert portal.title == "Migrant Protection Platform"
    assert portal.platform.owner is not None and portal.platform.owner.acronym == "IOM"
    assert portal.platform.languages == ["en", "fr", "es"]
    assert sorted(portal.objective_links.values_list("objective__number", flat=True)) == [7, 10, 21]
    assert [link["url"] for link in portal.links] == next(
        e["sources"] for e in SEED if e["id"] == "migrant-protection-platform"
    )
    mmc = curated().get(external_id=EXTERNAL_ID_PREFIX + "mixed-migration-centre")
    assert sorted(mmc.regions.values_list("m49", flat=True)) == ["002", "019", "142", "150"]
    assert mmc.platform.owner is None and "Danish Refugee Council" in mmc.platform.owner_name


def test_a_second_run_changes_nothing() -> None:
    load_platforms()
    before = (Resource.objects.count(), Platform.objects.count(), LogEntry.objects.count())
    report = load_platforms()
    assert (report.created, report.updated, report.unchanged) == ([], [], len(SEED))
    assert (Resource.objects.count(), Platform.objects.count(), LogEntry.objects.count()) == before


def test_a_changed_entry_is_updated_in_place(tmp_path: Path) -> None:
    load_platforms()
    changed = [dict(entry) for entry in SEED]
    changed[0]["objectives"] = [1, 3]
    path = tmp_path / "seed.json"
    path.write_text(json.dumps({"platforms": changed}), encoding="utf-8")
    report = load_platforms(path=path)
    assert report.updated == [f"{EXTERNAL_ID_PREFIX}{changed[0]['id']}: objectives"]
    resource = curated().get(external_id=EXTERNAL_ID_PREFIX + changed[0]["id"])
    assert sorted(resource.objective_links.values_list("objective__number", flat=True)) == [1, 3]


@pytest.mark.parametrize(
    ("change", "value"),
    [("sources", []), ("objectives", [24]), ("regions", ["999"]), ("organization", "NO-SUCH-ORG")],
)
def test_a_bad_entry_changes_nothing(tmp_path: Path, change: str, value: Any) -> None:
    broken = [dict(entry) for entry in SEED]
    broken[-1][change] = value
    path = tmp_path / "seed.json"
    path.write_text(json.dumps({"platforms": broken}), encoding="utf-8")
    before = (Resource.objects.count(), LogEntry.objects.count())
    with pytest.raises(ValidationFailed):
        load_platforms(path=path)
    assert (Resource.objects.count(), LogEntry.objects.count()) == before


def test_the_command_reports_and_is_idempotent() -> None:
    out = StringIO()
    call_command("load_platforms", stdout=out)
    assert f"{len(SEED)} created" in out.getvalue()
    out = StringIO()
    call_command("load_platforms", stdout=out)
    assert f"0 created, 0 updated, {len(SEED)} unchanged" in out.getvalue()


def test_the_overlap_view_counts_the_curated_platforms(client: Client) -> None:
    load_platforms()
    matrix = overlap_and_gaps()
    assert len(matrix.platforms) == len(SEED)
    # Objective 8 is covered worldwide by the Missing Migrants Project alone; 11 by none of them.
    assert [p.title for p in matrix.cells[(8, "002")].platforms] == ["Missing Migrants Project"]
    assert matrix.cells[(11, "150")].is_gap
    page = client.get(reverse("knowledge:overlap"))
    assert page.status_code == 200
    assert "curated directory" in page.content.decode()
