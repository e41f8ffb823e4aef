from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "gcmhub.knowledge"
    label = "knowledge"
