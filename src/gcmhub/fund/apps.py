from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "gcmhub.fund"
    label = "fund"
