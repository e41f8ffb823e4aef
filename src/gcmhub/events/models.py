"""Events of the Network (workshops, capacity-building sessions, webinars, peer exchanges), who registered for
them, and what remains afterwards (materials and recordings)."""

import zoneinfo

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gcmhub.reference.models import Country, Objective

LANGUAGES = [
    ("ar", "العربية"),
    ("en", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("zh", "中文"),
]
LANGUAGE_CODES = frozenset(code for code, _name in LANGUAGES)
# Every IANA zone name this machine's tz database knows; an event's zone must be one of them.
TIME_ZONES = frozenset(zoneinfo.available_timezones())


class Kind(models.TextChoices):
    WORKSHOP = "workshop", pgettext_lazy("event kind", "Workshop")
    CAPACITY_BUILDING = "capacity_building", pgettext_lazy("event kind", "Regional capacity-building session")
    WEBINAR = "webinar", pgettext_lazy("event kind", "Webinar")
    PEER_EXCHANGE = "peer_exchange", pgettext_lazy("event kind", "Peer exchange")


class Mode(models.TextChoices):
    ONLINE = "online", pgettext_lazy("event mode", "Online")
    HYBRID = "hybrid", pgettext_lazy("event mode", "Hybrid")
    IN_PERSON = "in_person", pgettext_lazy("event mode", "In person")


class Audience(models.TextChoices):
    OPEN = "open", pgettext_lazy("event audience", "Open to all")
    MEMBER_STATES = "member_states", pgettext_lazy("event audience", "Member States only")
    NETWORK_MEMBERS = "network_members", pgettext_lazy("event audience", "Network members only")


class EventStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("event status", "Draft")
    PUBLISHED = "published", pgettext_lazy("event status", "Published")
    CANCELLED = "cancelled", pgettext_lazy("event status", "Cancelled")


class Event(models.Model):
    """An event. Its times are stored in UTC; `time_zone` is where it happens (or is hosted from), so the page
    can show the organizer's time beside the reader's own."""

    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(_("original language"), max_length=2, choices=LANGUAGES, default="en")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.WORKSHOP)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.ONLINE)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices, default=Audience.OPEN)
    status = models.CharField(max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    venue = models.CharField(_("venue"), max_length=250, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    # Comma-separated language codes: the languages spoken, and those with interpretation.
    languages = models.CharField(_("languages"), max_length=20, default="en")
    interpretation = models.CharField(_("interpretation into"), max_length=20, blank=True)
    capacity = models.PositiveIntegerField(_("seats"), null=True, blank=True)  # None: no limit
    objectives = models.ManyToManyField(Objective, blank=True, related_name="+")
    countries = models.ManyToManyField(Country, blank=True, related_name="+")
    # Other apps' records, named by string so this app imports none of their models.
    activities = models.ManyToManyField("workplan.Activity", blank=True, related_name="+")
    practices = models.ManyToManyField("knowledge.Resource", blank=True, related_name="+")
    # RFC 5545 SEQUENCE: raised on each change of a published event so calendars replace their copy.
    sequence = models.PositiveIntegerField(default=0)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event", args=[self.pk])

    @property
    def language_list(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def interpretation_list(self) -> list[str]:
        return [code for code in self.interpretation.split(",") if code]


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("registration status", "Confirmed")
    WAITLISTED = "waitlisted", pgettext_lazy("registration status", "On the waiting list")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")


class Registration(models.Model):
    """One person's place at an event. The waiting list is ordered by `created_at`: first come, first
    seated."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=20, choices=RegistrationStatus.choices)
    attended = models.BooleanField(_("attended"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person")]

    def __str__(self) -> str:
        return f"{self.user} — {self.event} — {self.status}"


class MaterialKind(models.TextChoices):
    MATERIAL = "material", pgettext_lazy("event material", "Material")
    RECORDING = "recording", pgettext_lazy("event material", "Recording")


class Material(models.Model):
    """A presentation, report or recording shared after the event (a link)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    kind = models.CharField(max_length=20, choices=MaterialKind.choices, default=MaterialKind.MATERIAL)
    title = models.CharField(_("title"), max_length=250)
    url = models.URLField(_("link"))
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGES, default="en")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "added_at", "pk"]

    def __str__(self) -> str:
        return self.title
