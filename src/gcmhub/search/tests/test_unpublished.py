"""Nothing unpublished ever leaks: not in hits, facet counts, suggestions or snippets, on the page, in the API
or on the command line. Tested with the knowledge app's resources and their real registration."""

import json
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from gcmhub.knowledge.models import Status
from gcmhub.knowledge.tests.factories import make_resource
from gcmhub.search import outbox, service


@pytest.fixture
def resources(db: None) -> dict[str, Any]:
    published = make_resource("Firewall practice for migrant health", objectives=(15,), countries=("MEX",))
    draft = make_resource(
        "Zebrafinch draft practice for migrant health",
        status=Status.UNDER_REVIEW,
        objectives=(7,),
        countries=("FRA",),
        summary="Zebrafinch confidential summary.",
        translations={"fr": {"title": "Pratique zébrée confidentielle", "summary": "Brouillon."}},
    )
    outbox.rebuild()
    return {"published": published, "draft": draft}


def test_search_hits_only_show_published_resources(resources: dict[str, Any]) -> None:
    assert [hit.title for hit in service.search(service.request_for("migrant health")).hits] == [
        "Firewall practice for migrant health"
    ]
    assert service.search(service.request_for("zebrafinch")).total == 0
    assert service.search(service.request_for("zébrée")).total == 0


def test_facet_counts_only_count_published_resources(resources: dict[str, Any]) -> None:
    facets = service.search(service.request_for("")).facets
    assert dict(facets["objective"]) == {"15": 1}
    assert dict(facets["country"]) == {"MEX": 1}
    assert service.search(service.request_for("", filters={"objective": ["7"]})).total == 0


def test_suggestions_only_offer_published_titles(resources: dict[str, Any]) -> None:
    assert service.suggest("zebra") == []
    assert service.suggest("pratique") == []
    assert [s["title"] for s in service.suggest("firew")] == ["Firewall practice for migrant health"]


def test_the_page_api_and_command_show_no_draft(resources: dict[str, Any], client: Client) -> None:
    page = client.get("/search/", {"q": "zebrafinch migrant"})
    assert page.status_code == 200
    assert b"Zebrafinch" not in page.content
    assert b"Firewall practice" in page.content
    api = client.get("/api/v1/search", {"q": "zebrafinch migrant"}).json()
    assert [item["title"] for item in api["items"]] == ["Firewall practice for migrant health"]
    assert "7" not in dict((f["value"], f["count"]) for f in api["facets"]["objective"])
    assert client.get("/api/v1/search/suggest", {"q": "zebra"}).json() == []
    out = StringIO()
    call_command("search", "zebrafinch", "--json", stdout=out)
    assert json.loads(out.getvalue())["count"] == 0


def test_publishing_adds_and_archiving_removes(
    resources: dict[str, Any], django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    draft = resources["draft"]
    with django_capture_on_commit_callbacks(execute=True):
        draft.status = Status.PUBLISHED
        draft.save()
    outbox.apply_outbox()
    assert service.search(service.request_for("zebrafinch")).total == 1
    with django_capture_on_commit_callbacks(execute=True):
        draft.status = Status.ARCHIVED
        draft.save()
    outbox.apply_outbox()
    assert service.search(service.request_for("zebrafinch")).total == 0
    assert service.suggest("zebra") == []
