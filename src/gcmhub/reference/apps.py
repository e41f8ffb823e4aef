from django.apps import AppConfig


class ReferenceConfig(AppConfig):
    name = "gcmhub.reference"
    label = "reference"
