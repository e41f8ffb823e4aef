"""The search page: /search/?q=… with a facet sidebar, shareable URLs, sorting and paging, no JavaScript."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gcmhub.knowledge.tests.factories import make_resource
from gcmhub.search import outbox


@pytest.fixture
def resources(db: None) -> list[Any]:
    made = [
        make_resource(
            "Alternatives to detention for children",
            objectives=(13,),
            countries=("MEX",),
            summary="Case management <b>instead</b> of detention.",
        ),
        make_resource("Detention monitoring", objectives=(13, 7), countries=("GRC",)),
        make_resource(
            "Labour migration pathways",
            objectives=(5,),
            translations={
                "fr": {"title": "Voies de migration de travail", "summary": "Recrutement équitable."}
            },
        ),
    ]
    outbox.rebuild()
    return made


def test_the_page_is_named_and_answers_without_a_query(resources: list[Any], client: Client) -> None:
    assert reverse("search:index") == "/search/"
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["result"].total == 3


def test_it_shows_hits_with_escaped_highlighted_snippets(resources: list[Any], client: Client) -> None:
    response = client.get("/search/", {"q": "detention"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alternatives to detention for children" in html
    assert "Detention monitoring" in html
    assert "Labour migration pathways" not in html
    assert "&lt;b&gt;instead&lt;/b&gt; of <mark>detention</mark>" in html
    assert "<b>instead</b>" not in html
    assert f'href="/knowledge/r/{resources[0].pk}/"' in html


def test_facet_links_filter_and_keep_the_query(resources: list[Any], client: Client) -> None:
    response = client.get("/search/", {"q": "detention"})
    objectives = {v.value: v for f in response.context["facets"] if f.name == "objective" for v in f.shown}
    assert {value: v.count for value, v in objectives.items()} == {"13": 2, "7": 1}
    link = objectives["7"].url
    assert "q=detention" in link and "objective=7" in link
    filtered = client.get(f"/search/{link}")
    assert [hit.title for hit in filtered.context["result"].hits] == ["Detention monitoring"]
    selected = {v.value: v for f in filtered.context["facets"] if f.name == "objective" for v in f.shown}
    assert selected["7"].selected
    assert "objective=7" not in selected["7"].url  # the same link switches the filter off
    assert 'aria-current="true"' in filtered.content.decode()


def test_kind_filter_and_sort_switch(resources: list[Any], client: Client) -> None:
    response = client.get("/search/", {"q": "detention", "kind": "practice", "sort": "date"})
    assert response.status_code == 200
    assert response.context["result"].total == 2
    labels = [(label, current) for label, _url, current in response.context["sort_links"]]
    assert labels == [("Best match", False), ("Newest first", True)]


def test_paging_links_keep_the_other_parameters(
    resources: list[Any], client: Client, monkeypatch: Any
) -> None:
    from gcmhub.search import views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    first = client.get("/search/", {"q": "detention OR migration"})
    assert len(first.context["result"].hits) == 2
    assert first.context["next_url"] == "?q=detention+OR+migration&page=2"
    second = client.get("/search/" + first.context["next_url"])
    assert len(second.context["result"].hits) == 1
    assert second.context["previous_url"] == "?q=detention+OR+migration&page=1"


@pytest.mark.parametrize(
    "params",
    [{"q": '"unclosed'}, {"q": "-only"}, {"q": "OR"}, {"q": "a\x00"}, {"sort": "sideways"}, {"page": "x"}],
)
def test_malformed_input_is_a_400_with_a_message(
    resources: list[Any], client: Client, params: dict[str, str]
) -> None:
    response = client.get("/search/", params)
    assert response.status_code == 400
    assert 'class="message error" role="alert"' in response.content.decode()


def test_an_unknown_filter_value_just_finds_nothing(resources: list[Any], client: Client) -> None:
    response = client.get("/search/", {"objective": "99"})
    assert response.status_code == 200
    assert response.context["result"].total == 0


def test_in_another_language_titles_and_links_follow_the_reader(resources: list[Any], client: Client) -> None:
    response = client.get("/fr/search/", {"q": "recrutement"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Voies de migration de travail" in html
    assert f'href="/fr/knowledge/r/{resources[2].pk}/"' in html
    assert re.search(r'<h3 lang="fr">', html)


def test_the_page_needs_no_sign_in_and_refuses_posts(resources: list[Any], client: Client) -> None:
    assert client.get("/search/", {"q": "detention"}).status_code == 200
    assert client.post("/search/", {"q": "detention"}).status_code == 405
