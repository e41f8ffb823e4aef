from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "gcmhub.fund"
    label = "fund"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.db.models.signals import post_save

        from gcmhub.fund import indexing, models
        from gcmhub.search.registry import register, register_facet_labels

        auditlog.register(models.Fund, exclude_fields=["updated_at"])
        auditlog.register(models.ThematicArea, m2m_fields={"objectives"})
        for model in (
            models.CapitalizationTarget,
            models.Contributor,
            models.Commitment,
            models.Deposit,
            models.FundEntry,
            models.ProgrammeObjective,
            models.ParticipatingOrganization,
            models.ProgrammePartner,
            models.SteeringCommitteeDecision,
            models.ProgrammeExtension,
            models.Allocation,
            models.ProgrammeEntry,
            models.Marker,
            models.ProgrammeDocument,
        ):
            auditlog.register(model)
        auditlog.register(
            models.JointProgramme,
            m2m_fields={"countries", "guiding_principles"},
            exclude_fields=["updated_at"],
        )
        register(
            models.JointProgramme,
            to_document=indexing.programme_document,
            queryset=indexing.indexed_programmes,
            public_count=indexing.public_count,
        )
        register_facet_labels("kind", indexing.kind_labels)
        post_save.connect(indexing.fund_saved, sender=models.Fund, dispatch_uid="gcmhub.fund:index-fund")
