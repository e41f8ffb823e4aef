from django.apps import AppConfig


class FundConfig(AppConfig):
    name = "gcmhub.fund"
    label = "fund"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from gcmhub.fund import models

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
