from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "gcmhub.search"
    label = "search"
