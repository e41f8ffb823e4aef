"""The connection hub: experts, and support requests from Member States matched to experts, organizations
and practices."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gcmhub.knowledge.models import Language, Resource
from gcmhub.reference.models import Country, GuidingPrinciple, Objective, Organization, Region


class Expert(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Listed publicly")
        SIGNED_IN = "signed_in", _("Listed for signed-in users only")
        HIDDEN = "hidden", _("Not listed (the secretariat may still match)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="expert_profile",
    )
    name = models.CharField(_("name"), max_length=200)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="experts"
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    bio = models.TextField(_("expertise"), blank=True)
    objectives = models.ManyToManyField(Objective, blank=True, related_name="experts")
    principles = models.ManyToManyField(GuidingPrinciple, blank=True, related_name="experts")
    regions = models.ManyToManyField(Region, blank=True, related_name="experts")
    languages = models.JSONField(_("languages"), default=list, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    # Nothing about an expert is shown (or matched) without their recorded consent.
    consent = models.BooleanField(_("consents to be listed and contacted"), default=False)
    consent_at = models.DateTimeField(null=True, blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:expert", args=[self.pk])


class Urgency(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


class SupportRequest(models.Model):
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="support_requests"
    )
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="support_requests")
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="support_requests")
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"))
    objectives = models.ManyToManyField(Objective, related_name="support_requests")
    language = models.CharField(_("working language"), max_length=2, choices=Language.choices, default="en")
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.MEDIUM)
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.OPEN)
    assigned_expert = models.ForeignKey(
        Expert, null=True, blank=True, on_delete=models.SET_NULL, related_name="assigned_requests"
    )
    assigned_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_requests"
    )
    assigned_practice = models.ForeignKey(
        Resource, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assignment_note = models.TextField(blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    assigned_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("directory:request", args=[self.pk])

    @property
    def time_to_assign(self) -> datetime.timedelta | None:
        return self.assigned_at - self.created_at if self.assigned_at else None

    @property
    def time_to_resolve(self) -> datetime.timedelta | None:
        return self.resolved_at - self.created_at if self.resolved_at else None


class StatusChange(models.Model):
    """The history of a support request's status, shown to the requester."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="history")
    status = models.CharField(max_length=12, choices=RequestStatus.choices)
    note = models.TextField(blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.request_id}: {self.status}"
