from django.apps import AppConfig


class WorkplanConfig(AppConfig):
    name = "gcmhub.workplan"
    label = "workplan"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from gcmhub.workplan.models import Activity, ExpectedResult, ProgressUpdate, WorkPlanVersion

        auditlog.register(Activity, m2m_fields={"participants"}, exclude_fields=["updated_at"])
        auditlog.register(ProgressUpdate)
        auditlog.register(ExpectedResult, exclude_fields=["position", "line"])
        auditlog.register(WorkPlanVersion)
