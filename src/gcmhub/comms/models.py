"""The Network's voice: statements and their clearance by the Executive Committee, talking points, and the
situations watch."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gcmhub.reference.models import Country, Objective, Organization, Region

LANGUAGES = [
    ("ar", "العربية"),
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("zh", "中文"),
]


class SituationStatus(models.TextChoices):
    MONITORING = "monitoring", pgettext_lazy("situation status", "Monitoring")
    RESPONSE_AGREED = "response_agreed", pgettext_lazy("situation status", "Response agreed")
    CLOSED = "closed", pgettext_lazy("situation status", "Closed")


class Situation(models.Model):
    """A country or sub-regional situation that may call for a collective response of the Network."""

    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="en")
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    countries = models.ManyToManyField(Country, blank=True, related_name="+")
    lead_agencies = models.ManyToManyField(Organization, blank=True, related_name="+")
    status = models.CharField(
        max_length=20, choices=SituationStatus.choices, default=SituationStatus.MONITORING
    )
    monitoring_since = models.DateField(_("monitored since"))
    response_agreed_on = models.DateField(_("response agreed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # Other apps' records, named by string so this app imports none of their models.
    programmes = models.ManyToManyField("fund.JointProgramme", blank=True, related_name="+")
    support_requests = models.ManyToManyField("directory.SupportRequest", blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["status", "-monitoring_since", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("comms:situation", args=[self.pk])


class StatementStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("statement status", "Draft")
    IN_CLEARANCE = "in_clearance", pgettext_lazy("statement status", "In clearance")
    OBJECTED = "objected", pgettext_lazy("statement status", "Objected")
    CLEARED = "cleared", pgettext_lazy("statement status", "Cleared")
    PUBLISHED = "published", pgettext_lazy("statement status", "Published")


class Statement(models.Model):
    """A Network statement. Its text is frozen while in clearance and once cleared: changing it sends it back
    to drafting, and a new clearance round is needed before it can be published."""

    title = models.CharField(_("title"), max_length=250)
    body = models.TextField(_("text"))
    language = models.CharField(_("original language"), max_length=2, choices=LANGUAGES, default="en")
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(max_length=20, choices=StatementStatus.choices, default=StatementStatus.DRAFT)
    # The clearance round in progress or last held (0: never sent).
    round = models.PositiveSmallIntegerField(default=0)
    deadline = models.DateTimeField(_("clearance deadline"), null=True, blank=True)
    # When true, a member that has not answered by the deadline is counted as clearing the text.
    silence_procedure = models.BooleanField(_("silence procedure"), default=False)
    objectives = models.ManyToManyField(Objective, blank=True, related_name="+")
    countries = models.ManyToManyField(Country, blank=True, related_name="+")
    situations = models.ManyToManyField(Situation, blank=True, related_name="statements")
    events = models.ManyToManyField("events.Event", blank=True, related_name="+")
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("comms:statement", args=[self.pk])


class TranslationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("translation status", "Draft")
    PUBLISHED = "published", pgettext_lazy("translation status", "Published")


class StatementTranslation(models.Model):
    """A statement in another language: its own text, with its own status."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES)
    title = models.CharField(_("title"), max_length=250)
    body = models.TextField(_("text"))
    status = models.CharField(
        max_length=10, choices=TranslationStatus.choices, default=TranslationStatus.DRAFT
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "language"], name="unique_statement_translation")
        ]

    def __str__(self) -> str:
        return f"{self.statement_id} [{self.language}]"


class Decision(models.TextChoices):
    PENDING = "pending", pgettext_lazy("clearance decision", "No answer yet")
    CLEARED = "cleared", pgettext_lazy("clearance decision", "Cleared")
    COMMENTS = "comments", pgettext_lazy("clearance decision", "Cleared with comments")
    OBJECTED = "objected", pgettext_lazy("clearance decision", "Objected")
    SILENCE = "silence", pgettext_lazy("clearance decision", "Cleared by silence")


# Decisions that let the text go ahead.
CLEARING = (Decision.CLEARED, Decision.COMMENTS, Decision.SILENCE)


class Clearance(models.Model):
    """One Executive Committee member's answer on one clearance round of a statement."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="clearances")
    round = models.PositiveSmallIntegerField()
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    comment = models.TextField(_("comment or reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The secretariat's answer to a comment; a statement with unresolved comments cannot be published.
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "organization__acronym"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "round", "organization"], name="unique_clearance")
        ]

    def __str__(self) -> str:
        return f"{self.statement_id} r{self.round} {self.organization_id}: {self.decision}"


class TalkingPoint(models.Model):
    """Talking points or a background note on a predictable or ongoing development, for Network members."""

    title = models.CharField(_("title"), max_length=250)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    review_by = models.DateField(_("review by"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="en")
    situation = models.ForeignKey(
        Situation, null=True, blank=True, on_delete=models.SET_NULL, related_name="talking_points"
    )
    # The last review-by date the owner was told about, so a stale note is e-mailed once per date.
    stale_notice_for = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["review_by", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("comms:talking_point", args=[self.pk])


class TalkingPointVersion(models.Model):
    talking_point = models.ForeignKey(TalkingPoint, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    body = models.TextField(_("text"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["talking_point", "number"], name="unique_talking_point_version")
        ]

    def __str__(self) -> str:
        return f"{self.talking_point_id} v{self.number}"
