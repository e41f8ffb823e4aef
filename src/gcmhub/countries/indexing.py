"""What the search index holds for a country: its profile, titled with its name in the six UN languages and
summed up by the line under the profile's heading (sub-region and region). Every country has a public
profile, so every country is indexed; a search naming a country in any UN language finds its profile."""

import functools
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from gcmhub.countries import queries
from gcmhub.reference.models import Country
from gcmhub.search.changes import reindex_many
from gcmhub.search.registry import LANGUAGES, SearchDocument

KIND = "country"


def kind_labels(values: list[str]) -> dict[str, str]:
    """The search page's name for this kind of result."""
    return {value: gettext("Country profile") for value in values if value == KIND}


def indexed_countries() -> "QuerySet[Country]":
    return Country.objects.select_related("region", "sub_region")


def public_count() -> int:
    return Country.objects.count()


@functools.cache
def _path() -> str:
    # The default language has no URL prefix; the search page adds the reader's.
    with translation.override(settings.LANGUAGE_CODE):
        return reverse("countries:country", args=["ZZZ"]).replace("ZZZ", "{}")


def _summary(country: Country) -> str:
    """In the active language, as the profile's heading shows it: the Kosovo note where it applies, then the
    sub-region and the region. The indicator values stay out: their words ("migrants", "refugees",
    "population") made every profile a match for the commonest searches."""
    regions = " · ".join(
        region.name_display for region in (country.sub_region, country.region) if region is not None
    )
    return "\n".join(line for line in (queries.name_note(country), regions) if line)


def _text_in(language: str, country: Country) -> dict[str, str]:
    with translation.override(language):
        return {"title": queries.display_name(country), "summary": _summary(country), "body": ""}


def country_document(country: Country) -> SearchDocument:
    texts = {language: _text_in(language, country) for language in LANGUAGES}
    english = texts.pop("en")
    regions = [region.m49 for region in (country.region, country.sub_region) if region is not None]
    return SearchDocument(
        doc_id=f"reference.country:{country.pk}",
        kind=KIND,
        title=english["title"],
        summary=english["summary"],
        body="",
        language="en",
        # Only the languages the reference table names the country in (others would repeat the English).
        translations={code: text for code, text in texts.items() if getattr(country, f"name_{code}")},
        url=_path().format(country.iso3),
        date=None,  # a profile is kept up to date; it has no date of its own
        facets={"country": [country.iso3], "region": regions},
    )


def reference_loaded(sender: Any, report: Any, **kwargs: Any) -> None:
    """A region renamed by `load_reference` changes the summary of every country in it."""
    if any(table.table == "regions" and table.changed for table in report.tables):
        reindex_many(Country, Country.objects.values_list("pk", flat=True))
