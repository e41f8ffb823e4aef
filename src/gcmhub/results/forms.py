"""The data-entry form for one indicator and period: the total and one field per disaggregation category,
shaped by the indicator's type. It only parses input; the rules live in the actions."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gcmhub.reference.models import Country
from gcmhub.results.models import Indicator, Report

VT = Indicator.ValueType
NATIONALITY_ROWS = 5


def _number_field(label: Any, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(label=label, required=required, max_digits=20, decimal_places=4)


class ReportForm(forms.Form):
    period = forms.CharField(
        label=_("Period"), max_length=10, help_text=_("As 2025, 2025-H1, 2025-Q3 or 2025-07.")
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    evidence_url = forms.URLField(
        label=_("Evidence (link)"), required=False, max_length=500, assume_scheme="https"
    )

    def __init__(self, *args: Any, indicator: Indicator, report: Report | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.cells: list[tuple[str, dict[str, str], str]] = []  # field prefix, disaggregation, label
        values = {cell.disaggregation_key: cell for cell in report.values.all()} if report else {}
        self._add_cell("total", {}, _("Total"), values.get(""))
        if indicator.value_type in (VT.NUMBER, VT.PERCENTAGE, VT.RATIO):
            for dimension in indicator.dimensions.prefetch_related("categories"):
                if dimension.uses_countries:
                    continue
                for category in dimension.categories.all():
                    key = f"{dimension.slug}={category.slug}"
                    label = _("%(dimension)s: %(category)s") % {
                        "dimension": dimension.name,
                        "category": category.name,
                    }
                    self._add_cell(
                        f"d__{dimension.slug}__{category.slug}",
                        {dimension.slug: category.slug},
                        label,
                        values.get(key),
                    )
            self._nationality_rows(values)
        if report:
            self.initial.update(
                {
                    "period": report.period,
                    "comment": report.comment,
                    "evidence": report.evidence,
                    "evidence_url": report.evidence_url,
                }
            )

    def _add_cell(self, prefix: str, disaggregation: dict[str, str], label: Any, cell: Any) -> None:
        vtype = self.indicator.value_type
        if vtype == VT.QUALITATIVE:
            self.fields[f"{prefix}_text"] = forms.CharField(
                label=label,
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=cell.text if cell else "",
            )
        elif vtype == VT.RATIO:
            self.fields[f"{prefix}_numerator"] = _number_field(_("%(label)s — numerator") % {"label": label})
            self.fields[f"{prefix}_denominator"] = _number_field(
                _("%(label)s — denominator") % {"label": label}
            )
            if cell:
                self.initial[f"{prefix}_numerator"] = cell.numerator
                self.initial[f"{prefix}_denominator"] = cell.denominator
        elif vtype == VT.YES_NO:
            self.fields[f"{prefix}_value"] = forms.TypedChoiceField(
                label=label,
                choices=[("", "—"), ("1", _("Yes")), ("0", _("No"))],
                coerce=Decimal,
                empty_value=None,
                required=False,
            )
            if cell and cell.value is not None:
                self.initial[f"{prefix}_value"] = str(int(cell.value))
        else:
            self.fields[f"{prefix}_value"] = _number_field(label)
            if cell:
                self.initial[f"{prefix}_value"] = cell.value
        self.cells.append((prefix, disaggregation, str(label)))

    def _nationality_rows(self, values: dict[str, Any]) -> None:
        nationality = self.indicator.dimensions.filter(uses_countries=True).first()
        if nationality is None:
            return
        existing = [
            (key.split("=", 1)[1], cell)
            for key, cell in values.items()
            if key.startswith(f"{nationality.slug}=") and ";" not in key
        ]
        for index in range(max(NATIONALITY_ROWS, len(existing) + 1)):
            code, cell = existing[index] if index < len(existing) else ("", None)
            self.fields[f"n{index}_country"] = forms.ModelChoiceField(
                label=_("%(dimension)s %(number)d") % {"dimension": nationality.name, "number": index + 1},
                queryset=Country.objects.order_by("name_en"),
                to_field_name="iso3",
                required=False,
                initial=code or None,
            )
            self.fields[f"n{index}_value"] = _number_field(_("Value %(number)d") % {"number": index + 1})
            if cell:
                self.initial[f"n{index}_value"] = cell.value
        self.nationality = nationality

    def values(self) -> list[dict[str, Any]]:
        """The cells filled in, in the shape the action takes."""
        data = self.cleaned_data
        cells = []
        for prefix, disaggregation, _label in self.cells:
            cell = {
                "disaggregation": disaggregation,
                "value": data.get(f"{prefix}_value"),
                "numerator": data.get(f"{prefix}_numerator"),
                "denominator": data.get(f"{prefix}_denominator"),
                "text": data.get(f"{prefix}_text", ""),
            }
            if any(cell[k] not in (None, "") for k in ("value", "numerator", "denominator", "text")):
                cells.append(cell)
        for index in range(NATIONALITY_ROWS * 10):
            if f"n{index}_country" not in self.fields:
                break
            country, value = data.get(f"n{index}_country"), data.get(f"n{index}_value")
            if country and value is not None:
                cells.append({"disaggregation": {self.nationality.slug: country.iso3}, "value": value})
        return cells


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("approve", _("Approve")), ("return", _("Return"))]
    )
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
