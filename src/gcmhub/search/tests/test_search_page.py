"""The search page: /search/?q=… with a facet sidebar (loaded after the hits, or inline without JavaScript),
shareable URLs, sorting and paging."""

import datetime
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
    response = client.get("/search/", {"q": "detention", "facets": "on"})
    objectives = {v.value: v for f in response.context["facets"] if f.name == "objective" for v in f.shown}
    assert {value: v.count for value, v in objectives.items()} == {"13": 2, "7": 1}
    link = objectives["7"].url
    assert "q=detention" in link and "objective=7" in link and "facets=on" in link
    filtered = client.get(f"/search/{link}")
    assert [hit.title for hit in filtered.context["result"].hits] == ["Detention monitoring"]
    selected = {v.value: v for f in filtered.context["facets"] if f.name == "objective" for v in f.shown}
    assert selected["7"].selected
    assert "objective=7" not in selected["7"].url  # the same link switches the filter off
    assert 'aria-current="true"' in filtered.content.decode()


def test_the_hits_come_first_and_the_facets_follow(resources: list[Any], client: Client) -> None:
    response = client.get("/search/", {"q": "detention", "objective": "7", "page": "1"})
    html = response.content.decode()
    assert response.context["result"].facets_pending
    assert "Detention monitoring" in html
    # The chosen filter is shown (to switch it off) before anything is counted.
    shown = [(f.name, v.value, v.count, v.selected) for f in response.context["facets"] for v in f.shown]
    assert shown == [("objective", "7", None, True)]
    assert 'data-facets-url="/search/facets/?q=detention&amp;objective=7"' in html
    assert 'href="?q=detention&amp;objective=7&amp;page=1&amp;facets=on"' in html  # without JavaScript
    assert '<script src="/static/js/search-facets.js" defer></script>' in html


def test_the_facet_fragment_links_to_the_search_page(resources: list[Any], client: Client) -> None:
    response = client.get("/search/facets/", {"q": "detention", "objective": "7"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and "Detention monitoring" not in html  # the sidebar alone, no hits
    objectives = {v.value: v for f in response.context["facets"] if f.name == "objective" for v in f.shown}
    assert {value: v.count for value, v in objectives.items()} == {"13": 2, "7": 1}
    assert objectives["13"].url == "/search/?q=detention&objective=7&objective=13"
    assert 'href="/search/?q=detention&amp;objective=7&amp;objective=13"' in html
    french = client.get("/fr/search/facets/", {"q": "detention"})
    assert 'href="/fr/search/?q=detention&amp;objective=13"' in french.content.decode()


def test_counted_facets_come_with_the_page(resources: list[Any], client: Client) -> None:
    client.get("/search/facets/", {"q": "detention"})
    response = client.get("/search/", {"q": "detention", "page": "1"})
    assert not response.context["result"].facets_pending
    assert "data-facets-url" not in response.content.decode()
    objectives = {
        v.value: v.count for f in response.context["facets"] if f.name == "objective" for v in f.shown
    }
    assert objectives == {"13": 2, "7": 1}


def test_the_facet_fragment_refuses_bad_input_and_posts(resources: list[Any], client: Client) -> None:
    response = client.get("/search/facets/", {"q": '"unclosed'})
    assert response.status_code == 400
    assert 'class="message error" role="alert"' in response.content.decode()
    assert client.get("/search/facets/", {"sort": "sideways"}).status_code == 400
    assert client.post("/search/facets/", {"q": "detention"}).status_code == 405


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
    assert re.search(r'<h3 lang="fr" dir="auto">', html)


def test_the_page_needs_no_sign_in_and_refuses_posts(resources: list[Any], client: Client) -> None:
    assert client.get("/search/", {"q": "detention"}).status_code == 200
    assert client.post("/search/", {"q": "detention"}).status_code == 405


@pytest.mark.parametrize(
    ("prefix", "march", "december"),
    [
        ("", "March 1, 2024", "Dec. 19, 2018"),
        ("/fr", "1 mars 2024", "19 décembre 2018"),
        ("/ru", "1 марта 2024 г.", "19 декабря 2018 г."),  # noqa: RUF001  # Russian dates end in the abbreviation of "year"
    ],
)
def test_each_hit_shows_its_date_in_the_readers_language(
    db: None, client: Client, prefix: str, march: str, december: str
) -> None:
    make_resource("Detention monitoring", published_on=datetime.date(2024, 3, 1))
    make_resource("Detention alternatives", published_on=datetime.date(2018, 12, 19))
    outbox.rebuild()
    for _ in range(2):  # the second time, the dates have been formatted before
        html = client.get(f"{prefix}/search/", {"q": "detention"}).content.decode()
        shown = re.findall(r'<time datetime="([^"]*)">([^<]*)</time>', html)
        assert sorted(shown) == [("2018-12-19", december), ("2024-03-01", march)]
