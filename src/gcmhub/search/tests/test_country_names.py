"""A country named in any UN language finds the documents tagged with it and those mentioning it by any of
its names; the names come from the reference data."""

from typing import Any

import pytest
from django.test import Client

from gcmhub.knowledge.tests.factories import make_resource
from gcmhub.search import expansion, outbox, service
from gcmhub.search.query import Term, parse


@pytest.fixture
def resources(db: None) -> dict[str, Any]:
    made = {
        "tagged": make_resource("Labour migration corridors", countries=("MEX",)),
        "mentions": make_resource("Returns from Mexico to Central America", countries=()),
        "other": make_resource("Reintegration in Guatemala", countries=("GTM",)),
    }
    outbox.rebuild()
    return made


def titles(query: str) -> set[str]:
    return {hit.title for hit in service.search(service.request_for(query)).hits}


MEXICO = {"Labour migration corridors", "Returns from Mexico to Central America"}


@pytest.mark.parametrize("query", ["Mexico", "Mexique", "México", "mexico", "Мексика", "墨西哥", "المكسيك"])
def test_a_country_name_in_any_language_finds_the_country(resources: dict[str, Any], query: str) -> None:
    assert titles(query) == MEXICO


def test_other_words_and_countries_are_left_alone(resources: dict[str, Any]) -> None:
    assert titles("Guatemala") == {"Reintegration in Guatemala"}
    assert titles("corridors") == {"Labour migration corridors"}
    assert titles("Mexique corridors") == MEXICO  # more of the words first, as always
    assert (
        service.search(service.request_for("Mexique corridors")).hits[0].title == "Labour migration corridors"
    )


def test_the_api_and_the_facet_counts_follow(resources: dict[str, Any], client: Client) -> None:
    body = client.get("/api/v1/search", {"q": "Mexique"}).json()
    assert body["count"] == 2
    assert {item["value"]: item["count"] for item in body["facets"]["country"]} == {"MEX": 1}


def test_expansion_joins_the_tag_and_the_other_names(resources: dict[str, Any]) -> None:
    expansion.load()
    (group,) = expansion.expand(parse("Mexique")).groups
    assert group[0] == Term("Mexique")
    assert Term("MEX", facet="country") in group
    assert {Term("México"), Term("墨西哥"), Term("المكسيك")} <= set(group)
    assert expansion.expand(parse('"Mexique" migr*')).groups[1] == (Term("migr", prefix=True),)


def test_without_names_read_nothing_is_expanded(resources: dict[str, Any]) -> None:
    expansion.forget()
    assert expansion.expand(parse("Mexique")) == parse("Mexique")


def test_a_name_that_only_stems_like_another_countrys_is_not_added(db: None) -> None:
    # The Arabic stem of الكونغو (Congo) is كونغ, a word of هونغ كونغ (Hong Kong).
    make_resource("مراكز الهجرة في هونغ كونغ", countries=("HKG",), language="ar", summary="هونغ كونغ")
    make_resource("Migration in Congo", countries=("COG",))
    outbox.rebuild()
    expansion.load()
    (group,) = expansion.expand(parse("Congo")).groups
    assert Term("COG", facet="country") in group
    assert Term("الكونغو") not in group
    assert titles("Congo") == {"Migration in Congo"}


def test_a_word_another_name_really_contains_is_still_added(resources: dict[str, Any]) -> None:
    expansion.load()
    (group,) = expansion.expand(parse("Chine")).groups
    assert {Term("China"), Term("中国"), Term("Китай")} <= set(group)  # also words of Hong Kong's long names
