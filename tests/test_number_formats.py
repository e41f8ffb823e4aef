"""Money and counts are grouped by thousands in each of the six languages, as Unicode CLDR writes them; Arabic
and Chinese come from our own format files (gcmhub/config/formats), the others from Django's."""

from decimal import Decimal

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.template.defaultfilters import floatformat
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gcmhub.results.templatetags.results_tags import usd

MONEY = Decimal("1234567.50")
# Separators as CLDR gives them for each language (French, Russian and Spanish as Django ships them).
EXPECTED_MONEY = {
    "en": "1,234,567.50",
    "ar": "1,234,567.50",
    "zh-hans": "1,234,567.50",
    "fr": "1\xa0234\xa0567,50",
    "ru": "1\xa0234\xa0567,50",
    "es": "1\xa0234\xa0567,50",
}
EXPECTED_COUNT = {
    "en": "12,345",
    "ar": "12,345",
    "zh-hans": "12,345",
    "fr": "12\xa0345",
    "ru": "12\xa0345",
    "es": "12\xa0345",
}


@pytest.mark.parametrize("language", sorted(EXPECTED_MONEY))
def test_money_is_grouped_in_each_language(language: str) -> None:
    with translation.override(language):
        assert usd(MONEY) == EXPECTED_MONEY[language]
        assert floatformat(MONEY, "2g") == EXPECTED_MONEY[language]


@pytest.mark.parametrize("language", sorted(EXPECTED_COUNT))
def test_counts_are_grouped_in_each_language(language: str) -> None:
    with translation.override(language):
        assert intcomma(12345) == EXPECTED_COUNT[language]


@pytest.mark.parametrize("language", sorted(EXPECTED_COUNT))
def test_years_and_small_numbers_are_never_grouped(language: str) -> None:
    with translation.override(language):
        assert floatformat(2024, "0") == "2024"
        assert intcomma(999) == "999"


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ar", "zh-hans", "fr"])
def test_the_search_page_groups_its_count_of_results(
    client: Client, monkeypatch: pytest.MonkeyPatch, language: str
) -> None:
    from gcmhub.search import service

    def many(*args: object, **kwargs: object) -> service.SearchPage:
        return service.SearchPage(
            query="migration", hits=[], total=12345, facets={}, page=1, per_page=20, sort=""
        )

    monkeypatch.setattr(service, "search", many)
    with translation.override(language):
        url = reverse("search:index")
    html = client.get(url, {"q": "migration"}).content.decode()
    assert EXPECTED_COUNT[language] in html
