from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "gcmhub.directory"
    label = "directory"
