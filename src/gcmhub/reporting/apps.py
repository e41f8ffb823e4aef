from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "gcmhub.reporting"
    label = "reporting"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from gcmhub.reporting.indexing import indexed_responses, kind_labels, response_document
        from gcmhub.reporting.indexing_pledges import indexed_pledges, pledge_document
        from gcmhub.reporting.indexing_pledges import kind_labels as pledge_kind_labels
        from gcmhub.reporting.models import (
            Answer,
            Call,
            Comment,
            Consultation,
            DraftVersion,
            Question,
            ReminderLog,
            Response,
            Section,
        )
        from gcmhub.reporting.models_pledges import Pledge, PledgeProgress
        from gcmhub.reporting.queries import public_responses
        from gcmhub.reporting.queries_pledges import published_pledges
        from gcmhub.search.registry import register, register_facet_labels

        auditlog.register(Call, exclude_fields=["updated_at"])
        auditlog.register(Section)
        auditlog.register(Question)
        auditlog.register(Response, exclude_fields=["updated_at"])
        auditlog.register(Answer, exclude_fields=["updated_at"])
        auditlog.register(ReminderLog)
        auditlog.register(Consultation, exclude_fields=["updated_at"])
        auditlog.register(DraftVersion)
        auditlog.register(Comment)
        auditlog.register(Pledge, exclude_fields=["updated_at"], m2m_fields={"objectives", "countries"})
        auditlog.register(PledgeProgress)
        register(
            Response,
            to_document=response_document,
            queryset=indexed_responses,
            public_count=lambda: public_responses().count(),
        )
        register_facet_labels("kind", kind_labels)
        register(
            Pledge,
            to_document=pledge_document,
            queryset=indexed_pledges,
            public_count=lambda: published_pledges().count(),
        )
        register_facet_labels("kind", pledge_kind_labels)
