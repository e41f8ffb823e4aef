from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "gcmhub.results"
    label = "results"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from gcmhub.results import models

        auditlog.register(
            models.Framework, m2m_fields={"reporting_organizations"}, exclude_fields=["updated_at"]
        )
        auditlog.register(models.Result)
        auditlog.register(models.Indicator, m2m_fields={"dimensions"})
        auditlog.register(models.Target)
        auditlog.register(models.Report, exclude_fields=["updated_at"])
        auditlog.register(models.ReportedValue)
        auditlog.register(models.Dimension)
        auditlog.register(models.Category)
