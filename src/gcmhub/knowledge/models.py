"""Knowledge resources (practices, national implementation plans, reviews, guidance, platforms…), their
translations and attachments, calls for practices, and peer review."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gcmhub.reference.models import Country, GuidingPrinciple, Objective, Organization, Region, ThematicArea


class Language(models.TextChoices):
    """The six UN languages (codes as in the search index; Chinese is written simplified)."""

    AR = "ar", "العربية"
    ZH = "zh", "中文"
    EN = "en", "English"
    FR = "fr", "Français"
    RU = "ru", "Русский"
    ES = "es", "Español"


class Kind(models.TextChoices):
    PRACTICE = "practice", _("Practice")
    NATIONAL_PLAN = "national_plan", _("National implementation plan")
    REVIEW = "review", _("National or voluntary GCM review")
    GUIDANCE = "guidance", _("Guidance or toolkit")
    PUBLICATION = "publication", _("Publication")
    TRAINING = "training", _("Training")
    PLATFORM = "platform", _("Data or knowledge platform")
    EVENT = "event", _("Event")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")
    PUBLISHED = "published", _("Published")
    ARCHIVED = "archived", _("Archived")


class Scope(models.TextChoices):
    GLOBAL = "global", _("Global")
    REGIONAL = "regional", _("Regional")
    NATIONAL = "national", _("National")
    LOCAL = "local", _("Local")


class ImplementationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    DISCONTINUED = "discontinued", _("Discontinued")


class CrossCuttingTheme(models.TextChoices):
    GENDER = "gender-responsive", _("Gender-responsive")
    CHILD = "child-sensitive", _("Child-sensitive")
    DISABILITY = "disability-inclusive", _("Disability-inclusive")
    AGE = "age-sensitive", _("Age-sensitive")
    CLIMATE = "climate-environment", _("Climate change and environment")
    HEALTH = "health", _("Health")
    DIGITAL = "digital", _("Digital")


class Audience(models.TextChoices):
    POLICYMAKERS = "policymakers", _("Policymakers")
    PRACTITIONERS = "practitioners", _("Practitioners")
    MIGRANTS = "migrants", _("Migrants and their families")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    RESEARCHERS = "researchers", _("Researchers")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    UN_SYSTEM = "un_system", _("UN system")


class CallForPractices(models.Model):
    """An open call (a theme and a deadline) that groups the submissions answering it."""

    title = models.CharField(_("title"), max_length=250)
    theme = models.CharField(_("theme"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    deadline = models.DateField(_("deadline"))
    objectives = models.ManyToManyField(Objective, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-deadline", "-pk"]
        verbose_name_plural = "calls for practices"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:call", args=[self.pk])

    def is_open(self, today: datetime.date | None = None) -> bool:
        from django.utils import timezone

        return self.deadline >= (today or timezone.localdate())


class Resource(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("description"), blank=True, help_text=_("Sanitized HTML."))
    language = models.CharField(_("original language"), max_length=2, choices=Language.choices, default="en")
    objectives: "models.ManyToManyField[Objective, ResourceObjective]" = models.ManyToManyField(
        Objective, through="ResourceObjective", related_name="resources"
    )
    principles = models.ManyToManyField(GuidingPrinciple, blank=True, related_name="resources")
    thematic_areas = models.ManyToManyField(ThematicArea, blank=True, related_name="resources")
    scope = models.CharField(_("geographic scope"), max_length=10, choices=Scope.choices, blank=True)
    regions = models.ManyToManyField(Region, blank=True, related_name="resources")
    countries = models.ManyToManyField(Country, blank=True, related_name="resources")
    implementer = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="implemented_resources"
    )
    partners = models.ManyToManyField(Organization, blank=True, related_name="partner_resources")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="resources"
    )
    # The organization the submitter acted for: its people edit the resource and may never review it.
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="submitted_resources"
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    published_on = models.DateField(_("publication date"), null=True, blank=True)
    implementation_status = models.CharField(
        _("implementation status"), max_length=20, choices=ImplementationStatus.choices, blank=True
    )
    audiences = models.JSONField(_("target audience"), default=list, blank=True)
    themes = models.JSONField(_("cross-cutting themes"), default=list, blank=True)
    results = models.TextField(_("results and evidence"), blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)  # [{"label": …, "url": …}]
    source_url = models.URLField(_("source URL"), max_length=500, blank=True, db_index=True)
    licence = models.CharField(_("licence"), max_length=120, blank=True)
    call = models.ForeignKey(
        CallForPractices, null=True, blank=True, on_delete=models.SET_NULL, related_name="resources"
    )
    external_id = models.CharField(max_length=120, null=True, blank=True, unique=True)
    # Hash of the imported record: re-importing an unchanged line writes nothing.
    import_hash = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    review_round = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["-published_on", "-pk"]
        indexes = [models.Index(fields=["kind", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("knowledge:resource", args=[self.pk])

    @property
    def time_to_publish(self) -> datetime.timedelta | None:
        if self.first_submitted_at and self.published_at:
            return self.published_at - self.first_submitted_at
        return None


class ResourceObjective(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="objective_links")
    objective = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="+")
    primary = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resource", "objective"], name="unique_resource_objective")
        ]

    def __str__(self) -> str:
        return f"{self.resource_id} → {self.objective_id}"


class ResourceTranslation(models.Model):
    """The resource's text in another UN language, per field; an empty field falls back to the original."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=2, choices=Language.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("description"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["resource", "language"], name="unique_translation")]
        ordering = ["language"]

    def __str__(self) -> str:
        return f"{self.resource_id} [{self.language}]"


class NationalPlan(models.Model):
    """What a national implementation plan (or a national or voluntary GCM review) adds to a resource."""

    class PlanType(models.TextChoices):
        DEDICATED = "dedicated", _("Dedicated GCM plan")
        MAINSTREAMED = "mainstreamed", _("Mainstreamed in a national plan")

    class PlanStatus(models.TextChoices):
        IN_PREPARATION = "in_preparation", _("In preparation")
        ADOPTED = "adopted", _("Adopted")
        UNDER_REVIEW = "under_review", _("Under review")

    resource = models.OneToOneField(Resource, on_delete=models.CASCADE, related_name="national_plan")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="national_plans")
    plan_type = models.CharField(_("type"), max_length=20, choices=PlanType.choices, blank=True)
    plan_status = models.CharField(_("status of the plan"), max_length=20, choices=PlanStatus.choices)
    adopted_on = models.DateField(_("adoption date"), null=True, blank=True)
    period_start = models.PositiveSmallIntegerField(_("period from (year)"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("period to (year)"), null=True, blank=True)
    lead_ministry = models.CharField(_("lead ministry"), max_length=250, blank=True)
    government_entities = models.TextField(_("government entities involved"), blank=True)
    stakeholders_consulted = models.TextField(_("stakeholders consulted"), blank=True)

    def __str__(self) -> str:
        return f"{self.country} — {self.get_plan_status_display()}"


class Platform(models.Model):
    """What a data or knowledge platform adds to a resource (objectives and regions are the resource's)."""

    class Frequency(models.TextChoices):
        CONTINUOUS = "continuous", _("Continuously")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        YEARLY = "yearly", _("Yearly")
        IRREGULAR = "irregular", _("Irregularly")
        NONE = "none", _("No longer updated")

    resource = models.OneToOneField(Resource, on_delete=models.CASCADE, related_name="platform")
    owner = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    owner_name = models.CharField(_("owner"), max_length=250, blank=True)
    url = models.URLField(_("platform URL"), max_length=500)
    content_types = models.JSONField(_("content types"), default=list, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    update_frequency = models.CharField(
        _("update frequency"), max_length=20, choices=Frequency.choices, blank=True
    )

    def __str__(self) -> str:
        return self.url


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"knowledge/{instance.resource_id}/{filename}"


class Attachment(models.Model):
    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        ODT = "odt", "ODT"
        XLSX = "xlsx", "XLSX"

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=255)
    file_type = models.CharField(max_length=5, choices=FileType.choices)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True, help_text=_("Text extracted for search."))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ReviewAssignment(models.Model):
    """A reviewer asked to review one round of a resource, and their review once given."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        COMPLETED = "completed", _("Completed")
        CONFLICT = "conflict", _("Conflict of interest declared")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Recommendation(models.TextChoices):
        APPROVE = "approve", _("Approve")
        CHANGES = "changes", _("Request changes")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_assignments"
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    is_un = models.BooleanField(help_text=_("The reviewer acts for a UN system entity."))
    round = models.PositiveSmallIntegerField(default=1)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    conflict_note = models.TextField(blank=True)
    relevance = models.PositiveSmallIntegerField(null=True, blank=True)
    coherence = models.PositiveSmallIntegerField(null=True, blank=True)
    innovation = models.PositiveSmallIntegerField(null=True, blank=True)
    replicability = models.PositiveSmallIntegerField(null=True, blank=True)
    sustainability = models.PositiveSmallIntegerField(null=True, blank=True)
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices, blank=True)
    comments = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    CRITERIA = ("relevance", "coherence", "innovation", "replicability", "sustainability")

    class Meta:
        ordering = ["round", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["resource", "reviewer", "round"], name="one_assignment_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} → {self.resource_id} (round {self.round})"

    @property
    def scores(self) -> dict[str, int | None]:
        return {criterion: getattr(self, criterion) for criterion in self.CRITERIA}

    @property
    def average(self) -> float | None:
        values = [v for v in self.scores.values() if v is not None]
        return sum(values) / len(values) if values else None


class Decision(models.Model):
    """A decision on a resource (changes, approval, publication, archiving) and its rationale, kept."""

    class Outcome(models.TextChoices):
        CHANGES = "changes", _("Changes requested")
        APPROVE = "approve", _("Approved")
        PUBLISH = "publish", _("Published")
        ARCHIVE = "archive", _("Archived")

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="decisions")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    rationale = models.TextField()
    round = models.PositiveSmallIntegerField(default=0)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "pk"]

    def __str__(self) -> str:
        return f"{self.resource_id}: {self.outcome}"


class ImportRun(models.Model):
    """One run of `gcmhub import_resources`: what it changed, for the audit trail."""

    source = models.CharField(max_length=255)
    sha256 = models.CharField(max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    ran_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-ran_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.source} ({self.ran_at:%Y-%m-%d %H:%M})"
