"""Forms of the pledge pages. They only parse input; the rules are in actions/pledges.py."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gcmhub.reference.models import Country, GuidingPrinciple, Objective, Organization
from gcmhub.reporting.actions.pledges import Decision
from gcmhub.reporting.models import LANGUAGE_CHOICES
from gcmhub.reporting.models_pledges import Pledge

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _acronyms(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class PledgeForm(forms.Form):
    organization = forms.ChoiceField(label=_("Pledging entity"))
    title = forms.CharField(label=_("Title"), max_length=250)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}))
    language = forms.ChoiceField(label=_("Original language"), choices=LANGUAGE_CHOICES, initial="en")
    objectives = forms.MultipleChoiceField(label=_("GCM objectives"), widget=forms.CheckboxSelectMultiple)
    principles = forms.MultipleChoiceField(
        label=_("Guiding principles"), widget=forms.CheckboxSelectMultiple, required=False
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("The countries where the pledge is carried out; leave empty for a global pledge."),
    )
    co_pledgers = forms.CharField(
        label=_("Co-pledgers"),
        required=False,
        help_text=_("For a partnership: the acronyms of the other organizations, separated by commas."),
    )

    def __init__(self, *args: Any, organizations: "QuerySet[Organization]", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("organization", [(o.acronym, o.name_display) for o in organizations])
        self._choices(
            "objectives",
            [(str(o.number), f"{o.number}. {o.label_display}") for o in Objective.objects.order_by("number")],
        )
        self._choices("principles", [(p.slug, p.title_display) for p in GuidingPrinciple.objects.all()])
        countries = sorted(
            ((c.iso3, c.name_display) for c in Country.objects.all()), key=lambda pair: pair[1]
        )
        self._choices("countries", countries)

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)  # every field named here offers choices
        field.choices = choices

    @staticmethod
    def initial_for(pledge: Pledge) -> dict[str, Any]:
        return {
            "organization": pledge.organization.acronym,
            "title": pledge.title,
            "description": pledge.description,
            "language": pledge.language,
            "objectives": [str(o.number) for o in pledge.objectives.all()],
            "principles": [p.slug for p in pledge.principles.all()],
            "countries": [c.iso3 for c in pledge.countries.all()],
            "co_pledgers": ", ".join(o.acronym for o in pledge.co_pledgers.all()),
        }

    def data_for_action(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["co_pledgers"] = _acronyms(data.get("co_pledgers", ""))
        return data


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (Decision.PUBLISH, _("Publish")),
            (Decision.RETURN, _("Return for changes")),
            (Decision.REJECT, _("Reject")),
        ],
    )
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to return or reject; the pledging organization sees it."),
    )


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label=_("Date of the progress"), widget=DATE)
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 5}))
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, initial="en")
