"""Forms of the fund pages. They only parse input; the rules live in the actions."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from gcmhub.fund.models import (
    TRANSITIONS,
    Commitment,
    Contributor,
    Fund,
    FundEntry,
    JointProgramme,
    Marker,
    ProgrammeDocument,
    ProgrammePartner,
    ProgrammeStatus,
)
from gcmhub.reference.models import Country, GuidingPrinciple, Objective, Organization


class DateInput(forms.DateInput):
    input_type = "date"


def date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DateInput)


def usd_field(label: Any, required: bool = True) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=required, max_digits=16, decimal_places=2, min_value=Decimal("0.01")
    )


class AsOfForm(forms.Form):
    as_of = date_field(_("As of"), required=False)


class ContributorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=250)
    kind = forms.ChoiceField(label=_("Kind"), choices=Contributor.Kind.choices)
    country = forms.ModelChoiceField(
        label=_("Country"), queryset=Country.objects.order_by("name_en"), required=False, to_field_name="iso3"
    )

    def action_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "country": data["country"].iso3 if data["country"] else None,
        }


class MoneyInForm(forms.Form):
    contributor = forms.ModelChoiceField(
        label=_("Contributor"), queryset=Contributor.objects.order_by("name")
    )
    # No default currency or rate: a pre-filled rate of 1 once booked pounds sterling as US dollars.
    currency = forms.CharField(label=_("Currency (ISO 4217)"), max_length=3)
    amount = forms.DecimalField(label=_("Amount"), max_digits=16, decimal_places=2, min_value=Decimal("0.01"))
    rate_to_usd = forms.DecimalField(
        label=_("Exchange rate (US dollars per unit)"),
        max_digits=18,
        decimal_places=8,
        required=False,
        help_text=_("Required for every currency but US dollars, which are always at 1."),
    )
    earmarked_area = forms.TypedChoiceField(
        label=_("Earmarking"), coerce=int, empty_value=None, required=False
    )
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, fund: Fund, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fund = fund
        choices: list[tuple[Any, Any]] = [("", _("Unearmarked"))]
        choices += [
            (a.number, a.heading_display)
            for a in fund.thematic_areas.select_related("area").order_by("number")
        ]
        cast(forms.ChoiceField, self.fields["earmarked_area"]).choices = choices

    # Shown (and counted) only with the warning about a rate far from the last one booked.
    confirm_rate = forms.BooleanField(label=_("I have checked this exchange rate: book it."), required=False)
    date_name = ""

    def action_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["contributor_id"] = data.pop("contributor").pk
        data["currency"] = data["currency"].upper()
        return data

    def preview_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "currency": data["currency"],
            "amount": data["amount"],
            "rate_to_usd": data["rate_to_usd"],
            "on": data[self.date_name],
        }


class CommitmentForm(MoneyInForm):
    signed_on = date_field(_("Signed on"))
    date_name = "signed_on"


class DepositForm(MoneyInForm):
    received_on = date_field(_("Received on"))
    date_name = "received_on"
    commitment = forms.ModelChoiceField(
        label=_("Against commitment"), queryset=Commitment.objects.none(), required=False
    )

    def __init__(self, *args: Any, fund: Fund, **kwargs: Any) -> None:
        super().__init__(*args, fund=fund, **kwargs)
        commitments = Commitment.objects.filter(
            fund=fund, reverses__isnull=True, reversed_by__isnull=True
        ).select_related("contributor")
        cast(forms.ModelChoiceField, self.fields["commitment"]).queryset = commitments

    def action_kwargs(self) -> dict[str, Any]:
        data = super().action_kwargs()
        commitment = data.pop("commitment")
        data["commitment_id"] = commitment.pk if commitment else None
        return data


class FundEntryForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FundEntry.Kind.choices)
    date = date_field(_("Date"))
    amount_usd = usd_field(_("Amount (USD)"))
    description = forms.CharField(label=_("Description"), max_length=250, required=False)
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)


class ReversalForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for the reversal"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    date = date_field(_("Date of the reversal (today if left empty)"), required=False)


class TargetForm(forms.Form):
    target_date = date_field(_("Target date"))
    amount_usd = usd_field(_("Amount (USD)"))
    note = forms.CharField(label=_("Note"), max_length=250, required=False)


def _objective_choices() -> list[tuple[int, str]]:
    return [(o.number, str(o)) for o in Objective.objects.order_by("number")]


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 5}), required=False)
    level = forms.ChoiceField(label=_("Level"), choices=JointProgramme.Level.choices)
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"),
        queryset=Country.objects.order_by("name_en"),
        required=False,
        to_field_name="iso3",
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    thematic_area = forms.TypedChoiceField(label=_("Thematic area"), coerce=int)
    objectives = forms.TypedMultipleChoiceField(
        label=_("Primary GCM objectives"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    secondary_objectives = forms.TypedMultipleChoiceField(
        label=_("Secondary GCM objectives"), coerce=int, widget=forms.CheckboxSelectMultiple, required=False
    )
    guiding_principles = forms.ModelMultipleChoiceField(
        label=_("Guiding principles"),
        queryset=GuidingPrinciple.objects.order_by("number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start_date = date_field(_("Start"), required=False)
    end_date = date_field(_("End"), required=False)

    def __init__(self, *args: Any, fund: Fund, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["thematic_area"]).choices = [
            (a.number, a.heading_display)
            for a in fund.thematic_areas.select_related("area").order_by("number")
        ]
        cast(forms.ChoiceField, self.fields["objectives"]).choices = _objective_choices()
        cast(forms.ChoiceField, self.fields["secondary_objectives"]).choices = _objective_choices()

    def action_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["countries"] = [c.iso3 for c in data["countries"]]
        data["guiding_principles"] = [p.number for p in data["guiding_principles"]]
        return data


class ParticipantForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=_("Participating UN organization"),
        queryset=Organization.objects.filter(kind=Organization.Kind.UN_ENTITY).order_by("acronym"),
        to_field_name="acronym",
        required=False,
    )
    # xgettext:no-python-format
    budget_usd = usd_field(_("Budget share (USD, 7% indirect costs included)"), required=False)
    is_convening = forms.BooleanField(label=_("Convening agency"), required=False)


class PartnerForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of partner"), choices=[("", "—"), *ProgrammePartner.Kind.choices], required=False
    )
    name = forms.CharField(label=_("Partner's name"), max_length=250, required=False)


ParticipantFormSet = forms.formset_factory(ParticipantForm, extra=4, max_num=20)
PartnerFormSet = forms.formset_factory(PartnerForm, extra=3, max_num=20)


def participants_from(formset: Any) -> list[dict[str, Any]]:
    return [
        {
            "organization": row["organization"].acronym,
            "budget_usd": row.get("budget_usd"),
            "is_convening": row.get("is_convening", False),
        }
        for row in formset.cleaned_data
        if row and row.get("organization")
    ]


def partners_from(formset: Any) -> list[dict[str, Any]]:
    return [
        {"kind": row["kind"], "name": row["name"]} for row in formset.cleaned_data if row and row.get("name")
    ]


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(
        label=_("Decision or note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    date = date_field(_("Date of the decision"), required=False)

    def __init__(self, *args: Any, programme: JointProgramme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            (s, ProgrammeStatus(s).label) for s in TRANSITIONS[programme.status]
        ]


class AllocationForm(forms.Form):
    amount_usd = usd_field(_("Amount (USD)"))
    date = date_field(_("Date of the decision"))
    decision = forms.CharField(label=_("Decision"), max_length=5000, required=False)
    rationale = forms.CharField(
        label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ProgrammeEntryForm(forms.Form):
    organization = forms.ChoiceField(label=_("Participating organization"))
    amount_usd = usd_field(_("Amount (USD)"))
    date = date_field(_("Date"))
    reference = forms.CharField(label=_("Reference"), max_length=100, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args: Any, organizations: list[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["organization"]).choices = [
            (o.acronym, f"{o.acronym} — {o.name}") for o in organizations
        ]


SCORES = [
    (0, _("0 — not targeted")),
    (1, _("1 — limited")),
    (2, _("2 — significant")),
    (3, _("3 — principal")),
]


class MarkersForm(forms.Form):
    def __init__(self, *args: Any, programme: JointProgramme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = {m.kind: m for m in programme.markers.all()}
        for kind, label in Marker.Kind.choices:
            marker = current.get(kind)
            self.fields[f"{kind}_score"] = forms.TypedChoiceField(
                label=_("%(marker)s: score") % {"marker": label},
                choices=SCORES,
                coerce=int,
                initial=marker.score if marker else None,
            )
            self.fields[f"{kind}_justification"] = forms.CharField(
                label=_("%(marker)s: justification") % {"marker": label},
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=marker.justification if marker else "",
            )

    def markers(self) -> list[dict[str, Any]]:
        return [
            {
                "kind": kind,
                "score": self.cleaned_data[f"{kind}_score"],
                "justification": self.cleaned_data[f"{kind}_justification"],
            }
            for kind in Marker.Kind.values
        ]


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=250)
    kind = forms.ChoiceField(label=_("Kind"), choices=ProgrammeDocument.Kind.choices)
    file = forms.FileField(label=_("File"), required=False)
    url = forms.URLField(label=_("Or a link"), required=False, max_length=500, assume_scheme="https")
    document_date = date_field(_("Date"), required=False)
    is_public = forms.BooleanField(label=_("Public"), required=False)


class DecisionForm(forms.Form):
    date = date_field(_("Date of the decision"))
    decision = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    rationale = forms.CharField(
        label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    amount_usd = usd_field(_("Amount (USD), if any"), required=False)


class ExtensionForm(forms.Form):
    new_end = date_field(_("New end date"))
    date = date_field(_("Date of the decision"))
    rationale = forms.CharField(
        label=_("Rationale"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
