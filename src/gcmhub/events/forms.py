"""Forms of the events pages; they only read the input, the actions check it."""

import datetime
import zoneinfo

from django import forms
from django.utils.translation import gettext_lazy as _

from gcmhub.events.actions import EventDetails
from gcmhub.events.models import LANGUAGES, TIME_ZONES, Audience, Kind, MaterialKind, Mode


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


class EventForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250, widget=forms.TextInput(attrs={"dir": "auto"}))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 6, "dir": "auto"})
    )
    language = forms.ChoiceField(label=_("Language of the description"), choices=LANGUAGES, initial="en")
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    mode = forms.ChoiceField(label=_("Mode"), choices=Mode.choices)
    audience = forms.ChoiceField(label=_("Audience"), choices=Audience.choices)
    starts = forms.DateTimeField(
        label=_("Starts (local time at the event)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    ends = forms.DateTimeField(
        label=_("Ends (local time at the event)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )
    time_zone = forms.CharField(
        label=_("Time zone of the event (such as Africa/Nairobi or UTC)"), max_length=64, initial="UTC"
    )
    venue = forms.CharField(label=_("Venue"), required=False, max_length=250)
    online_url = forms.URLField(label=_("Online link"), required=False, max_length=200, assume_scheme="https")
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"), choices=LANGUAGES, initial=["en"], widget=forms.CheckboxSelectMultiple
    )
    interpretation = forms.MultipleChoiceField(
        label=_("Interpretation into"), choices=LANGUAGES, required=False, widget=forms.CheckboxSelectMultiple
    )
    capacity = forms.IntegerField(label=_("Seats (empty: no limit)"), required=False, min_value=1)
    objectives = forms.CharField(
        label=_("GCM objectives (numbers, separated by commas)"), required=False, max_length=200
    )
    countries = forms.CharField(
        label=_("Countries (ISO codes such as MEX, separated by commas)"), required=False, max_length=2000
    )

    activities = forms.CharField(
        label=_("Work plan activities (numbers from their addresses, separated by commas)"),
        required=False,
        max_length=200,
    )
    practices = forms.CharField(
        label=_("Practices (numbers from their addresses, separated by commas)"),
        required=False,
        max_length=200,
    )

    def clean_activities(self) -> list[int]:
        return self._numbers("activities")

    def clean_practices(self) -> list[int]:
        return self._numbers("practices")

    def _numbers(self, name: str) -> list[int]:
        try:
            return [int(part) for part in _codes(self.cleaned_data[name])]
        except ValueError:
            raise forms.ValidationError(_("Give whole numbers separated by commas.")) from None

    def clean_time_zone(self) -> str:
        zone = str(self.cleaned_data["time_zone"]).strip()
        if zone not in TIME_ZONES:
            raise forms.ValidationError(_("The time zone must be a zone name such as Africa/Nairobi or UTC."))
        return zone

    def clean_objectives(self) -> list[int]:
        try:
            return [int(part) for part in _codes(self.cleaned_data["objectives"])]
        except ValueError:
            raise forms.ValidationError(_("Give objective numbers from 1 to 23.")) from None

    def _aware(self, moment: datetime.datetime) -> datetime.datetime:
        """The form's wall-clock time read in the event's own zone (not the server's)."""
        return moment.replace(tzinfo=zoneinfo.ZoneInfo(self.cleaned_data["time_zone"]))

    def to_details(self) -> EventDetails:
        data = self.cleaned_data
        return EventDetails(
            title=data["title"],
            description=data["description"],
            language=data["language"],
            kind=data["kind"],
            mode=data["mode"],
            audience=data["audience"],
            starts_at=self._aware(data["starts"]),
            ends_at=self._aware(data["ends"]),
            time_zone=data["time_zone"],
            venue=data["venue"],
            online_url=data["online_url"],
            languages=list(data["languages"]),
            interpretation=list(data["interpretation"]),
            capacity=data["capacity"],
            objectives=data["objectives"],
            countries=_codes(data["countries"]),
            activities=data["activities"],
            practices=data["practices"],
        )


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    url = forms.URLField(label=_("Link"), max_length=200, assume_scheme="https")
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="en")
