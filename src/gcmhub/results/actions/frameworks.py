"""Writes that shape a results framework: the framework, its results, indicators, baselines, targets and the
links from programme results to the fund's."""

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import is_secretariat
from gcmhub.core.actors import Actor
from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import PermissionDenied, ValidationFailed
from gcmhub.reference.models import Organization, SDGIndicator
from gcmhub.results.actions.values import clean_figure, to_decimal
from gcmhub.results.models import Dimension, Framework, Indicator, Result, Target
from gcmhub.results.periods import parse_period
from gcmhub.results.queries.access import (
    access_framework_for_change,
    access_indicator_for_change,
    access_result_for_change,
    is_fund_staff,
)
from gcmhub.results.workplan_link import current_expected_results

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")
WORKPLAN_FRAMEWORK_CODE = "workplan"


def _check_code(code: str, max_length: int) -> str:
    code = (code or "").strip()
    if not CODE.match(code) or len(code) > max_length:
        raise ValidationFailed(
            _("A code has letters, digits, dots, dashes or underscores (at most %(max)d).")
            % {"max": max_length},
            code="bad_code",
        )
    return code


def _check_text(text: str, what: str, max_length: int = 2000) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationFailed(_("%(what)s is required.") % {"what": what}, code="required")
    if len(text) > max_length:
        raise ValidationFailed(
            _("%(what)s can have at most %(max)d characters.") % {"what": what, "max": max_length},
            code="too_long",
        )
    return text


def _check_choice(value: str, choices: Any, what: str) -> str:
    if value not in choices.values:
        raise ValidationFailed(
            _("%(value)s is not a valid %(what)s; use one of: %(choices)s.")
            % {"value": str(value)[:40], "what": what, "choices": ", ".join(choices.values)},
            code="bad_choice",
        )
    return value


def _check_thresholds(on_track: Any, at_risk: Any) -> tuple[Any, Any]:
    on_track_value = to_decimal(on_track, _("The on-track threshold"))
    at_risk_value = to_decimal(at_risk, _("The at-risk threshold"))
    for value in (on_track_value, at_risk_value):
        if value is not None and not 0 <= value <= 1:
            raise ValidationFailed(_("Thresholds are shares between 0 and 1."), code="bad_threshold")
    return on_track_value, at_risk_value


def new_framework(
    *, code: str, title: str, kind: str, is_public: bool = False, organizations: Iterable[Organization] = ()
) -> Framework:
    """A framework made on behalf of another action that has already checked permission (the fund's)."""
    code = _check_code(code, 40)
    if Framework.objects.filter(code=code).exists():
        raise ValidationFailed(
            _("There is already a results framework %(code)s.") % {"code": code}, code="duplicate"
        )
    framework = Framework.objects.create(
        code=code, title=_check_text(title, _("The title"), 300), kind=kind, is_public=is_public
    )
    framework.reporting_organizations.set(list(organizations))
    return framework


@transaction.atomic
def create_framework(*, actor: Actor, code: str, title: str, kind: str, is_public: bool = False) -> Framework:
    _check_choice(kind, Framework.Kind, _("kind"))
    allowed = (
        is_fund_staff(actor) if kind != Framework.Kind.WORKPLAN else actor is None or is_secretariat(actor)
    )
    if not allowed:
        raise PermissionDenied(_("Only fund managers and the secretariat may create results frameworks."))
    with acting_as(actor):
        return new_framework(code=code, title=title, kind=kind, is_public=is_public)


@transaction.atomic
def update_framework(
    *,
    actor: Actor,
    code: str,
    title: str | None = None,
    is_public: bool | None = None,
    on_track_threshold: Any = None,
    at_risk_threshold: Any = None,
) -> Framework:
    framework = access_framework_for_change(actor, code)
    on_track, at_risk = _check_thresholds(on_track_threshold, at_risk_threshold)
    new_on_track = on_track if on_track is not None else framework.on_track_threshold
    new_at_risk = at_risk if at_risk is not None else framework.at_risk_threshold
    if new_at_risk > new_on_track:
        raise ValidationFailed(
            _("The at-risk threshold cannot be above the on-track threshold."), code="bad_threshold"
        )
    with acting_as(actor):
        if title is not None:
            framework.title = _check_text(title, _("The title"), 300)
        if is_public is not None:
            framework.is_public = is_public
        framework.on_track_threshold, framework.at_risk_threshold = new_on_track, new_at_risk
        framework.save()
    return framework


def _contribution_target(source: Framework, target_id: int | None, model: Any) -> Any:
    """A programme's result or indicator may contribute only to one of the fund's."""
    if target_id is None:
        return None
    target = model.objects.select_related("framework").filter(pk=target_id).first()
    if target is None:
        raise ValidationFailed(_("There is no such result or indicator to contribute to."), code="bad_link")
    if source.kind != Framework.Kind.PROGRAMME or target.framework.kind != Framework.Kind.FUND:
        raise ValidationFailed(
            _("Only a programme's results and indicators can contribute, and only to the fund's."),
            code="bad_link",
        )
    return target


@transaction.atomic
def add_result(
    *,
    actor: Actor,
    framework_code: str,
    level: str,
    code: str,
    title: str,
    description: str = "",
    parent_id: int | None = None,
    contributes_to_id: int | None = None,
    workplan_key: str = "",
) -> Result:
    framework = access_framework_for_change(actor, framework_code)
    _check_choice(level, Result.Level, _("level"))
    code = _check_code(code, 20)
    parent = None
    if level == Result.Level.OUTPUT:
        parent = (
            Result.objects.filter(pk=parent_id, framework=framework, level=Result.Level.OUTCOME).first()
            if parent_id is not None
            else None
        )
        if parent is None:
            raise ValidationFailed(
                _("An output belongs to an outcome of the same framework."), code="bad_parent"
            )
    elif parent_id is not None:
        raise ValidationFailed(_("An outcome has no parent."), code="bad_parent")
    if framework.results.filter(code=code).exists():
        raise ValidationFailed(
            _("This framework already has a result %(code)s.") % {"code": code}, code="duplicate"
        )
    contributes_to = _contribution_target(framework, contributes_to_id, Result)
    with acting_as(actor):
        return Result.objects.create(
            framework=framework,
            parent=parent,
            level=level,
            code=code,
            title=_check_text(title, _("The title")),
            description=(description or "").strip(),
            contributes_to=contributes_to,
            workplan_key=workplan_key,
            position=framework.results.count() + 1,
        )


@transaction.atomic
def update_result(
    *,
    actor: Actor,
    result_id: int,
    title: str | None = None,
    description: str | None = None,
    contributes_to_id: int | None = None,
    unlink: bool = False,
) -> Result:
    result = access_result_for_change(actor, result_id)
    with acting_as(actor):
        if title is not None:
            result.title = _check_text(title, _("The title"))
        if description is not None:
            result.description = description.strip()
        if unlink:
            result.contributes_to = None
        elif contributes_to_id is not None:
            result.contributes_to = _contribution_target(result.framework, contributes_to_id, Result)
        result.save()
    return result


def _sdg(code: str | None) -> SDGIndicator | None:
    if not code:
        return None
    sdg = SDGIndicator.objects.filter(code=code.strip()).first()
    if sdg is None:
        raise ValidationFailed(_("There is no SDG indicator %(code)s.") % {"code": code[:20]}, code="bad_sdg")
    return sdg


def _dimensions(slugs: Iterable[str]) -> list[Dimension]:
    slugs = list(dict.fromkeys(slugs))
    found = {d.slug: d for d in Dimension.objects.filter(slug__in=slugs, is_active=True)}
    unknown = [s for s in slugs if s not in found]
    if unknown:
        raise ValidationFailed(
            _("Unknown disaggregation dimension: %(slug)s.") % {"slug": unknown[0][:40]}, code="bad_dimension"
        )
    return [found[s] for s in slugs]


BASELINE_FIELDS = ("baseline_value", "baseline_numerator", "baseline_denominator", "baseline_text")


def _baseline(value_type: str, data: dict[str, Any]) -> dict[str, Any]:
    figure = clean_figure(
        value_type,
        value=data.get("baseline_value"),
        numerator=data.get("baseline_numerator"),
        denominator=data.get("baseline_denominator"),
        text=data.get("baseline_text", ""),
        what=_("The baseline"),
        required=False,
    )
    return {
        "baseline_value": figure["value"],
        "baseline_numerator": figure["numerator"],
        "baseline_denominator": figure["denominator"],
        "baseline_text": figure["text"],
    }


def _check_target_direction(indicator: Indicator, target_value: Any, period: str) -> None:
    baseline = indicator.baseline_value
    if baseline is None or target_value is None or indicator.value_type == Indicator.ValueType.QUALITATIVE:
        return
    higher = indicator.direction == Indicator.Direction.HIGHER
    if (higher and target_value < baseline) or (not higher and target_value > baseline):
        raise ValidationFailed(
            _('The target for %(period)s goes the wrong way: this indicator\'s direction is "%(direction)s".')
            % {"period": period, "direction": indicator.get_direction_display()},
            code="target_direction",
        )


@transaction.atomic
def add_indicator(
    *, actor: Actor, result_id: int, code: str, title: str, value_type: str, **data: Any
) -> Indicator:
    """A new indicator under a result. `data` may hold definition, unit, direction, the baseline fields,
    baseline_date, dimensions (slugs), means_of_verification, frequency, aggregation, sdg_code and
    contributes_to_id."""
    result = access_result_for_change(actor, result_id)
    framework = result.framework
    code = _check_code(code, 30)
    if framework.indicators.filter(code=code).exists():
        raise ValidationFailed(
            _("This framework already has an indicator %(code)s.") % {"code": code}, code="duplicate"
        )
    _check_choice(value_type, Indicator.ValueType, _("type"))
    indicator = Indicator(framework=framework, result=result, code=code, value_type=value_type)
    _apply_indicator_fields(indicator, {"title": title, **data})
    with acting_as(actor):
        indicator.position = result.indicators.count() + 1
        indicator.save()
        indicator.dimensions.set(_dimensions(data.get("dimensions") or []))
    return indicator


def _apply_indicator_fields(indicator: Indicator, data: dict[str, Any]) -> None:
    if "title" in data:
        indicator.title = _check_text(data["title"], _("The title"))
    for name in ("definition", "unit", "means_of_verification"):
        if data.get(name) is not None:
            setattr(indicator, name, str(data[name]).strip()[: 60 if name == "unit" else 5000])
    if data.get("direction") is not None:
        indicator.direction = _check_choice(data["direction"], Indicator.Direction, _("direction"))
    if data.get("frequency") is not None:
        if indicator.pk and indicator.reports.exists() and data["frequency"] != indicator.frequency:
            raise ValidationFailed(_("The frequency cannot change once values are reported."), code="locked")
        indicator.frequency = _check_choice(data["frequency"], Indicator.Frequency, _("frequency"))
    if data.get("aggregation") is not None:
        indicator.aggregation = _check_choice(data["aggregation"], Indicator.Aggregation, _("aggregation"))
    if any(name in data for name in BASELINE_FIELDS):
        for name, value in _baseline(indicator.value_type, data).items():
            setattr(indicator, name, value)
    if "baseline_date" in data:
        date = data["baseline_date"]
        if date is not None and not isinstance(date, datetime.date):
            raise ValidationFailed(_("The baseline date is not a date."), code="bad_date")
        indicator.baseline_date = date
    if "sdg_code" in data:
        indicator.sdg_indicator = _sdg(data["sdg_code"])
    if data.get("contributes_to_id") is not None:
        target = _contribution_target(indicator.framework, data["contributes_to_id"], Indicator)
        if target.value_type != indicator.value_type:
            raise ValidationFailed(
                _("An indicator can contribute only to an indicator of the same type."), code="bad_link"
            )
        indicator.contributes_to = target


@transaction.atomic
def update_indicator(*, actor: Actor, indicator_id: int, **data: Any) -> Indicator:
    indicator = access_indicator_for_change(actor, indicator_id)
    if data.pop("unlink", False):
        indicator.contributes_to = None
    _apply_indicator_fields(indicator, data)
    for target in indicator.targets.all():
        _check_target_direction(indicator, target.value, target.period)
    with acting_as(actor):
        indicator.save()
        if data.get("dimensions") is not None:
            indicator.dimensions.set(_dimensions(data["dimensions"]))
    return indicator


@transaction.atomic
def set_targets(*, actor: Actor, indicator_id: int, targets: list[dict[str, Any]]) -> list[Target]:
    """Create or replace the targets of the periods given; other periods keep theirs."""
    indicator = access_indicator_for_change(actor, indicator_id)
    cleaned = []
    seen: set[str] = set()
    for raw in targets:
        period = parse_period(str(raw.get("period", "")), indicator.frequency)
        if period.label in seen:
            raise ValidationFailed(
                _("The period %(period)s is given twice.") % {"period": period.label}, code="duplicate"
            )
        seen.add(period.label)
        figure = clean_figure(
            indicator.value_type,
            value=raw.get("value"),
            numerator=raw.get("numerator"),
            denominator=raw.get("denominator"),
            text=raw.get("text", ""),
            what=_("The target for %(period)s") % {"period": period.label},
        )
        _check_target_direction(indicator, figure["value"], period.label)
        cleaned.append((period, figure))
    saved = []
    with acting_as(actor):
        for period, figure in cleaned:
            target, _created = Target.objects.update_or_create(
                indicator=indicator,
                period=period.label,
                defaults={"period_start": period.start, "period_end": period.end, **figure},
            )
            saved.append(target)
    return saved


@transaction.atomic
def sync_workplan_framework(*, actor: Actor) -> tuple[Framework, int]:
    """The work plan's framework, with an outcome for each expected result of the current version (matched
    by key, so tracking survives re-imports). Returns the framework and how many outcomes were added."""
    if actor is not None and not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat may set up the work plan's results framework."))
    added = 0
    with acting_as(actor):
        framework, _created = Framework.objects.get_or_create(
            code=WORKPLAN_FRAMEWORK_CODE,
            defaults={
                "title": "Multi-annual work plan: expected results",
                "kind": Framework.Kind.WORKPLAN,
                "is_public": True,
            },
        )
        existing = set(framework.results.values_list("workplan_key", flat=True))
        for expected in current_expected_results():
            if expected.key in existing:
                continue
            Result.objects.create(
                framework=framework,
                level=Result.Level.OUTCOME,
                code=expected.key,
                title=expected.title,
                description=expected.output or "",
                workplan_key=expected.key,
                position=framework.results.count() + 1,
            )
            added += 1
    return framework, added
