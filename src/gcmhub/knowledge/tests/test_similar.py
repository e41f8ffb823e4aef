"""Similar resources on a resource's page, and possible duplicates of a submission for its reviewers."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from gcmhub.knowledge.models import Resource, Status
from gcmhub.knowledge.tests.factories import make_resource
from gcmhub.search import outbox, vector_index, vector_store

REMITTANCES_SUMMARY = "Digital money transfer services cut the fees migrants pay to send money home."


@pytest.fixture(autouse=True)
def fresh_vectors() -> Iterator[None]:
    vector_index.forget()
    yield
    vector_index.forget()


@pytest.fixture
def published(db: None) -> list[Resource]:
    made = [
        make_resource(
            "Lowering the cost of remittances sent home by migrant workers",
            summary=REMITTANCES_SUMMARY,
        ),
        make_resource(
            "Cheaper money transfers for migrant families",
            summary="Mobile payments reduce remittance fees in migration corridors.",
        ),
        make_resource(
            "Monitoring immigration detention",
            summary="Visits by national human rights institutions to places where migrants are held.",
        ),
    ]
    outbox.rebuild()
    vector_store.embed_all()
    return made


def test_a_resource_page_lists_the_closest_resources_first(published: list[Resource], client: Client) -> None:
    remittances, transfers, _detention = published
    html = client.get(f"/knowledge/r/{remittances.pk}/").content.decode()
    section = html.split('id="similar-heading"')[1]
    links = [part.split('"')[0] for part in section.split('<a href="')[1:]]
    assert links[0] == f"/knowledge/r/{transfers.pk}/"
    assert f"/knowledge/r/{remittances.pk}/" not in links  # never itself
    assert "Possible duplicates" not in html  # published: nothing to review


def test_the_page_is_in_the_readers_language(published: list[Resource], client: Client) -> None:
    html = client.get(f"/fr/knowledge/r/{published[0].pk}/").content.decode()
    assert f'href="/fr/knowledge/r/{published[1].pk}/"' in html


def test_a_page_without_vectors_has_no_similar_section(db: None, client: Client) -> None:
    resource = make_resource("Alone in the index")
    assert "similar-heading" not in client.get(f"/knowledge/r/{resource.pk}/").content.decode()


def test_reviewers_see_possible_duplicates_of_a_submission(
    published: list[Resource], client: Client, secretariat: Any
) -> None:
    submission = make_resource(
        "Lowering the cost of remittances sent home by migrant workers",
        summary=REMITTANCES_SUMMARY,
        status=Status.SUBMITTED,
    )
    client.force_login(secretariat)
    html = client.get(f"/knowledge/r/{submission.pk}/").content.decode()
    assert "Possible duplicates" in html
    duplicates = html.split('id="duplicates-heading"')[1].split("</section>")[0]
    assert f"/knowledge/r/{published[0].pk}/" in duplicates
    assert f"/knowledge/r/{published[2].pk}/" not in duplicates  # near in topic, not a duplicate


def test_a_different_submission_has_no_possible_duplicates(
    published: list[Resource], client: Client, secretariat: Any
) -> None:
    submission = make_resource("Language courses for newly arrived refugees", status=Status.SUBMITTED)
    client.force_login(secretariat)
    assert "Possible duplicates" not in client.get(f"/knowledge/r/{submission.pk}/").content.decode()
