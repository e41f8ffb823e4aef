from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "gcmhub.knowledge"
    label = "knowledge"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from gcmhub.knowledge import indexing
        from gcmhub.knowledge.facets import LABELERS
        from gcmhub.knowledge.models import (
            Attachment,
            CallForPractices,
            Decision,
            NationalPlan,
            Platform,
            Resource,
            ResourceTranslation,
            ReviewAssignment,
        )
        from gcmhub.search.registry import register, register_facet_labels

        auditlog.register(
            Resource,
            m2m_fields={"principles", "thematic_areas", "regions", "countries", "partners"},
            exclude_fields=["updated_at", "import_hash"],
        )
        auditlog.register(ResourceTranslation)
        auditlog.register(NationalPlan)
        auditlog.register(Platform)
        auditlog.register(Attachment, exclude_fields=["text"])
        auditlog.register(ReviewAssignment)
        auditlog.register(Decision)
        auditlog.register(CallForPractices)
        register(
            Resource,
            to_document=indexing.resource_document,
            queryset=indexing.indexed_resources,
            public_count=indexing.published_count,
        )
        for facet, labeler in LABELERS.items():
            register_facet_labels(facet, labeler)
