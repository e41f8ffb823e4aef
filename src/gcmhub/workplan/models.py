"""The work plan: versions imported from the document, its sections, expected results and activities,
and the tracking of each activity as work proceeds."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gcmhub.reference.models import MembershipGroup, Objective, Organization, ThematicArea


class WorkPlan(models.Model):
    """The logical plan; each import of its document makes a new version."""

    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=250)

    def __str__(self) -> str:
        return self.title

    @property
    def current_version(self) -> "WorkPlanVersion | None":
        return self.versions.filter(is_current=True).first()


class WorkPlanVersion(models.Model):
    plan = models.ForeignKey(WorkPlan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=250)
    source_name = models.CharField(max_length=250)
    source_sha256 = models.CharField(max_length=64)
    # Hash of the parsed structure: re-importing a file that parses the same changes nothing.
    structure_sha256 = models.CharField(max_length=64)
    imported_at = models.DateTimeField(default=timezone.now)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    start_date = models.DateField(help_text=_("The date the plan's timeframes count from."))
    is_current = models.BooleanField(default=False)

    class Meta:
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_version_number"),
            models.UniqueConstraint(
                fields=["plan"], condition=models.Q(is_current=True), name="one_current_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"


class ImportIssue(models.Model):
    """An anomaly the importer found in the document, with its line number; nothing is silently fixed."""

    class Severity(models.TextChoices):
        INFO = "info", _("Information")
        WARNING = "warning", _("Warning")

    version = models.ForeignKey(WorkPlanVersion, on_delete=models.CASCADE, related_name="import_issues")
    line = models.PositiveIntegerField(null=True)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    code = models.CharField(max_length=50)
    message = models.TextField()

    class Meta:
        ordering = ["version", "line", "pk"]

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class Section(models.Model):
    class Kind(models.TextChoices):
        CROSS_CUTTING = "cross_cutting", _("Cross-cutting")
        THEMATIC_AREA = "thematic_area", _("Thematic area")

    version = models.ForeignKey(WorkPlanVersion, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    title = models.TextField()
    position = models.PositiveSmallIntegerField()
    line = models.PositiveIntegerField(null=True)
    objectives = models.ManyToManyField(Objective, related_name="sections")
    # The platform's thematic area of the same number (none for the cross-cutting section, or for a number
    # the reference data lacks).
    thematic_area = models.ForeignKey(
        ThematicArea, null=True, blank=True, on_delete=models.PROTECT, related_name="sections"
    )

    class Meta:
        ordering = ["version", "position"]

    def __str__(self) -> str:
        return self.title

    @property
    def key(self) -> str:
        """Stable across versions: "cc" for the cross-cutting section, "ta3" for thematic area 3."""
        return "cc" if self.kind == self.Kind.CROSS_CUTTING else f"ta{self.number}"


class ExpectedResult(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="results")
    number = models.PositiveSmallIntegerField()
    title = models.TextField()
    # NULL means the document gives no text (the stable JSON says null), distinct from any text.
    output = models.TextField(null=True, blank=True)  # noqa: DJ001
    position = models.PositiveSmallIntegerField()
    line = models.PositiveIntegerField(null=True)
    timeframe_text = models.CharField(max_length=250, null=True, blank=True)  # noqa: DJ001 (as output)
    min_months = models.PositiveSmallIntegerField(null=True, blank=True)
    max_months = models.PositiveSmallIntegerField(null=True, blank=True)
    recurrence_months = models.PositiveSmallIntegerField(null=True, blank=True)
    open_ended = models.BooleanField(default=False)
    membership_text = models.TextField(null=True, blank=True)  # noqa: DJ001 (as output)
    membership_tbd = models.BooleanField(default=False)
    membership_tors = models.BooleanField(
        default=False, help_text=_("Membership defined by terms of reference.")
    )
    organizations = models.ManyToManyField(Organization, related_name="expected_results", blank=True)
    groups = models.ManyToManyField(MembershipGroup, related_name="expected_results", blank=True)

    class Meta:
        ordering = ["section", "position"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("workplan:result", args=[self.pk])

    @property
    def key(self) -> str:
        return f"{self.section.key}.{self.number}"


class ActivityStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    DELAYED = "delayed", _("Delayed")
    CANCELLED = "cancelled", _("Cancelled")


CLOSED_STATUSES = (ActivityStatus.COMPLETED, ActivityStatus.CANCELLED)


class LeadSource(models.TextChoices):
    """Who chose an activity's lead: a re-import may replace a lead it proposed, never one set by hand."""

    IMPORT = "import", _("Proposed by the import")
    MANUAL = "manual", _("Set by hand")


class Activity(models.Model):
    result = models.ForeignKey(ExpectedResult, on_delete=models.CASCADE, related_name="activities")
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField()
    position = models.PositiveSmallIntegerField()
    line = models.PositiveIntegerField(null=True)
    # Tracking, carried over to the matching activity when a new version is imported.
    status = models.CharField(
        max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.NOT_STARTED
    )
    lead = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="led_activities"
    )
    # Empty until someone or the import chooses; "manual" with no lead means someone removed it on purpose.
    lead_source = models.CharField(max_length=10, choices=LeadSource.choices, blank=True, default="")
    participants = models.ManyToManyField(Organization, related_name="activities", blank=True)
    planned_start = models.DateField(null=True, blank=True)
    planned_end = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["result", "position"]
        verbose_name_plural = "activities"

    def __str__(self) -> str:
        prefix = f"{self.number}) " if self.number is not None else ""
        return f"{prefix}{self.text[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("workplan:activity", args=[self.pk])

    @property
    def key(self) -> str:
        return f"{self.result.key}.{self.position}"

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.planned_end and self.planned_end < today and self.status not in CLOSED_STATUSES)


class ProgressUpdate(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(default=timezone.localdate)
    text = models.TextField()
    evidence_url = models.URLField(blank=True, max_length=500)
    status = models.CharField(max_length=20, choices=ActivityStatus.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.text[:60]}"
