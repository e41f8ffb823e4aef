"""Reads of the connection hub and its permission-checked fetches."""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from gcmhub.accounts.models import Membership, Role
from gcmhub.accounts.queries import AnyUser, has_role, is_secretariat, organizations_for
from gcmhub.core.exceptions import NotFound, PermissionDenied
from gcmhub.directory.models import Expert, RequestStatus, SupportRequest
from gcmhub.reference.models import Organization


def sees_contacts(user: AnyUser) -> bool:
    """Expert contact details: signed-in Member State focal points and the secretariat only."""
    return is_secretariat(user) or has_role(user, Role.MEMBER_STATE)


def listed_experts(user: AnyUser) -> "QuerySet[Expert]":
    """Experts `user` may find in the directory: only those who consented, as visible as they chose."""
    experts = Expert.objects.all()
    if is_secretariat(user):
        return experts
    listed = Q(consent=True, visibility=Expert.Visibility.PUBLIC)
    if user.is_authenticated:
        listed |= Q(consent=True, visibility=Expert.Visibility.SIGNED_IN) | Q(user_id=user.pk)
    return experts.filter(listed)


def access_expert(user: AnyUser, expert_id: int) -> Expert:
    expert = listed_experts(user).select_related("organization").filter(pk=expert_id).first()
    if expert is None:
        raise NotFound(_("There is no such expert."))
    return expert


def can_edit_expert(user: AnyUser, expert: Expert) -> bool:
    return is_secretariat(user) or (user.is_authenticated and expert.user_id == user.pk)


def access_expert_for_edit(user: AnyUser, expert_id: int) -> Expert:
    expert = access_expert(user, expert_id)
    if not can_edit_expert(user, expert):
        raise PermissionDenied(_("Only the expert or the secretariat may change this profile."))
    return expert


def filter_experts(
    experts: "QuerySet[Expert]", *, objective: str = "", region: str = "", language: str = "", q: str = ""
) -> "QuerySet[Expert]":
    if objective.isdigit():
        experts = experts.filter(objectives__number=int(objective))
    if region:
        experts = experts.filter(Q(regions__m49=region) | Q(regions__parent__m49=region))
    if language:
        # Stored as a JSON list; matched on its text so it works on every database.
        experts = experts.filter(languages__icontains=f'"{language}"')
    if q.strip():
        for word in q.split()[:8]:
            experts = experts.filter(
                Q(name__icontains=word) | Q(bio__icontains=word) | Q(position__icontains=word)
            )
    return experts.distinct().select_related("organization").prefetch_related("objectives", "regions")


# ---- Support requests -------------------------------------------------------------------------------------


def requesting_organizations(user: AnyUser) -> "QuerySet[Organization]":
    """The governments `user` may request support for."""
    return organizations_for(user, Role.MEMBER_STATE)


def can_request_support(user: AnyUser) -> bool:
    return requesting_organizations(user).exists()


def visible_requests(user: AnyUser) -> "QuerySet[SupportRequest]":
    """The secretariat sees every request; a Member State sees its government's; an expert sees those
    assigned to them."""
    requests = SupportRequest.objects.select_related(
        "country", "organization", "requester", "assigned_expert"
    )
    if is_secretariat(user):
        return requests
    if not user.is_authenticated:
        return requests.none()
    mine = Membership.objects.filter(user_id=user.pk, role=Role.MEMBER_STATE).values("organization_id")
    return requests.filter(
        Q(requester_id=user.pk) | Q(organization_id__in=mine) | Q(assigned_expert__user_id=user.pk)
    )


def access_request(user: AnyUser, request_id: int) -> SupportRequest:
    found = visible_requests(user).filter(pk=request_id).first()
    if found is None:
        raise NotFound(_("There is no such support request."))
    return found


def is_requester(user: AnyUser, support_request: SupportRequest) -> bool:
    if not user.is_authenticated:
        return False
    return (
        support_request.requester_id == user.pk
        or Membership.objects.filter(
            user_id=user.pk, role=Role.MEMBER_STATE, organization_id=support_request.organization_id
        ).exists()
    )


@dataclass
class ResponseTimes:
    requests: int
    assigned: int
    resolved: int
    median_to_assign: datetime.timedelta | None
    median_to_resolve: datetime.timedelta | None
    open_requests: int


def response_times() -> ResponseTimes:
    """How fast requests are answered (shown to the secretariat)."""
    rows = list(SupportRequest.objects.only("created_at", "assigned_at", "resolved_at", "status"))

    def median(values: list[datetime.timedelta]) -> datetime.timedelta | None:
        if not values:
            return None
        return datetime.timedelta(seconds=statistics.median(v.total_seconds() for v in values))

    to_assign = [r.time_to_assign for r in rows if r.time_to_assign is not None]
    to_resolve = [r.time_to_resolve for r in rows if r.time_to_resolve is not None]
    return ResponseTimes(
        requests=len(rows),
        assigned=len(to_assign),
        resolved=len(to_resolve),
        median_to_assign=median(to_assign),
        median_to_resolve=median(to_resolve),
        open_requests=sum(r.status == RequestStatus.OPEN for r in rows),
    )
