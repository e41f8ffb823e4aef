from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "gcmhub.results"
    label = "results"
