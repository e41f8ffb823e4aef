"""The work plan is searchable: the sections, expected results and activities of the current version, with
their section's objectives and thematic area and their organizations as facets; a replaced version leaves the
index with the import that replaces it."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from gcmhub.search import outbox, service
from gcmhub.search.backends import forget_backends, get_backend
from gcmhub.search.registry import facet_labels
from gcmhub.workplan import actions
from gcmhub.workplan.importer import import_document
from gcmhub.workplan.models import Activity, ExpectedResult, Section
from gcmhub.workplan.queries import current_version

SHIPPED_TEXT = settings.GCMHUB_WORKPLAN_FILE.read_text(encoding="utf-8")
TA4_RESULT = "Promoting fair and ethical recruitment and skills recognition"


@pytest.fixture(autouse=True)
def search_index(settings: Any, tmp_path: Path) -> Iterator[Path]:
    settings.GCMHUB_SEARCH_DIR = tmp_path / "search"
    settings.GCMHUB_SEARCH_SYNC_SECONDS = 0
    forget_backends()
    yield settings.GCMHUB_SEARCH_DIR
    forget_backends()


def hits(query: str, **options: Any) -> list[service.SearchHit]:
    return service.search(service.request_for_page(query, with_facets=False, per_page=100, **options)).hits


def test_rebuild_index_indexes_the_shipped_plan(db: None) -> None:
    call_command("rebuild_index", stdout=None)
    version = current_version()
    assert version is not None
    expected = (
        Section.objects.filter(version=version).count()
        + ExpectedResult.objects.filter(section__version=version).count()
        + Activity.objects.filter(result__section__version=version).count()
    )
    # The index holds the other apps' documents too (every test database has the reference countries).
    plan_documents = [doc_id for doc_id in get_backend().fingerprints() if doc_id.startswith("workplan.")]
    assert len(plan_documents) == expected > 50


def test_remittances_find_the_plan_result_that_serves_objective_20(db: None) -> None:
    outbox.rebuild()
    found = hits("remittances")
    result = ExpectedResult.objects.get(section__version__is_current=True, title__startswith=TA4_RESULT)
    by_id = {hit.doc_id: hit for hit in found}
    hit = by_id[f"workplan.expectedresult:{result.pk}"]
    assert hit.kind == "workplan_result"
    assert hit.url == f"/plan/results/{result.pk}/"
    assert "<mark>remittances</mark>" in hit.snippet or hit.title.startswith(TA4_RESULT)
    assert any(h.kind == "workplan_section" and h.url.endswith("#section-ta4") for h in found)
    page = service.search(service.request_for("remittances", filters={"thematic_area": ["4"]}))
    assert dict(page.facets["objective"])["20"] == page.total
    assert ("workplan_result", 1) in page.facets["kind"]


def test_activities_carry_their_text_and_organizations(
    db: None, secretariat: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    outbox.rebuild()
    activity = Activity.objects.filter(
        result__section__version__is_current=True, text__icontains="bilateral agreements"
    ).first()
    assert activity is not None
    doc_id = f"workplan.activity:{activity.pk}"
    assert doc_id in {hit.doc_id for hit in hits('"bilateral agreements"')}
    assert doc_id not in {hit.doc_id for hit in hits("", filters={"organization": ["ILO"]})}
    from gcmhub.reference.models import Organization

    with django_capture_on_commit_callbacks(execute=True):
        actions.update_activity(
            actor=secretariat, activity_id=activity.pk, lead=Organization.objects.get(acronym="ILO")
        )
    outbox.apply_outbox()
    assert doc_id in {hit.doc_id for hit in hits("", filters={"organization": ["ILO"]})}


def test_a_replaced_version_leaves_the_index(
    db: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    outbox.rebuild()
    old = {hit.doc_id for hit in hits("remittances")}
    with django_capture_on_commit_callbacks(execute=True):
        changed = SHIPPED_TEXT.replace("Bilateral Labour Agreements", "Zanzibar Labour Compacts")
        outcome = import_document(changed.encode(), "plan-v2.txt", actor=None)
    assert outcome.created
    outbox.apply_outbox()
    new = {hit.doc_id for hit in hits("remittances")}
    assert new and not new & old
    assert [hit.title[: len(TA4_RESULT)] for hit in hits('"zanzibar labour compacts"')] == [TA4_RESULT]
    assert hits('"bilateral labour agreements"') == []
    assert get_backend().count() == len(list(outbox.all_documents()))


def test_kinds_are_named_on_the_search_page(db: None, client: Client) -> None:
    assert facet_labels("kind", ["workplan_section", "workplan_result", "workplan_activity"]) == {
        "workplan_section": "Work plan section",
        "workplan_result": "Expected result",
        "workplan_activity": "Work plan activity",
    }
    outbox.rebuild()
    response = client.get("/search/", {"q": "remittances", "facets": "on"})
    kinds = {v.value: v.label for f in response.context["facets"] if f.name == "kind" for v in f.shown}
    assert kinds["workplan_result"] == "Expected result"
    assert '<span class="badge">Expected result</span>' in response.content.decode()
