from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "gcmhub.events"
    label = "events"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from gcmhub.events import indexing
        from gcmhub.events.models import Event, Material, Registration
        from gcmhub.search.registry import register

        auditlog.register(
            Event,
            m2m_fields={"objectives", "countries", "activities", "practices"},
            exclude_fields=["updated_at"],
        )
        auditlog.register(Registration, exclude_fields=["updated_at"])
        auditlog.register(Material)
        # Only published events open to everyone are searchable (indexing.event_document decides).
        register(
            Event,
            to_document=indexing.event_document,
            queryset=indexing.indexed_events,
            public_count=indexing.public_count,
        )
