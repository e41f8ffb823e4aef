from django.apps import AppConfig


class CommsConfig(AppConfig):
    name = "gcmhub.comms"
    label = "comms"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from gcmhub.comms import indexing, related
        from gcmhub.comms.models import Clearance, Situation, Statement, StatementTranslation, TalkingPoint
        from gcmhub.core.related import register_related
        from gcmhub.search.registry import register, register_facet_labels

        # Everything about clearance is audited: the statement's text and status, and every answer.
        auditlog.register(
            Statement,
            m2m_fields={"objectives", "countries", "situations", "events"},
            exclude_fields=["updated_at"],
        )
        auditlog.register(StatementTranslation, exclude_fields=["updated_at"])
        auditlog.register(Clearance)
        auditlog.register(
            Situation, m2m_fields={"countries", "lead_agencies", "programmes", "support_requests"}
        )
        auditlog.register(TalkingPoint)
        register(
            Statement,
            to_document=indexing.statement_document,
            queryset=indexing.indexed_statements,
            public_count=indexing.published_count,
        )
        register_facet_labels("kind", indexing.kind_labels)
        # Situations are listed on the pages of the programmes and requests they link to (docs/comms.md).
        register_related("fund.jointprogramme", related.programme_situations)
        register_related("directory.supportrequest", related.request_situations)
