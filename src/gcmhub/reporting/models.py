"""Calls for inputs and the responses organizations give to them.

A `Call` (the biennial report, a regional review, the IMRF, a thematic call) asks one or more audiences a
questionnaire of `Section`s and `Question`s between two dates. Each organization gives one `Response`, made
of `Answer`s, one per question. A Secretary-General's report is built from submitted responses: every answer
knows its question's GCM objective, guiding principle or thematic area, its organization (for attribution)
and its language, so summaries by objective and quotes with attribution need no other table.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gcmhub.reference.models import GuidingPrinciple, Objective, Organization, Region

# The six UN languages, as Django language code prefixes (a response's original language).
LANGUAGE_CHOICES = [
    ("ar", "العربية"),
    ("zh", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]


class Purpose(models.TextChoices):
    BIENNIAL_REPORT = "biennial_report", _("Secretary-General's biennial report")
    REGIONAL_REVIEW = "regional_review", _("Regional review")
    IMRF = "imrf", _("International Migration Review Forum")
    THEMATIC = "thematic", _("Thematic call")


class Audience(models.TextChoices):
    """Who a call asks. Each audience answers through organizations of one kind, in one role (queries.py)."""

    MEMBER_STATES = "member_states", _("Member States")
    NETWORK_MEMBERS = "network_members", _("Network members")
    STAKEHOLDERS = "stakeholders", _("Stakeholders")


class Call(models.Model):
    """A call for inputs. It is a draft, seen by the secretariat only, until it is published."""

    title = models.CharField(_("title"), max_length=250)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("original language"), max_length=2, choices=LANGUAGE_CHOICES, default="en")
    # A list of Audience values; stored as JSON because a call asks one to three of them.
    audiences = models.JSONField(_("audiences"), default=list)
    # A regional review asks only the Member States of this M49 region.
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    opens_on = models.DateField(_("opening date"))
    closes_on = models.DateField(_("closing date"))
    # Days before the closing date on which organizations that have not submitted are reminded.
    reminder_days = models.JSONField(_("reminders (days before closing)"), default=list, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-closes_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reporting:call", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def has_opened(self, today: datetime.date | None = None) -> bool:
        return self.opens_on <= (today or timezone.localdate())

    def has_closed(self, today: datetime.date | None = None) -> bool:
        return self.closes_on < (today or timezone.localdate())

    def is_open(self, today: datetime.date | None = None) -> bool:
        return self.is_published and self.has_opened(today) and not self.has_closed(today)

    def audience_labels(self) -> list[str]:
        return [str(Audience(a).label) for a in self.audiences if a in Audience.values]


class Section(models.Model):
    """A part of a call's questionnaire."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class AnswerType(models.TextChoices):
    TEXT = "text", _("Text")
    CHOICE = "choice", _("Choice")
    NUMBER = "number", _("Number")
    FILE = "file", _("File")


class Question(models.Model):
    """One question. It is asked about a GCM objective, a guiding principle, or nothing in particular (free);
    a thematic area may be added so the report can be summarized by area too."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.TextField(_("question"))
    help_text = models.TextField(_("guidance"), blank=True)
    answer_type = models.CharField(_("answer type"), max_length=10, choices=AnswerType.choices)
    # For choice questions: the options offered, in order; `multiple` lets several be chosen.
    choices = models.JSONField(_("options"), default=list, blank=True)
    multiple = models.BooleanField(_("several options may be chosen"), default=False)
    required = models.BooleanField(_("an answer is required to submit"), default=False)
    objective = models.ForeignKey(
        Objective,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("objective"),
    )
    principle = models.ForeignKey(
        GuidingPrinciple,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("guiding principle"),
    )
    thematic_area = models.ForeignKey(
        "reference.ThematicArea",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("thematic area"),
    )

    class Meta:
        ordering = ["section__position", "section_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(objective__isnull=True) | models.Q(principle__isnull=True),
                name="question_about_objective_or_principle",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Response(models.Model):
    """One organization's answer to a call. Any member of the organization in the audience's role may write
    it; it is private to them, the secretariat and the Executive Committee until the secretariat makes a
    submitted response public."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="responses")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="call_responses")
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    language = models.CharField(_("original language"), max_length=2, choices=LANGUAGE_CHOICES, default="en")
    status = models.CharField(max_length=10, choices=ResponseStatus.choices, default=ResponseStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The first submission decides lateness, so a response the secretariat reopens is not made late by it.
    first_submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_late = models.BooleanField(_("submitted after the closing date"), default=False)
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(blank=True)
    is_public = models.BooleanField(_("public"), default=False)
    # The knowledge resource (kind "review") made from a Member State's response, once there is one.
    review_resource = models.ForeignKey(
        "knowledge.Resource", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["call", "organization__acronym"]
        constraints = [
            models.UniqueConstraint(fields=["call", "organization"], name="one_response_per_organization")
        ]

    def __str__(self) -> str:
        return f"{self.organization} → {self.call}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:response", args=[self.pk])

    @property
    def is_submitted(self) -> bool:
        return self.status == ResponseStatus.SUBMITTED

    @property
    def is_published(self) -> bool:
        """Everyone may read it: submitted, and made public by the secretariat."""
        return self.is_submitted and self.is_public


def answer_file_path(instance: "Answer", filename: str) -> str:
    return f"reporting/{instance.response_id}/{filename}"


class Answer(models.Model):
    """The answer to one question; only the field of the question's answer type is used."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    text = models.TextField(blank=True)
    number = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    selected = models.JSONField(default=list, blank=True)  # chosen options of a choice question
    file = models.FileField(upload_to=answer_file_path, max_length=300, blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_size = models.PositiveBigIntegerField(null=True, blank=True)
    # The last author, for attribution inside the organization.
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["question__section__position", "question__position", "question_id"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.response_id} / {self.question_id}"

    @property
    def is_empty(self) -> bool:
        return not (self.text.strip() or self.number is not None or self.selected or self.file)

    @property
    def display(self) -> str:
        """The answer as plain text (a file by its name)."""
        if self.number is not None:
            return f"{self.number.normalize():f}"
        if self.selected:
            return "; ".join(str(option) for option in self.selected)
        if self.file:
            return self.file_name
        return self.text


class ReminderLog(models.Model):
    """A reminder sent to an organization that had not submitted, so the same one is never sent twice."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="reminders")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    days_before = models.PositiveSmallIntegerField()
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "organization", "days_before"], name="one_reminder_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.call_id} → {self.organization_id} ({self.days_before})"


# --- Consultations on draft texts (docs/reporting.md, "Consultations on draft texts") ---------------------


class DraftKind(models.TextChoices):
    WORK_PLAN = "work_plan", _("Work plan")
    STATEMENT = "statement", pgettext_lazy("kind of draft text", "Statement")
    DECLARATION = "declaration", _("Declaration")
    REPORT_CHAPTER = "report_chapter", _("Report chapter")


class Consultation(models.Model):
    """A draft text published for comment between two dates. Its text is a series of `DraftVersion`s."""

    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(_("kind of text"), max_length=20, choices=DraftKind.choices)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("original language"), max_length=2, choices=LANGUAGE_CHOICES, default="en")
    opens_on = models.DateField(_("opening date"))
    closes_on = models.DateField(_("closing date"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-closes_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reporting:consultation", args=[self.pk])

    def has_opened(self, today: datetime.date | None = None) -> bool:
        return self.opens_on <= (today or timezone.localdate())

    def has_closed(self, today: datetime.date | None = None) -> bool:
        return self.closes_on < (today or timezone.localdate())

    def is_open(self, today: datetime.date | None = None) -> bool:
        return self.has_opened(today) and not self.has_closed(today)


class DraftVersion(models.Model):
    """One version of the draft text, numbered from 1; the newest is the one shown for comment."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    note = models.TextField(_("what changed"), blank=True)
    # The uploaded document's name, when the text came from a DOCX file.
    source_name = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["consultation", "number"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="one_draft_version_number")
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} v{self.number}"


class Paragraph(models.Model):
    """A paragraph's identity across versions: comments are made on it, and follow it into every version
    that keeps it (same text, or a close enough edit)."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="paragraphs")
    # The first version the paragraph appeared in.
    introduced_in = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="+")

    def __str__(self) -> str:
        return f"¶{self.pk}"


class ParagraphText(models.Model):
    """A paragraph as one version has it: its place and its text."""

    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="texts")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="texts")
    position = models.PositiveIntegerField()  # 1, 2, 3… in the version
    text = models.TextField()
    # SHA-256 of the normalized text: an unchanged paragraph is found by it first.
    text_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(fields=["version", "position"], name="one_paragraph_per_position"),
            models.UniqueConstraint(fields=["version", "paragraph"], name="paragraph_once_per_version"),
        ]

    def __str__(self) -> str:
        return f"v{self.version_id} ¶{self.position}"


class Disposition(models.TextChoices):
    """How the secretariat took a comment into account."""

    ACCEPTED = "accepted", pgettext_lazy("how a comment was taken into account", "Accepted")
    PARTLY = "partly", _("Partly accepted")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class Comment(models.Model):
    """A comment on a paragraph, or a reply to one (`parent`). A reply by the secretariat is its official
    answer. The secretariat may hide a comment (with a reason its author sees) and records, for each comment,
    how it was taken into account."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="comments")
    # The version the comment was made on (the paragraph's text then is `paragraph.texts` of that version).
    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("comment"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES, default="en")
    is_official = models.BooleanField(_("the secretariat's answer"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hidden_reason = models.TextField(blank=True)
    disposition = models.CharField(max_length=20, choices=Disposition.choices, blank=True)
    disposition_reason = models.TextField(blank=True)
    disposition_at = models.DateTimeField(null=True, blank=True)
    disposition_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["consultation", "paragraph"], name="comment_by_paragraph")]

    def __str__(self) -> str:
        return f"{self.organization_id}: {self.text[:60]}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


# Pledges live in their own module; importing it here lets Django find their models.
from gcmhub.reporting import models_pledges  # noqa: E402, F401
