from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "gcmhub.core"
    label = "core"

    def ready(self) -> None:
        from gcmhub.core import health

        health.register_probe("database", health.database)
        health.register_probe("worker", health.worker)
