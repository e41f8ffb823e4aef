from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gcmhub.countries.models import CorridorTag, CountryFacts
from gcmhub.reference.models import Organization

YES_NO = [("", _("Not known")), ("true", _("Yes")), ("false", _("No"))]
YEAR_FIELDS = ("cooperation_framework_start", "cooperation_framework_end", "renewal_year", "network_since")
BOOLEAN_FIELDS = ("gcm_integrated", "significant_migration_component", "network_exists", "is_champion")
ORDER = (
    "cooperation_framework_start",
    "cooperation_framework_end",
    "renewal_year",
    "gcm_integrated",
    "significant_migration_component",
    "network_exists",
    "network_since",
    "network_co_leads",
    "is_champion",
)


def _to_bool(value: str) -> bool | None:
    return {"true": True, "false": False}.get(value)


def _label(name: str) -> Any:
    field = CountryFacts._meta.get_field(name)
    return getattr(field, "verbose_name", name)


class FactsForm(forms.Form):
    """The country team's facts; each yes/no question may also be "not known"."""

    network_co_leads = forms.ModelMultipleChoiceField(
        queryset=Organization.objects.filter(kind=Organization.Kind.UN_ENTITY).order_by("acronym"),
        required=False,
        label=_("Country network: co-leads"),
    )

    def __init__(self, *args: Any, facts: CountryFacts | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in YEAR_FIELDS:
            self.fields[name] = forms.IntegerField(
                label=_label(name), required=False, min_value=1900, max_value=2200
            )
        for name in BOOLEAN_FIELDS:
            self.fields[name] = forms.TypedChoiceField(
                label=_label(name), choices=YES_NO, coerce=_to_bool, empty_value=None, required=False
            )
        self.order_fields(ORDER)
        if facts is not None:
            self._fill(facts)

    def _fill(self, facts: CountryFacts) -> None:
        for name in YEAR_FIELDS:
            self.initial[name] = getattr(facts, name)
        for name in BOOLEAN_FIELDS:
            current = getattr(facts, name)
            self.initial[name] = "" if current is None else str(current).lower()
        self.initial["network_co_leads"] = list(facts.network_co_leads.all())

    def changes(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in (*YEAR_FIELDS, *BOOLEAN_FIELDS)}


class CorridorForm(forms.Form):
    origin = forms.CharField(
        label=_("Origin"),
        max_length=5,
        help_text=_("An ISO 3166 alpha-3 code (MEX), or R and an M49 region code (R419)."),
    )
    destination = forms.CharField(label=_("Destination"), max_length=5)


class TagForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of record"), choices=CorridorTag.Kind.choices)
    ref = forms.CharField(
        label=_("Record"),
        max_length=40,
        help_text=_("A practice's number, a joint programme's code or a pledge's ID."),
    )
