from django.apps import AppConfig


class WorkplanConfig(AppConfig):
    name = "gcmhub.workplan"
    label = "workplan"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_save

        from gcmhub.search.registry import register, register_facet_labels
        from gcmhub.workplan import indexing
        from gcmhub.workplan.models import (
            Activity,
            ExpectedResult,
            ProgressUpdate,
            Section,
            WorkPlanVersion,
        )

        auditlog.register(Activity, m2m_fields={"participants"}, exclude_fields=["updated_at"])
        auditlog.register(ProgressUpdate)
        auditlog.register(ExpectedResult, exclude_fields=["position", "line"])
        auditlog.register(WorkPlanVersion)
        register(
            Section,
            to_document=indexing.section_document,
            queryset=indexing.indexed_sections,
            public_count=indexing.section_count,
        )
        register(
            ExpectedResult,
            to_document=indexing.result_document,
            queryset=indexing.indexed_results,
            public_count=indexing.result_count,
        )
        register(
            Activity,
            to_document=indexing.activity_document,
            queryset=indexing.indexed_activities,
            public_count=indexing.activity_count,
        )
        register_facet_labels("kind", indexing.kind_labels)
        post_save.connect(
            indexing.version_saved, sender=WorkPlanVersion, dispatch_uid="gcmhub.workplan:index-version"
        )
