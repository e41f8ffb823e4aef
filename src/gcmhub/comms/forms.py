"""Forms of the comms pages; they only read the input, the actions check it."""

import datetime
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from gcmhub.accounts.queries import AnyUser
from gcmhub.comms.actions import StatementText
from gcmhub.comms.models import LANGUAGES, Decision, Situation, SituationStatus
from gcmhub.comms.watch import SituationData
from gcmhub.core.forms import set_choices
from gcmhub.directory import queries as directory_queries
from gcmhub.events.queries import public_events
from gcmhub.fund import queries as fund_queries


def _codes(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


class StatementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 12, "dir": "auto"}))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="en")
    objectives = forms.CharField(
        label=_("GCM objectives (numbers, separated by commas)"), required=False, max_length=200
    )
    countries = forms.CharField(
        label=_("Countries (ISO codes such as MEX, separated by commas)"), required=False, max_length=2000
    )

    situations = forms.TypedMultipleChoiceField(
        label=_("Situations on the watch list"),
        required=False,
        coerce=int,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )
    events = forms.TypedMultipleChoiceField(
        label=_("Events the statement is about"),
        help_text=_("Only events open to the public can be linked: the statement is public once published."),
        required=False,
        coerce=int,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Drafters are Network members, who may see the watch list.
        set_choices(self, "situations", list(Situation.objects.values_list("pk", "title")))
        set_choices(self, "events", event_choices())

    def clean_objectives(self) -> list[int]:
        try:
            return [int(part) for part in _codes(self.cleaned_data["objectives"])]
        except ValueError:
            raise forms.ValidationError(_("Give objective numbers from 1 to 23.")) from None

    def to_text(self) -> StatementText:
        data = self.cleaned_data
        return StatementText(
            title=data["title"],
            body=data["body"],
            language=data["language"],
            objectives=data["objectives"],
            countries=_codes(data["countries"]),
            situations=data["situations"],
            events=data["events"],
        )


def event_choices() -> list[tuple[int, str]]:
    """Public events, the latest first, each named with its date."""
    found = public_events().order_by("-starts_at", "pk")
    return [(e.pk, f"{e.title} ({date_format(e.starts_at, 'DATE_FORMAT')})") for e in found]


class ClearanceRequestForm(forms.Form):
    deadline = forms.DateTimeField(
        label=_("Deadline"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    silence_procedure = forms.BooleanField(
        label=_("Silence procedure: no answer by the deadline counts as clearing the text"), required=False
    )


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your answer"),
        choices=[(d.value, d.label) for d in (Decision.CLEARED, Decision.COMMENTS, Decision.OBJECTED)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comments or reason for objecting"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
    )


class ResolutionForm(forms.Form):
    resolution = forms.CharField(label=_("How the comment was resolved"), max_length=5000)


class TranslationForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=250)
    body = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10, "dir": "auto"}))
    publish = forms.BooleanField(label=_("Publish this translation"), required=False)


class SituationForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"dir": "auto"}))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGES, initial="en")
    monitoring_since = forms.DateField(
        label=_("Monitored since"), widget=forms.DateInput(attrs={"type": "date"})
    )
    region = forms.CharField(label=_("Region (M49 code)"), required=False, max_length=3)
    countries = forms.CharField(label=_("Countries (ISO codes, separated by commas)"), required=False)
    lead_agencies = forms.CharField(label=_("Lead agencies (acronyms, separated by commas)"), required=False)

    def to_data(self) -> SituationData:
        data: dict[str, Any] = self.cleaned_data
        return SituationData(
            title=data["title"],
            description=data["description"],
            language=data["language"],
            monitoring_since=data["monitoring_since"],
            region=data["region"].strip(),
            countries=_codes(data["countries"]),
            lead_agencies=_codes(data["lead_agencies"]),
        )


class SituationLinksForm(forms.Form):
    programmes = forms.MultipleChoiceField(
        label=_("Joint programmes"), required=False, choices=[], widget=forms.CheckboxSelectMultiple
    )
    support_requests = forms.TypedMultipleChoiceField(
        label=_("Support requests"),
        required=False,
        coerce=int,
        choices=[],
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: AnyUser, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programmes = fund_queries.visible_programmes(user)
        set_choices(self, "programmes", [(p.code, f"{p.code} — {p.title}") for p in programmes])
        requests = directory_queries.visible_requests(user).order_by("-created_at")
        set_choices(self, "support_requests", [(r.pk, r.title) for r in requests])


class SituationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=SituationStatus.choices)
    on = forms.DateField(
        label=_("Date"), initial=datetime.date.today, widget=forms.DateInput(attrs={"type": "date"})
    )


class TalkingPointForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250, required=False)
    body = forms.CharField(
        label=_("Talking points"), widget=forms.Textarea(attrs={"rows": 12, "dir": "auto"})
    )
    review_by = forms.DateField(label=_("Review by"), widget=forms.DateInput(attrs={"type": "date"}))
