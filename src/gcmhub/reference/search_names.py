"""Country names for search: a query naming a country in any UN language finds documents tagged with it or
mentioning it by another of its names (registered with the search app in ReferenceConfig.ready())."""

from gcmhub.reference import queries
from gcmhub.search.registry import NamedValue


def country_names() -> list[NamedValue]:
    """Every country and territory with its names in the six UN languages."""
    return [
        NamedValue(
            facet="country",
            value=country.iso3,
            names=tuple(
                name
                for name in (
                    country.name_en,
                    country.name_fr,
                    country.name_es,
                    country.name_ru,
                    country.name_zh,
                    country.name_ar,
                )
                if name
            ),
        )
        for country in queries.countries()
    ]
