"""The secretariat prepares calls: the call, its sections and questions, and its publication."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import AnyUser
from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import NotFound, ValidationFailed
from gcmhub.reference.models import GuidingPrinciple, Objective, Region, ThematicArea
from gcmhub.reporting.actions.common import LANGUAGES, MAX_OPTIONS, MAX_TEXT, clean_date, clean_text
from gcmhub.reporting.models import AnswerType, Audience, Call, Purpose, Question, Section
from gcmhub.reporting.queries import access_call_for_edit, require_call_editor


def _call_values(data: dict[str, Any], call: Call) -> dict[str, Any]:
    """Validated values for the fields present in `data`, checked together with the call's other values."""
    values: dict[str, Any] = {}
    if "title" in data:
        values["title"] = clean_text(data, "title", 250, required=True)
    if "description" in data:
        values["description"] = clean_text(data, "description", MAX_TEXT)
    if "purpose" in data:
        if data["purpose"] not in Purpose.values:
            raise ValidationFailed(
                _("The purpose must be one of: %(choices)s.") % {"choices": ", ".join(Purpose.values)},
                code="bad_purpose",
            )
        values["purpose"] = data["purpose"]
    if "language" in data:
        if data["language"] not in LANGUAGES:
            raise ValidationFailed(_("Unknown language %(language)s.") % {"language": data["language"]})
        values["language"] = data["language"]
    if "audiences" in data:
        audiences = list(dict.fromkeys(str(a) for a in data["audiences"] or []))
        if not audiences or any(a not in Audience.values for a in audiences):
            raise ValidationFailed(
                _("Choose the audiences among: %(choices)s.") % {"choices": ", ".join(Audience.values)},
                code="bad_audiences",
            )
        values["audiences"] = audiences
    if "region" in data:
        values["region"] = _region(data["region"])
    for name in ("opens_on", "closes_on"):
        if name in data:
            values[name] = clean_date(data[name], name)
    if "reminder_days" in data:
        values["reminder_days"] = _reminder_days(data["reminder_days"])
    opens = values.get("opens_on", call.opens_on if call.pk else None)
    closes = values.get("closes_on", call.closes_on if call.pk else None)
    if opens and closes and closes < opens:
        raise ValidationFailed(_("A call cannot close before it opens."), code="bad_dates")
    return values


def _region(code: Any) -> Region | None:
    if code in (None, ""):
        return None
    region = Region.objects.filter(m49=str(code).strip().zfill(3)).first()
    if region is None:
        raise ValidationFailed(
            _("There is no M49 region with code %(code)s.") % {"code": code}, code="bad_region"
        )
    return region


def _reminder_days(values: Any) -> list[int]:
    try:
        days = sorted({int(v) for v in values or []}, reverse=True)
    except (TypeError, ValueError):
        days = [0]
    if any(not 1 <= d <= 365 for d in days):
        raise ValidationFailed(
            _("Reminders are sent from 1 to 365 days before the closing date."), code="bad_reminders"
        )
    return days


@transaction.atomic
def create_call(*, actor: AnyUser, data: dict[str, Any]) -> Call:
    """A new call, unpublished until its questionnaire is ready."""
    require_call_editor(actor)
    call = Call(created_by_id=actor.pk)
    missing = [
        name for name in ("title", "purpose", "audiences", "opens_on", "closes_on") if not data.get(name)
    ]
    if missing:
        raise ValidationFailed(
            _("A call needs: %(fields)s.") % {"fields": ", ".join(missing)}, code="incomplete_call"
        )
    for name, value in _call_values(data, call).items():
        setattr(call, name, value)
    with acting_as(actor):
        call.save()
    return call


@transaction.atomic
def update_call(*, actor: AnyUser, call_id: int, data: dict[str, Any]) -> Call:
    call = access_call_for_edit(actor, call_id)
    values = _call_values(data, call)
    if call.is_published and {"audiences", "region"} & set(values):
        raise ValidationFailed(_("The audiences of a published call cannot change."), code="published_call")
    with acting_as(actor):
        for name, value in values.items():
            setattr(call, name, value)
        call.save()
    return call


def _require_unpublished(call: Call) -> None:
    if call.is_published:
        raise ValidationFailed(
            _("The questionnaire of a published call cannot change: everyone answers the same questions."),
            code="published_call",
        )


@transaction.atomic
def add_section(*, actor: AnyUser, call_id: int, title: str, description: str = "") -> Section:
    call = access_call_for_edit(actor, call_id)
    _require_unpublished(call)
    data = {"title": title, "description": description}
    values = {
        "title": clean_text(data, "title", 250, required=True),
        "description": clean_text(data, "description", MAX_TEXT),
    }
    position = call.sections.count() + 1
    with acting_as(actor):
        return Section.objects.create(call=call, position=position, **values)


def _question_values(data: dict[str, Any]) -> dict[str, Any]:
    answer_type = data.get("answer_type")
    if answer_type not in AnswerType.values:
        raise ValidationFailed(
            _("The answer type must be one of: %(choices)s.") % {"choices": ", ".join(AnswerType.values)},
            code="bad_answer_type",
        )
    options = [str(o).strip() for o in data.get("choices") or [] if str(o).strip()]
    options = list(dict.fromkeys(options))
    if answer_type == AnswerType.CHOICE and not 2 <= len(options) <= MAX_OPTIONS:
        raise ValidationFailed(
            _("A choice question needs from 2 to %(max)d options.") % {"max": MAX_OPTIONS}, code="bad_options"
        )
    if answer_type != AnswerType.CHOICE and options:
        raise ValidationFailed(_("Only a choice question has options."), code="bad_options")
    if any(len(o) > 250 for o in options):
        raise ValidationFailed(_("An option is longer than 250 characters."), code="bad_options")
    objective, principle = _anchor(data.get("objective"), data.get("principle"))
    return {
        "text": clean_text(data, "text", 2000, required=True),
        "help_text": clean_text(data, "help_text", MAX_TEXT),
        "answer_type": answer_type,
        "choices": options,
        "multiple": bool(data.get("multiple")) and answer_type == AnswerType.CHOICE,
        "required": bool(data.get("required")),
        "objective": objective,
        "principle": principle,
        "thematic_area_id": _thematic_area(data.get("thematic_area")),
    }


def _anchor(objective: Any, principle: Any) -> tuple[Objective | None, GuidingPrinciple | None]:
    """A question is about one GCM objective (by number), one guiding principle (by slug), or neither."""
    if objective not in (None, "") and principle not in (None, ""):
        raise ValidationFailed(
            _("A question is about an objective or a guiding principle, not both."), code="bad_anchor"
        )
    found_objective = found_principle = None
    if objective not in (None, ""):
        found_objective = Objective.objects.filter(number=_number(objective)).first()
        if found_objective is None:
            raise ValidationFailed(
                _("Unknown GCM objective %(value)s.") % {"value": objective}, code="bad_anchor"
            )
    if principle not in (None, ""):
        found_principle = GuidingPrinciple.objects.filter(slug=str(principle)).first()
        if found_principle is None:
            raise ValidationFailed(
                _("Unknown guiding principle %(value)s.") % {"value": principle}, code="bad_anchor"
            )
    return found_objective, found_principle


def _number(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return -1


def _thematic_area(number: Any) -> int | None:
    if number in (None, ""):
        return None
    area = ThematicArea.objects.filter(number=_number(number)).first()
    if area is None:
        raise ValidationFailed(_("Unknown thematic area %(value)s.") % {"value": number}, code="bad_anchor")
    return int(area.pk)


@transaction.atomic
def add_question(*, actor: AnyUser, call_id: int, section_id: int, data: dict[str, Any]) -> Question:
    call = access_call_for_edit(actor, call_id)
    _require_unpublished(call)
    section = call.sections.filter(pk=section_id).first()
    if section is None:
        raise NotFound(_("This call has no such section."))
    values = _question_values(data)
    with acting_as(actor):
        return Question.objects.create(section=section, position=section.questions.count() + 1, **values)


@transaction.atomic
def publish_call(*, actor: AnyUser, call_id: int) -> Call:
    """Announce the call: from now on everyone sees it, and its audiences answer it from its opening date."""
    call = access_call_for_edit(actor, call_id)
    if call.is_published:
        raise ValidationFailed(_("This call is already published."), code="already_published")
    if not Question.objects.filter(section__call=call).exists():
        raise ValidationFailed(_("Add at least one question before publishing."), code="no_questions")
    with acting_as(actor):
        call.published_at = timezone.now()
        call.save()
    return call
