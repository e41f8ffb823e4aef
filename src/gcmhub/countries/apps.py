from typing import Any

from django.apps import AppConfig


class CountriesConfig(AppConfig):
    name = "gcmhub.countries"
    label = "countries"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from gcmhub.countries import indexing
        from gcmhub.countries.models import (
            Corridor,
            CorridorTag,
            CountryFacts,
            Indicator,
            IndicatorValue,
            Source,
        )
        from gcmhub.reference.actions import reference_loaded
        from gcmhub.reference.models import Country
        from gcmhub.search.registry import register, register_facet_labels

        auditlog.register(CountryFacts, m2m_fields={"network_co_leads"}, exclude_fields=["updated_at"])
        auditlog.register(IndicatorValue, exclude_fields=["updated_at"])
        for model in (Indicator, Source, Corridor, CorridorTag):
            auditlog.register(model)
        reference_loaded.connect(_load_shipped_data, dispatch_uid="countries.load_shipped")
        # Every country's profile is public: a search naming a country in any UN language offers it.
        register(
            Country,
            to_document=indexing.country_document,
            queryset=indexing.indexed_countries,
            public_count=indexing.public_count,
            embedded=False,  # a bare name's vector is near too many queries ("children": Tonga, Yemen…)
        )
        register_facet_labels("kind", indexing.kind_labels)
        reference_loaded.connect(indexing.reference_loaded, dispatch_uid="countries.index_on_reference")


def _load_shipped_data(sender: Any, report: Any, actor: Any, **kwargs: Any) -> None:
    """`gcmhub load_reference` loads the shipped indicator data too, in its transaction."""
    from gcmhub.countries.actions import load_shipped_into

    load_shipped_into(report, actor=actor)
