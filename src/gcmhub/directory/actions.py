"""Every write of the connection hub: keyword-only `actor`, one transaction, audited."""

from collections.abc import Callable
from typing import Any, cast

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import AnyUser, is_secretariat
from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from gcmhub.directory import notifications
from gcmhub.directory.models import Expert, RequestStatus, StatusChange, SupportRequest, Urgency
from gcmhub.directory.queries import (
    access_expert_for_edit,
    access_request,
    is_requester,
    requesting_organizations,
)
from gcmhub.knowledge.models import Kind, Language, Resource, Status
from gcmhub.reference.models import GuidingPrinciple, Objective, Organization, Region

EXPERT_TEXT = {"name": 200, "position": 200, "bio": 5000, "email": 254, "phone": 50}


def _objectives(numbers: list[int] | None) -> list[Objective]:
    wanted = {int(n) for n in numbers or []}
    found = list(Objective.objects.filter(number__in=wanted))
    if len(found) != len(wanted):
        raise ValidationFailed(_("Unknown GCM objective."), code="unknown_objective")
    return found


def _expert_texts(data: dict[str, Any]) -> dict[str, Any]:
    texts: dict[str, Any] = {}
    for name, limit in EXPERT_TEXT.items():
        if name in data:
            value = str(data[name] or "").strip()
            if len(value) > limit:
                raise ValidationFailed(_("%(field)s is too long.") % {"field": name}, code="too_long")
            texts[name] = value
    if "name" in texts and not texts["name"]:
        raise ValidationFailed(_("An expert needs a name."), code="no_name")
    if texts.get("email"):
        _check_email(texts["email"])
    return texts


def _check_email(email: str) -> None:
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email

    try:
        validate_email(email)
    except ValidationError as exc:
        raise ValidationFailed(_("The e-mail address is not valid."), code="bad_email") from exc


def _languages(values: Any) -> list[str]:
    languages = [str(v) for v in values or []]
    if any(v not in Language.values for v in languages):
        raise ValidationFailed(_("Languages must be UN language codes."), code="bad_language")
    return list(dict.fromkeys(languages))


def _visibility(value: Any) -> str:
    if value not in Expert.Visibility.values:
        raise ValidationFailed(_("Unknown visibility."), code="bad_visibility")
    return str(value)


def _organization(value: Any) -> Organization | None:
    acronym = str(value or "").strip()
    organization = Organization.objects.filter(acronym__iexact=acronym).first() if acronym else None
    if acronym and organization is None:
        raise ValidationFailed(
            _("There is no organization with the acronym %(acronym)s.") % {"acronym": acronym},
            code="unknown_organization",
        )
    return organization


def _principles(slugs: Any) -> list[GuidingPrinciple]:
    wanted = set(slugs or [])
    principles = list(GuidingPrinciple.objects.filter(slug__in=wanted))
    if len(principles) != len(wanted):
        raise ValidationFailed(_("Unknown guiding principle."), code="unknown_principle")
    return principles


def _regions(codes: Any) -> list[Region]:
    wanted = set(codes or [])
    regions = list(Region.objects.filter(m49__in=wanted))
    if len(regions) != len(wanted):
        raise ValidationFailed(_("Unknown region."), code="unknown_region")
    return regions


# How each optional field of an expert is checked, in the order its refusal is reported.
EXPERT_CHOICES: dict[str, Callable[[Any], Any]] = {
    "languages": _languages,
    "visibility": _visibility,
    "consent": bool,
    "organization": _organization,
}
EXPERT_RELATIONS: dict[str, Callable[[Any], list[Any]]] = {
    "objectives": _objectives,
    "principles": _principles,
    "regions": _regions,
}


def _expert_values(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[Any]]]:
    """The expert's checked field values and related rows; the first problem found is refused."""
    scalars = _expert_texts(data)
    scalars.update({name: check(data[name]) for name, check in EXPERT_CHOICES.items() if name in data})
    relations = {name: check(data[name]) for name, check in EXPERT_RELATIONS.items() if name in data}
    return scalars, relations


def _save_expert(expert: Expert, scalars: dict[str, Any], relations: dict[str, list[Any]]) -> None:
    was_consenting = expert.consent
    for name, value in scalars.items():
        setattr(expert, name, value)
    if expert.consent and not was_consenting:
        expert.consent_at = timezone.now()
    if not expert.consent:
        expert.consent_at = None
    expert.save()
    for name, values in relations.items():
        getattr(expert, name).set(values)


@transaction.atomic
def create_expert(*, actor: AnyUser, data: dict[str, Any]) -> Expert:
    """The secretariat records an expert; someone acting for an organization may list themselves."""
    secretariat = is_secretariat(actor)
    if not secretariat:
        # a signed-in actor is a User, which has memberships (is_authenticated is checked first).
        if not actor.is_authenticated or not actor.memberships.exists():  # type: ignore[attr-defined]
            raise PermissionDenied(
                _("Only the secretariat or focal points of an organization may add experts.")
            )
        if Expert.objects.filter(user_id=actor.pk).exists():
            raise ValidationFailed(_("You already have an expert profile."), code="duplicate")
    scalars, relations = _expert_values(data)
    if not scalars.get("name"):
        raise ValidationFailed(_("An expert needs a name."), code="no_name")
    with acting_as(actor):
        expert = Expert(created_by_id=actor.pk, user_id=None if secretariat else actor.pk)
        _save_expert(expert, scalars, relations)
    return expert


@transaction.atomic
def update_expert(*, actor: AnyUser, expert_id: int, data: dict[str, Any]) -> Expert:
    expert = access_expert_for_edit(actor, expert_id)
    scalars, relations = _expert_values(data)
    with acting_as(actor):
        _save_expert(expert, scalars, relations)
    return expert


# ---- Support requests -------------------------------------------------------------------------------------


@transaction.atomic
def create_request(
    *,
    actor: AnyUser,
    title: str,
    description: str,
    objectives: list[int],
    urgency: str = Urgency.MEDIUM,
    language: str = "en",
    organization: Organization | None = None,
) -> SupportRequest:
    """A Member State focal point asks for support for their country."""
    allowed = list(requesting_organizations(actor))
    if not allowed:
        raise PermissionDenied(_("Only Member State focal points may request support."))
    organization = organization or allowed[0]
    if organization not in allowed:
        raise PermissionDenied(
            _("You do not act for %(organization)s.") % {"organization": organization.acronym}
        )
    if organization.country_id is None:
        raise ValidationFailed(_("This government has no country on record."), code="no_country")
    problems = []
    if not title.strip():
        problems.append(_("Give the request a title."))
    if not description.strip():
        problems.append(_("Describe the support needed."))
    if not objectives:
        problems.append(_("Choose at least one GCM objective."))
    if urgency not in Urgency.values:
        problems.append(_("Unknown urgency."))
    if language not in Language.values:
        problems.append(_("Unknown language."))
    if problems:
        raise ValidationFailed(" ".join(problems), code="invalid_request")
    found = _objectives(objectives)
    with acting_as(actor):
        support_request = SupportRequest.objects.create(
            requester_id=cast(int, actor.pk),
            organization=organization,
            country_id=organization.country_id,
            title=title.strip()[:250],
            description=description.strip(),
            urgency=urgency,
            language=language,
        )
        support_request.objectives.set(found)
        StatusChange.objects.create(
            request=support_request, status=RequestStatus.OPEN, changed_by_id=actor.pk
        )
        notifications.request_created(support_request)
    return support_request


@transaction.atomic
def assign_request(
    *,
    actor: AnyUser,
    request_id: int,
    expert_id: int | None = None,
    organization_id: int | None = None,
    practice_id: int | None = None,
    note: str = "",
) -> SupportRequest:
    """The secretariat connects the request to an expert, an organization and/or a practice."""
    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat assigns support requests."))
    support_request = access_request(actor, request_id)
    if support_request.status in (RequestStatus.RESOLVED, RequestStatus.CLOSED):
        raise ValidationFailed(
            _("This request is already %(status)s.") % {"status": support_request.get_status_display()},
            code="closed",
        )
    if not (expert_id or organization_id or practice_id):
        raise ValidationFailed(_("Choose an expert, an organization or a practice."), code="nothing_assigned")
    expert = Expert.objects.filter(pk=expert_id, consent=True).first() if expert_id else None
    if expert_id and expert is None:
        raise NotFound(_("There is no such expert."))
    organization = Organization.objects.filter(pk=organization_id).first() if organization_id else None
    if organization_id and organization is None:
        raise NotFound(_("There is no such organization."))
    practice = (
        Resource.objects.filter(pk=practice_id, status=Status.PUBLISHED, kind=Kind.PRACTICE).first()
        if practice_id
        else None
    )
    if practice_id and practice is None:
        raise NotFound(_("There is no such published practice."))
    with acting_as(actor):
        support_request.assigned_expert = expert
        support_request.assigned_organization = organization
        support_request.assigned_practice = practice
        support_request.assignment_note = note.strip()
        support_request.assigned_by_id = actor.pk
        support_request.assigned_at = support_request.assigned_at or timezone.now()
        support_request.status = RequestStatus.ASSIGNED
        support_request.save()
        StatusChange.objects.create(
            request=support_request, status=RequestStatus.ASSIGNED, note=note.strip(), changed_by_id=actor.pk
        )
        notifications.request_assigned(support_request)
    return support_request


# Who may move a request to which status.
REQUESTER_MAY = {RequestStatus.CLOSED}
EXPERT_MAY = {RequestStatus.IN_PROGRESS, RequestStatus.RESOLVED}


@transaction.atomic
def set_request_status(*, actor: AnyUser, request_id: int, status: str, note: str = "") -> SupportRequest:
    support_request = access_request(actor, request_id)
    if status not in RequestStatus.values:
        raise ValidationFailed(_("Unknown status."), code="bad_status")
    if (
        is_secretariat(actor)
        or (status in REQUESTER_MAY and is_requester(actor, support_request))
        or (
            status in EXPERT_MAY
            and support_request.assigned_expert is not None
            and support_request.assigned_expert.user_id == actor.pk
        )
    ):
        pass
    else:
        raise PermissionDenied(_("You may not move this request to that status."))
    if status == support_request.status:
        raise ValidationFailed(
            _("The request is already %(status)s.") % {"status": support_request.get_status_display()},
            code="unchanged",
        )
    with acting_as(actor):
        support_request.status = status
        if status in (RequestStatus.RESOLVED, RequestStatus.CLOSED):
            support_request.resolved_at = support_request.resolved_at or timezone.now()
        elif status == RequestStatus.OPEN:
            support_request.resolved_at = None
        support_request.save()
        StatusChange.objects.create(
            request=support_request, status=status, note=note.strip(), changed_by_id=actor.pk
        )
        notifications.request_status_changed(support_request)
    return support_request
