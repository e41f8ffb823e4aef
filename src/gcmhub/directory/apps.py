from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "gcmhub.directory"
    label = "directory"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from gcmhub.directory import indexing
        from gcmhub.directory.models import Expert, SupportRequest
        from gcmhub.search.registry import register

        auditlog.register(
            Expert, m2m_fields={"objectives", "principles", "regions"}, exclude_fields=["updated_at"]
        )
        auditlog.register(SupportRequest, m2m_fields={"objectives"}, exclude_fields=["updated_at"])
        register(
            Expert,
            to_document=indexing.expert_document,
            queryset=indexing.indexed_experts,
            public_count=indexing.listed_count,
        )
