"""Connection hub API: the expert directory (public as the experts chose) and support requests."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from gcmhub.accounts.auth import api_auth, caller, optional_auth
from gcmhub.accounts.queries import is_secretariat
from gcmhub.core.exceptions import PermissionDenied
from gcmhub.core.pagination import Paginator
from gcmhub.core.params import DbInt
from gcmhub.core.schemas import PROBLEMS_READ, PROBLEMS_WRITE
from gcmhub.directory import actions, queries
from gcmhub.directory.matching import matches_for
from gcmhub.directory.schemas import (
    AssignRequestIn,
    ExpertIn,
    ExpertOut,
    MatchOut,
    SupportRequestIn,
    SupportRequestOut,
    SupportRequestStatusIn,
    match_label,
)

router = Router(tags=["directory"])


class ExpertFilters(Schema):
    objective: str = ""
    region: str = ""
    language: str = ""
    q: str = ""


@router.get("/experts", response=list[ExpertOut], auth=optional_auth, summary="Experts listed for the caller")
@paginate(Paginator)
def list_experts(request: HttpRequest, filters: Query[ExpertFilters]) -> list[ExpertOut]:
    user = caller(request)
    contacts = queries.sees_contacts(user)
    experts = queries.filter_experts(queries.listed_experts(user), **filters.dict()).prefetch_related(
        "principles"
    )
    return [ExpertOut.of(e, contacts=contacts) for e in experts]


@router.get(
    "/experts/{int:expert_id}",
    response={200: ExpertOut, **PROBLEMS_READ},
    auth=optional_auth,
    summary="One expert (contact details only for Member State focal points and the secretariat)",
)
def get_expert(request: HttpRequest, expert_id: DbInt) -> ExpertOut:
    user = caller(request)
    return ExpertOut.of(queries.access_expert(user, expert_id), contacts=queries.sees_contacts(user))


@router.post("/experts", response={201: ExpertOut, **PROBLEMS_WRITE}, auth=api_auth, summary="Add an expert")
def create_expert(request: HttpRequest, payload: ExpertIn) -> Status[ExpertOut]:
    expert = actions.create_expert(actor=caller(request), data=payload.dict(exclude_unset=True))
    return Status(201, ExpertOut.of(expert, contacts=True))


@router.patch(
    "/experts/{int:expert_id}",
    response={200: ExpertOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Change an expert profile (the expert or the secretariat)",
)
def update_expert(request: HttpRequest, expert_id: DbInt, payload: ExpertIn) -> ExpertOut:
    expert = actions.update_expert(
        actor=caller(request),
        expert_id=expert_id,
        data=payload.dict(exclude_unset=True),
    )
    return ExpertOut.of(expert, contacts=True)


@router.get(
    "/requests", response=list[SupportRequestOut], auth=api_auth, summary="Support requests I may see"
)
@paginate(Paginator)
def list_requests(request: HttpRequest) -> Any:
    return queries.visible_requests(caller(request)).prefetch_related("objectives")


@router.post(
    "/requests",
    response={201: SupportRequestOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Request support (Member State focal points)",
)
def create_request(request: HttpRequest, payload: SupportRequestIn) -> Status[Any]:
    created = actions.create_request(actor=caller(request), **payload.dict())
    return Status(201, created)


@router.get("/requests/{int:request_id}", response={200: SupportRequestOut, **PROBLEMS_READ}, auth=api_auth)
def get_request(request: HttpRequest, request_id: DbInt) -> Any:
    return queries.access_request(caller(request), request_id)


@router.get(
    "/requests/{int:request_id}/matches",
    response={200: list[MatchOut], **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Ranked experts, organizations and practices for a request, with the score's parts",
)
def request_matches(request: HttpRequest, request_id: DbInt, limit: DbInt = 5) -> list[MatchOut]:
    user = caller(request)
    support_request = queries.access_request(user, request_id)
    if not (is_secretariat(user) or queries.is_requester(user, support_request)):
        raise PermissionDenied("Only the requester and the secretariat see the matches.")
    ranked = matches_for(support_request, user, limit=max(1, min(limit, 50)))
    return [
        MatchOut(kind=kind, id=m.obj.pk, label=match_label(m.obj), score=m.score, components=m.components)
        for kind, matches in ranked.items()
        for m in matches
    ]


@router.post(
    "/requests/{int:request_id}/assign",
    response={200: SupportRequestOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Assign an expert, an organization or a practice (secretariat)",
)
def assign_request(request: HttpRequest, request_id: DbInt, payload: AssignRequestIn) -> Any:
    data = payload.dict()
    return actions.assign_request(
        actor=caller(request),
        request_id=request_id,
        expert_id=data["expert"],
        organization_id=data["organization"],
        practice_id=data["practice"],
        note=data["note"],
    )


@router.post(
    "/requests/{int:request_id}/status",
    response={200: SupportRequestOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Move a request to another status",
)
def request_status(request: HttpRequest, request_id: DbInt, payload: SupportRequestStatusIn) -> Any:
    return actions.set_request_status(actor=caller(request), request_id=request_id, **payload.dict())
