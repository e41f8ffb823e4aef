"""Joint programmes: the pipeline from concept note to financial closure, their participating organizations
and partners, Steering Committee decisions, allocations, transfers, refunds, expenditure and markers."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gcmhub.core.models import TimeStampedModel
from gcmhub.fund.models.ledger import Fund, Reversible, ThematicArea, positive
from gcmhub.reference.models import Country, GuidingPrinciple, Objective, Organization


class ProgrammeStatus(models.TextChoices):
    CONCEPT_NOTE = "concept_note", _("Concept note")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved for the pipeline")
    FUNDED = "funded", _("Funded")
    ACTIVE = "active", _("Active")
    OPERATIONALLY_CLOSED = "operationally_closed", _("Operationally closed")
    FINANCIALLY_CLOSED = "financially_closed", _("Financially closed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# The pipeline: from each status, the statuses a programme may move to.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ProgrammeStatus.CONCEPT_NOTE: (ProgrammeStatus.UNDER_REVIEW, ProgrammeStatus.WITHDRAWN),
    ProgrammeStatus.UNDER_REVIEW: (
        ProgrammeStatus.APPROVED,
        ProgrammeStatus.REJECTED,
        ProgrammeStatus.WITHDRAWN,
        ProgrammeStatus.CONCEPT_NOTE,
    ),
    ProgrammeStatus.APPROVED: (ProgrammeStatus.FUNDED, ProgrammeStatus.WITHDRAWN),
    ProgrammeStatus.FUNDED: (ProgrammeStatus.ACTIVE,),
    ProgrammeStatus.ACTIVE: (ProgrammeStatus.OPERATIONALLY_CLOSED,),
    ProgrammeStatus.OPERATIONALLY_CLOSED: (ProgrammeStatus.FINANCIALLY_CLOSED,),
    ProgrammeStatus.FINANCIALLY_CLOSED: (),
    ProgrammeStatus.REJECTED: (),
    ProgrammeStatus.WITHDRAWN: (),
}
# Approved programmes and everything after: what the public sees.
PUBLIC_STATUSES = (
    ProgrammeStatus.APPROVED,
    ProgrammeStatus.FUNDED,
    ProgrammeStatus.ACTIVE,
    ProgrammeStatus.OPERATIONALLY_CLOSED,
    ProgrammeStatus.FINANCIALLY_CLOSED,
)
ALLOCATABLE_STATUSES = (ProgrammeStatus.APPROVED, ProgrammeStatus.FUNDED, ProgrammeStatus.ACTIVE)
TRANSFERABLE_STATUSES = (ProgrammeStatus.FUNDED, ProgrammeStatus.ACTIVE)
REPORTABLE_STATUSES = (ProgrammeStatus.ACTIVE, ProgrammeStatus.OPERATIONALLY_CLOSED)
REFUNDABLE_STATUSES = (ProgrammeStatus.FUNDED, ProgrammeStatus.ACTIVE, ProgrammeStatus.OPERATIONALLY_CLOSED)


class JointProgramme(TimeStampedModel):
    class Level(models.TextChoices):
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")
        GLOBAL = "global", _("Global")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="programmes")
    code = models.CharField(_("code"), max_length=30, unique=True)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    countries = models.ManyToManyField(Country, blank=True, related_name="joint_programmes")
    thematic_area = models.ForeignKey(ThematicArea, on_delete=models.PROTECT, related_name="programmes")
    objectives: "models.ManyToManyField[Objective, ProgrammeObjective]" = models.ManyToManyField(
        Objective, through="ProgrammeObjective", related_name="joint_programmes"
    )
    guiding_principles = models.ManyToManyField(GuidingPrinciple, blank=True, related_name="joint_programmes")
    start_date = models.DateField(_("start"), null=True, blank=True)
    end_date = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=30, choices=ProgrammeStatus.choices, default=ProgrammeStatus.CONCEPT_NOTE
    )
    framework = models.OneToOneField(
        "results.Framework", null=True, blank=True, on_delete=models.SET_NULL, related_name="programme"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["fund", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def current_end(self) -> datetime.date | None:
        """The end date after any extensions."""
        # Reads the prefetched extensions when a list view has fetched them.
        return max((e.new_end for e in self.extensions.all()), default=self.end_date)


class ProgrammeObjective(models.Model):
    programme = models.ForeignKey(
        JointProgramme, on_delete=models.CASCADE, related_name="programme_objectives"
    )
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="+")
    is_primary = models.BooleanField(_("primary"), default=False)

    class Meta:
        ordering = ["programme", "-is_primary", "objective__number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "objective"], name="unique_programme_objective")
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} → {self.objective}"


class ParticipatingOrganization(models.Model):
    """A UN organization taking part in a programme, with its budget share (indirect costs included)."""

    programme = models.ForeignKey(JointProgramme, on_delete=models.CASCADE, related_name="participants")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="fund_participations"
    )
    budget_usd = models.DecimalField(
        _("approved budget (USD)"), validators=[positive], max_digits=18, decimal_places=2
    )
    is_convening = models.BooleanField(_("convening agency"), default=False)

    class Meta:
        ordering = ["programme", "-is_convening", "organization__acronym"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "organization"], name="unique_programme_participant")
        ]

    def __str__(self) -> str:
        return f"{self.programme.code}: {self.organization}"

    @property
    def indirect_usd(self) -> Decimal:
        """The indirect support costs included in the budget share, at the fund's rate."""
        rate = self.programme.fund.indirect_cost_rate
        return (self.budget_usd * rate / (1 + rate)).quantize(Decimal("0.01"))

    @property
    def direct_usd(self) -> Decimal:
        return self.budget_usd - self.indirect_usd


class ProgrammePartner(models.Model):
    class Kind(models.TextChoices):
        NATIONAL = "national", _("National partner")
        CIVIL_SOCIETY = "civil_society", _("Civil-society partner")

    programme = models.ForeignKey(JointProgramme, on_delete=models.CASCADE, related_name="partners")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=250)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["programme", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class SteeringCommitteeDecision(models.Model):
    class Kind(models.TextChoices):
        APPROVAL = "approval", _("Approval for the pipeline")
        REJECTION = "rejection", _("Rejection")
        ALLOCATION = "allocation", _("Allocation")
        EXTENSION = "extension", _("Extension")
        OTHER = "other", _("Other")

    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="decisions")
    programme = models.ForeignKey(
        JointProgramme, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    decision = models.TextField(_("decision"))
    amount_usd = models.DecimalField(
        _("amount (USD)"), null=True, blank=True, max_digits=18, decimal_places=2
    )
    rationale = models.TextField(_("rationale"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["fund", "-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class ProgrammeExtension(models.Model):
    programme = models.ForeignKey(JointProgramme, on_delete=models.CASCADE, related_name="extensions")
    decision = models.OneToOneField(
        SteeringCommitteeDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="extension"
    )
    previous_end = models.DateField(null=True, blank=True)
    new_end = models.DateField(_("new end"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["programme", "new_end"]

    def __str__(self) -> str:
        return f"{self.programme.code} → {self.new_end}"


class Allocation(Reversible):
    """Money the Steering Committee sets aside for a programme from the fund's available balance."""

    programme = models.ForeignKey(JointProgramme, on_delete=models.PROTECT, related_name="allocations")
    decision = models.OneToOneField(
        SteeringCommitteeDecision, null=True, blank=True, on_delete=models.PROTECT, related_name="allocation"
    )
    date = models.DateField(_("date"))
    amount_usd = models.DecimalField(_("amount (USD)"), max_digits=18, decimal_places=2)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.date}: {self.amount_usd}"


class ProgrammeEntry(Reversible):
    """Money between the administrative agent and a participating organization, and what it spent."""

    class Kind(models.TextChoices):
        TRANSFER = "transfer", _("Transfer")
        REFUND = "refund", _("Refund")
        EXPENDITURE = "expenditure", _("Expenditure")

    programme = models.ForeignKey(JointProgramme, on_delete=models.PROTECT, related_name="entries")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="fund_entries")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    amount_usd = models.DecimalField(_("amount (USD)"), max_digits=18, decimal_places=2)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "date", "pk"]
        verbose_name_plural = "programme entries"
        indexes = [models.Index(fields=["programme", "organization", "kind"], name="fund_entry_lookup")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.programme.code} {self.organization}: {self.amount_usd}"


class Marker(models.Model):
    """Gender, human rights and child sensitivity markers: 0 (none) to 3 (principal), with a justification."""

    class Kind(models.TextChoices):
        GENDER = "gender", _("Gender equality")
        HUMAN_RIGHTS = "human_rights", _("Human rights")
        CHILD_SENSITIVITY = "child_sensitivity", _("Child sensitivity")

    programme = models.ForeignKey(JointProgramme, on_delete=models.CASCADE, related_name="markers")
    kind = models.CharField(_("marker"), max_length=20, choices=Kind.choices)
    score = models.PositiveSmallIntegerField(_("score"))
    justification = models.TextField(_("justification"))

    class Meta:
        ordering = ["programme", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind"], name="unique_programme_marker"),
            models.CheckConstraint(condition=models.Q(score__lte=3), name="marker_score_0_3"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.code} {self.kind}={self.score}"


class ProgrammeDocument(models.Model):
    class Kind(models.TextChoices):
        CONCEPT_NOTE = "concept_note", _("Concept note")
        PROGRAMME_DOCUMENT = "programme_document", _("Programme document")
        BUDGET = "budget", _("Budget")
        PROGRESS_REPORT = "progress_report", _("Progress report")
        EVALUATION = "evaluation", _("Evaluation")
        OTHER = "other", _("Other")

    programme = models.ForeignKey(JointProgramme, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    file = models.FileField(upload_to="fund/documents/%Y/", blank=True)
    url = models.URLField(_("link"), blank=True, max_length=500)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    document_date = models.DateField(_("date"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["programme", "-uploaded_at"]

    def __str__(self) -> str:
        return self.title


ZERO = Decimal("0.00")
