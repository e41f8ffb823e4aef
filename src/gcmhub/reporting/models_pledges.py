"""Pledges of the IMRF pledging initiative (docs/pledges.md).

A `Pledge` is made by one pledging organization (a Member State's government, a UN entity or a stakeholder),
alone or in partnership with co-pledgers, towards GCM objectives and guiding principles, in named countries.
The secretariat moderates it (publish, return with a reason, reject); once published, the pledging
organization's members add dated `PledgeProgress` updates, which are kept as its history.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gcmhub.reference.models import Country, GuidingPrinciple, Objective, Organization

PUBLIC_ID_PREFIX = "PLG-"


class PledgeStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting moderation")
    RETURNED = "returned", _("Returned for changes")
    PUBLISHED = "published", pgettext_lazy("status of a pledge", "Published")
    REJECTED = "rejected", pgettext_lazy("status of a pledge", "Rejected")


class PledgerType(models.TextChoices):
    """The kind of pledging entity, fixed when the pledge is made (the dashboard counts by it)."""

    MEMBER_STATE = "member_state", _("Member State")
    UN_ENTITY = "un_entity", _("UN entity")
    STAKEHOLDER = "stakeholder", pgettext_lazy("kind of pledging entity", "Stakeholder")


class Pledge(models.Model):
    """One pledge. `public_id` (PLG-00001, …) is given on submission and never changes."""

    public_id = models.CharField(_("pledge ID"), max_length=20, unique=True)
    # The pledge's identifier in the source it was imported from (`gcmhub import_pledges`), if any.
    reference = models.CharField(_("source reference"), max_length=100, unique=True, null=True, blank=True)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"))
    language = models.CharField(_("original language"), max_length=2, default="en")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("pledging entity")
    )
    pledger_type = models.CharField(_("type of pledging entity"), max_length=20, choices=PledgerType.choices)
    co_pledgers = models.ManyToManyField(
        Organization, blank=True, related_name="co_pledges", verbose_name=_("co-pledgers")
    )
    objectives = models.ManyToManyField(Objective, related_name="+", verbose_name=_("GCM objectives"))
    principles = models.ManyToManyField(
        GuidingPrinciple, blank=True, related_name="+", verbose_name=_("guiding principles")
    )
    countries = models.ManyToManyField(Country, blank=True, related_name="+", verbose_name=_("countries"))
    status = models.CharField(max_length=10, choices=PledgeStatus.choices, default=PledgeStatus.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    # Why the secretariat returned or rejected it; shown to the pledging organization.
    moderation_reason = models.TextField(blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["status", "published_at"], name="pledge_by_status")]

    def __str__(self) -> str:
        return f"{self.public_id} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("reporting:pledge", args=[self.public_id])

    @property
    def is_published(self) -> bool:
        return self.status == PledgeStatus.PUBLISHED

    @property
    def is_partnership(self) -> bool:
        return self.co_pledgers.exists()


class PledgeProgress(models.Model):
    """A dated progress update on a published pledge; updates are added, never edited, so they are its
    history."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="progress")
    reported_on = models.DateField(_("date of the progress"))
    text = models.TextField(_("progress"))
    language = models.CharField(_("language"), max_length=2, default="en")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.pledge_id} {self.reported_on}"
