"""Country profiles are searchable: a search naming a country in any UN language offers its profile, on the
page, in the API and after a rebuild; semantic search leaves them out (keyword search finds them by name)."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from gcmhub.core.models import Job
from gcmhub.reference.actions import load_reference
from gcmhub.reference.models import Country, Region
from gcmhub.search import outbox, service, vector_index, vector_store
from gcmhub.search.backends import forget_backends, get_backend
from gcmhub.search.models import DocumentVector, SearchOutbox
from gcmhub.search.registry import facet_labels


@pytest.fixture(autouse=True)
def search_index(settings: Any, tmp_path: Path) -> Iterator[Path]:
    settings.GCMHUB_SEARCH_DIR = tmp_path / "search"
    settings.GCMHUB_SEARCH_SYNC_SECONDS = 0
    forget_backends()
    vector_index.forget()  # each test's database has its own vectors
    yield settings.GCMHUB_SEARCH_DIR
    forget_backends()
    vector_index.forget()


def doc_id(iso3: str) -> str:
    return f"reference.country:{Country.objects.get(iso3=iso3).pk}"


def first_hit(query: str, language: str | None = None) -> service.SearchHit:
    page = service.search(service.request_for(query, with_facets=False), language=language, mode="keyword")
    assert page.hits, f"nothing found for {query!r}"
    return page.hits[0]


@pytest.mark.parametrize(
    ("query", "language", "title"),
    [
        ("Mexique", "fr", "Mexique"),
        ("المكسيك", "ar", "المكسيك"),
        ("墨西哥", "zh-hans", "墨西哥"),
        ("Мексика", "ru", "Мексика"),
        ("mexico", None, "Mexico"),
    ],
)
def test_a_country_named_in_any_un_language_finds_its_profile_first(
    db: None, query: str, language: str | None, title: str
) -> None:
    outbox.rebuild()
    hit = first_hit(query, language)
    assert (hit.doc_id, hit.kind, hit.url) == (doc_id("MEX"), "country", "/countries/MEX/")
    assert hit.title == title  # in the reader's language


def test_the_summary_is_the_profiles_region_line(db: None) -> None:
    outbox.rebuild()
    hit = first_hit("Côte d'Ivoire")
    assert hit.doc_id == doc_id("CIV")
    assert str(hit.snippet) == "Sub-Saharan Africa · Africa"  # as under the heading of its profile
    kosovo = first_hit("Kosovo")
    assert kosovo.title == "Kosovo*"
    assert "Security Council resolution 1244 (1999)" in str(kosovo.snippet)


def test_the_api_returns_the_profile_with_its_url(db: None, client: Client) -> None:
    outbox.rebuild()
    body = client.get("/api/v1/search", {"q": "Mexique", "mode": "keyword"}).json()
    first = body["items"][0]
    assert (first["kind"], first["url"], first["title"]) == ("country", "/countries/MEX/", "Mexico")
    assert {"value": "country", "count": 1} in body["facets"]["kind"]
    assert dict((f["value"], f["count"]) for f in body["facets"]["country"])["MEX"] >= 1


def test_the_search_page_links_the_profile_and_names_the_kind(db: None, client: Client) -> None:
    outbox.rebuild()
    page = client.get("/search/", {"q": "Mexique", "mode": "keyword", "facets": "on"}).content.decode()
    assert 'href="/countries/MEX/"' in page
    assert "Country profile" in page
    assert facet_labels("kind", ["country"]) == {"country": "Country profile"}


def test_a_rebuild_indexes_every_country_and_the_kind_filters_them(db: None) -> None:
    outbox.rebuild()
    held = get_backend().fingerprints()
    countries = {f"reference.country:{pk}" for pk in Country.objects.values_list("pk", flat=True)}
    assert len(countries) == 250
    assert countries <= set(held)
    page = service.search(service.request_for("", kinds=["country"], limit=1), mode="keyword")
    assert page.total == 250
    other = service.search(service.request_for("Mexique", kinds=["practice"]), mode="keyword")
    assert doc_id("MEX") not in {hit.doc_id for hit in other.hits}


def test_a_renamed_country_is_found_by_its_new_name(db: None, committed: Callable[..., Any]) -> None:
    outbox.rebuild()
    mexico = Country.objects.get(iso3="MEX")
    mexico.name_fr = "Mexique-Tenochtitlan"

    committed(mexico.save)

    assert first_hit("Tenochtitlan").doc_id == doc_id("MEX")


def test_a_region_renamed_by_load_reference_requeues_its_countries(
    db: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    Region.objects.filter(m49="011").update(name="Renamed by hand")
    SearchOutbox.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False):
        load_reference(actor=None)
    queued = set(SearchOutbox.objects.values_list("doc_id", flat=True))
    assert doc_id("CIV") in queued
    assert len({d for d in queued if d.startswith("reference.country:")}) == Country.objects.count()


def test_an_unchanged_load_reference_queues_no_country(
    db: None, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    SearchOutbox.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False):
        load_reference(actor=None)
    assert not SearchOutbox.objects.filter(doc_id__startswith="reference.country:").exists()


def test_countries_are_left_out_of_semantic_search(db: None) -> None:
    """A bare name's vector is near too many queries; the names already find the profile by keyword."""
    docs, _gone = outbox.current_documents([doc_id("MEX")])
    vector_store.embed_documents(docs)  # as stored before countries were left out
    assert DocumentVector.objects.filter(doc_id=doc_id("MEX")).exists()

    result = vector_store.embed_changed([doc_id("MEX"), doc_id("FRA")])

    assert (result.embedded, result.removed) == (0, 1)
    assert not DocumentVector.objects.filter(doc_id__startswith="reference.country:").exists()


def test_a_changed_country_queues_no_embedding_job(
    db: None, settings: Any, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    settings.GCMHUB_EMBED_ON_COMMIT = True
    mexico = Country.objects.get(iso3="MEX")
    mexico.name_fr = "Mexique-Tenochtitlan"
    jobs_before = Job.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        mexico.save()

    assert Job.objects.count() == jobs_before


def test_hybrid_search_still_offers_the_profile_first(db: None) -> None:
    outbox.rebuild()
    page = service.search(service.request_for("Mexique", with_facets=False))  # hybrid, the default
    assert page.hits[0].doc_id == doc_id("MEX")
