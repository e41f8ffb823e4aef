from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gcmhub.search"
    label = "search"

    def ready(self) -> None:
        from gcmhub.core.health import register_probe
        from gcmhub.search import (
            changes,
            checks,  # noqa: F401 - registers the system checks
        )
        from gcmhub.search.health import index_freshness

        register_probe("search_index", index_freshness)
        changes.connect()
