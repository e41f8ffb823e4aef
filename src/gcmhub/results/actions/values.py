"""Validation shared by baselines, targets and reported values: each indicator type takes its own figure."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from gcmhub.core.exceptions import ValidationFailed
from gcmhub.reference.models import Country
from gcmhub.results.models import Dimension, Indicator

VT = Indicator.ValueType
LIMIT = Decimal("1e15")


def to_decimal(raw: Any, what: str) -> Decimal | None:
    """A Decimal from a number or numeric string; None stays None; anything else is invalid input."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return Decimal(int(raw))
    if isinstance(raw, float):
        raw = repr(raw)
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationFailed(
            _("%(what)s must be a number, not %(raw)s.") % {"what": what, "raw": str(raw)[:40]},
            code="not_a_number",
        ) from None
    if not value.is_finite() or abs(value) >= LIMIT:
        raise ValidationFailed(_("%(what)s is out of range.") % {"what": what}, code="out_of_range")
    if value != value.quantize(Decimal("0.0001")):
        raise ValidationFailed(
            _("%(what)s can have at most four decimal places.") % {"what": what}, code="too_precise"
        )
    return value


def clean_figure(
    value_type: str,
    *,
    value: Any = None,
    numerator: Any = None,
    denominator: Any = None,
    text: str = "",
    what: str,
    required: bool = True,
) -> dict[str, Any]:
    """The fields to store for one figure of an indicator of `value_type`."""
    text = (text or "").strip()
    if value_type == VT.QUALITATIVE:
        if required and not text:
            raise ValidationFailed(
                _("%(what)s: describe it in words.") % {"what": what}, code="text_required"
            )
        return {"value": None, "numerator": None, "denominator": None, "text": text}
    if value_type == VT.RATIO:
        num = to_decimal(numerator, _("The numerator"))
        den = to_decimal(denominator, _("The denominator"))
        if num is None and den is None and not required:
            return {"value": None, "numerator": None, "denominator": None, "text": text}
        if num is None or den is None:
            raise ValidationFailed(
                _("%(what)s: give both the numerator and the denominator.") % {"what": what},
                code="ratio_parts",
            )
        if den <= 0 or num < 0:
            raise ValidationFailed(
                _("%(what)s: the denominator must be above zero and the numerator zero or more.")
                % {"what": what},
                code="ratio_parts",
            )
        return {
            "value": (num / den).quantize(Decimal("0.0001")),
            "numerator": num,
            "denominator": den,
            "text": text,
        }
    number = to_decimal(value, what)
    if number is None:
        if required:
            raise ValidationFailed(
                _("%(what)s: a value is required.") % {"what": what}, code="value_required"
            )
        return {"value": None, "numerator": None, "denominator": None, "text": text}
    if value_type == VT.PERCENTAGE and not Decimal(0) <= number <= Decimal(100):
        raise ValidationFailed(
            _("%(what)s: a percentage is between 0 and 100.") % {"what": what}, code="bad_percentage"
        )
    if value_type == VT.YES_NO and number not in (Decimal(0), Decimal(1)):
        raise ValidationFailed(_("%(what)s: answer yes (1) or no (0).") % {"what": what}, code="bad_yes_no")
    return {"value": number, "numerator": None, "denominator": None, "text": text}


def clean_disaggregation(indicator: Indicator, raw: Any) -> tuple[dict[str, str], str]:
    """A disaggregation ({dimension: category}) checked against the indicator's dimensions, and its key."""
    if raw in (None, ""):
        return {}, ""
    if not isinstance(raw, dict):
        raise ValidationFailed(
            _('A disaggregation maps dimensions to categories, e.g. {"sex": "female"}.'),
            code="bad_disaggregation",
        )
    dimensions: dict[str, Dimension] = {d.slug: d for d in indicator.dimensions.all()}
    clean: dict[str, str] = {}
    for dim_slug, cat_slug in raw.items():
        dimension = dimensions.get(str(dim_slug))
        if dimension is None:
            raise ValidationFailed(
                _("This indicator is not disaggregated by %(dimension)s.")
                % {"dimension": str(dim_slug)[:60]},
                code="bad_dimension",
            )
        category = str(cat_slug).strip()
        if dimension.uses_countries:
            category = category.upper()
            known = Country.objects.filter(iso3=category).exists()
        else:
            known = dimension.categories.filter(slug=category).exists()
        if not known:
            raise ValidationFailed(
                _("%(category)s is not a category of %(dimension)s.")
                % {"category": category[:60], "dimension": dimension.name},
                code="bad_category",
            )
        clean[dimension.slug] = category
    key = ";".join(f"{k}={v}" for k, v in sorted(clean.items()))
    return clean, key
