"""Resources reach the search index only while published: publishing adds them (in every language they
have), archiving removes them, and the list pages' text box searches through the search service."""

from typing import Any

import pytest
from django.urls import reverse

from gcmhub.knowledge import actions
from gcmhub.knowledge.indexing import indexed_resources, resource_document
from gcmhub.knowledge.models import Resource, Status
from gcmhub.knowledge.tests.factories import make_resource
from gcmhub.search.service import request_for, search


def titles(query: str, language: str | None = None) -> list[str]:
    # Resources only: the shipped work plan, also searchable, mentions firewalls too.
    found = search(request_for(query), language=language).hits
    return [hit.title for hit in found if hit.doc_id.startswith("knowledge.resource:")]


@pytest.fixture
def published(secretariat: Any, django_capture_on_commit_callbacks: Any) -> Resource:
    with django_capture_on_commit_callbacks(execute=True):
        resource = actions.create_resource(
            actor=secretariat,
            kind="practice",
            data={
                "title": "Firewalls between health care and immigration enforcement",
                "summary": "Clinics.",
                "objectives": [15],
                "countries": ["ESP"],
            },
        )
        actions.set_translation(
            actor=secretariat,
            resource_id=resource.pk,
            language="fr",
            title="Pare-feu entre les soins de santé et le contrôle de l'immigration",
        )
        Resource.objects.filter(pk=resource.pk).update(status=Status.APPROVED)
        actions.publish_resource(actor=secretariat, resource_id=resource.pk)
    return resource


def test_a_published_resource_is_found_in_its_languages(published: Resource) -> None:
    assert titles("firewalls") == ["Firewalls between health care and immigration enforcement"]
    assert titles("pare-feu", language="fr") == [
        "Pare-feu entre les soins de santé et le contrôle de l'immigration"
    ]
    page = search(request_for("firewalls", filters={"objective": ["15"], "country": ["ESP"]}))
    assert page.total == 1
    assert ("15", 1) in page.facets["objective"]


def test_drafts_are_never_indexed(stakeholder: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        resource = actions.create_resource(
            actor=stakeholder,
            kind="practice",
            data={"title": "Secret draft about firewalls", "summary": "s", "objectives": [15]},
        )
        actions.submit_resource(actor=stakeholder, resource_id=resource.pk)
    assert titles("firewalls") == []
    assert (
        "objective" not in search(request_for("")).facets
        or ("15", 1) not in search(request_for("")).facets["objective"]
    )


def test_archiving_removes_it_from_the_index(
    published: Resource, secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        actions.archive_resource(actor=secretariat, resource_id=published.pk, rationale="Outdated.")
    assert titles("firewalls") == []


def test_the_list_page_searches_with_its_text_box(client: Any, published: Resource) -> None:
    make_resource("Another practice without the word")
    page = client.get(reverse("knowledge:list", args=["practices"]), {"q": "firewalls"}).content.decode()
    assert "Firewalls between health care" in page and "Another practice" not in page


def test_a_malformed_query_on_the_list_page_is_a_400(client: Any, db: None) -> None:
    response = client.get(reverse("knowledge:list", args=["practices"]), {"q": '"unclosed'})
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert 'class="message error"' in response.content.decode()


def test_bulk_documents_equal_single_ones(db: None) -> None:
    resource = make_resource(
        "Bulk",
        countries=("MEX",),
        regions=("419",),
        implementer="IOM",
        translations={"es": {"title": "Masivo", "body": "<p>Texto</p>"}},
    )
    single = resource_document(Resource.objects.get(pk=resource.pk))
    bulk = resource_document(next(iter(indexed_resources().filter(pk=resource.pk))))
    assert single == bulk
    assert single is not None and single.facets["region"] == ["019", "419"]
    assert single.translations["es"]["body"] == "Texto"


def test_facet_values_are_named_for_the_search_page(db: None) -> None:
    from gcmhub.search.registry import facet_labels

    assert facet_labels("kind", ["practice", "expert"]) == {"practice": "Practice", "expert": "Expert"}
    assert facet_labels("objective", ["13"])["13"].startswith("13. ")
    assert facet_labels("country", ["MEX"]) == {"MEX": "Mexico"}
    assert facet_labels("thematic_area", ["2"])["2"].startswith("Protecting the human rights")
