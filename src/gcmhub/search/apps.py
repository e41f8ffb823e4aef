from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gcmhub.search"
    label = "search"

    def ready(self) -> None:
        from gcmhub.search import checks  # noqa: F401 - registers the system checks
