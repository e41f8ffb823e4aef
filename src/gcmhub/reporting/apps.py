from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "gcmhub.reporting"
    label = "reporting"
