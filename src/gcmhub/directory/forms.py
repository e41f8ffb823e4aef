"""Forms of the connection hub pages."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gcmhub.core.forms import BLANK, set_choices
from gcmhub.directory.models import Expert, RequestStatus, Urgency
from gcmhub.knowledge.models import Language
from gcmhub.reference.choices import objective_choices
from gcmhub.reference.models import GuidingPrinciple, Region


def region_choices() -> list[tuple[str, str]]:
    return [
        (r.m49, r.name)
        for r in Region.objects.exclude(level=Region.Level.INTERMEDIATE).order_by("level", "name")
    ]


class ExpertForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    organization = forms.CharField(label=_("Organization (acronym)"), max_length=30, required=False)
    position = forms.CharField(label=_("Position"), max_length=200, required=False)
    bio = forms.CharField(label=_("Expertise"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    objectives = forms.MultipleChoiceField(
        label=_("GCM objectives of expertise"), widget=forms.CheckboxSelectMultiple, required=False
    )
    principles = forms.MultipleChoiceField(
        label=_("Guiding principles"), widget=forms.CheckboxSelectMultiple, required=False
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions"), widget=forms.SelectMultiple(attrs={"size": 6}), required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Working languages"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=50, required=False)
    visibility = forms.ChoiceField(label=_("Who may find this profile"), choices=Expert.Visibility.choices)
    consent = forms.BooleanField(
        label=_(
            "The expert consents to be listed and contacted by Member State focal points and the secretariat."
        ),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "objectives", objective_choices())
        set_choices(
            self, "principles", [(p.slug, p.title) for p in GuidingPrinciple.objects.order_by("number")]
        )
        set_choices(self, "regions", region_choices())

    def to_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["objectives"] = [int(v) for v in data["objectives"]]
        return data

    @staticmethod
    def initial_for(expert: Expert) -> dict[str, Any]:
        return {
            "name": expert.name,
            "organization": expert.organization.acronym if expert.organization else "",
            "position": expert.position,
            "bio": expert.bio,
            "objectives": [str(n) for n in expert.objectives.values_list("number", flat=True)],
            "principles": list(expert.principles.values_list("slug", flat=True)),
            "regions": list(expert.regions.values_list("m49", flat=True)),
            "languages": expert.languages,
            "email": expert.email,
            "phone": expert.phone,
            "visibility": expert.visibility,
            "consent": expert.consent,
        }


class ExpertFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    objective = forms.ChoiceField(label=_("GCM objective"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False, choices=BLANK + Language.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "objective", BLANK + objective_choices())
        set_choices(self, "region", BLANK + region_choices())


class SupportRequestForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    description = forms.CharField(
        label=_("What support is needed?"), widget=forms.Textarea(attrs={"rows": 6})
    )
    objectives = forms.MultipleChoiceField(label=_("GCM objectives"), widget=forms.CheckboxSelectMultiple)
    language = forms.ChoiceField(label=_("Working language"), choices=Language.choices, initial="en")
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.MEDIUM)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "objectives", objective_choices())


class AssignRequestForm(forms.Form):
    expert = forms.TypedChoiceField(label=_("Expert"), coerce=int, required=False, empty_value=None)
    organization = forms.TypedChoiceField(
        label=_("Organization"), coerce=int, required=False, empty_value=None
    )
    practice = forms.TypedChoiceField(label=_("Practice"), coerce=int, required=False, empty_value=None)
    note = forms.CharField(
        label=_("Note to the requester"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=RequestStatus.choices)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
