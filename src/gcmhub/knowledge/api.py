"""Knowledge API: published resources for everyone; submission and review with a session or an API token."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from gcmhub.accounts.auth import api_auth, caller, optional_auth
from gcmhub.accounts.queries import organizations_by_acronym
from gcmhub.core.exceptions import NotFound
from gcmhub.core.pagination import Paginator
from gcmhub.core.params import DbInt
from gcmhub.core.schemas import PROBLEMS_READ, PROBLEMS_WRITE, ProblemOut
from gcmhub.knowledge import actions, queries
from gcmhub.knowledge.models import CallForPractices, Kind, Resource
from gcmhub.knowledge.schemas import (
    AssignIn,
    AssignmentOut,
    AttachmentOut,
    ConflictIn,
    ConflictOut,
    OverlapOut,
    PeerReviewIn,
    PlanOnMapOut,
    PracticeCallIn,
    PracticeCallOut,
    RationaleIn,
    ResourceDecisionIn,
    ResourceDecisionOut,
    ResourceDetailOut,
    ResourceFields,
    ResourceIn,
    ResourceOut,
    TranslationIn,
)

router = Router(tags=["knowledge"])


class ResourceFilters(Schema):
    kind: str | None = None
    objective: DbInt | None = None
    principle: str | None = None
    thematic_area: DbInt | None = None
    region: str | None = None
    country: str | None = None
    language: str | None = None
    year: DbInt | None = None
    organization: str | None = None


def _detail(resource_id: int) -> Resource:
    return queries.with_details(Resource.objects.filter(pk=resource_id)).prefetch_related("attachments").get()


@router.get("/resources", response=list[ResourceOut], summary="Published resources, newest first", auth=None)
@paginate(Paginator)
def list_resources(request: HttpRequest, filters: Query[ResourceFilters]) -> "QuerySet[Resource]":
    values = filters.dict(exclude_none=True)
    kind = values.pop("kind", None)
    if kind is not None and kind not in Kind.values:
        return Resource.objects.none()
    return queries.with_details(queries.published_resources(kind, {k: [str(v)] for k, v in values.items()}))


@router.get(
    "/resources/mine",
    response=list[ResourceOut],
    auth=api_auth,
    summary="What I or my organizations submitted",
)
@paginate(Paginator)
def my_resources(request: HttpRequest) -> "QuerySet[Resource]":
    return queries.with_details(queries.submissions_of(caller(request)))


@router.get(
    "/resources/{int:resource_id}",
    response={200: ResourceDetailOut, **PROBLEMS_READ},
    auth=optional_auth,
    summary="One resource (unpublished ones only for who may see them)",
)
def get_resource(request: HttpRequest, resource_id: DbInt) -> Resource:
    queries.access_resource(caller(request), resource_id)
    return _detail(resource_id)


@router.post(
    "/resources", response={201: ResourceDetailOut, **PROBLEMS_WRITE}, auth=api_auth, summary="Create a draft"
)
def create_resource(request: HttpRequest, payload: ResourceIn) -> Status[Resource]:
    data = payload.data()
    kind = data.pop("kind")
    acronym = data.pop("organization", None)
    call_id = data.pop("call", None)
    organization = organizations_by_acronym([acronym])[0] if acronym else None
    call = None
    if call_id is not None:
        call = CallForPractices.objects.filter(pk=call_id).first()
        if call is None:
            raise NotFound("There is no such call for practices.")
    resource = actions.create_resource(
        actor=caller(request),
        kind=kind,
        data=data,
        organization=organization,
        call=call,
    )
    return Status(201, _detail(resource.pk))


@router.patch(
    "/resources/{int:resource_id}",
    response={200: ResourceDetailOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Change a draft (only the fields sent)",
)
def update_resource(request: HttpRequest, resource_id: DbInt, payload: ResourceFields) -> Resource:
    actions.update_resource(actor=caller(request), resource_id=resource_id, data=payload.data())
    return _detail(resource_id)


@router.put(
    "/resources/{int:resource_id}/translations/{language}",
    response={200: ResourceDetailOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Set the text in another UN language (all empty removes it)",
)
def set_translation(
    request: HttpRequest, resource_id: DbInt, language: str, payload: TranslationIn
) -> Resource:
    actions.set_translation(
        actor=caller(request),
        resource_id=resource_id,
        language=language,
        **payload.dict(),
    )
    return _detail(resource_id)


@router.post(
    "/resources/{int:resource_id}/attachments",
    response={201: AttachmentOut, 413: ProblemOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Attach a PDF, DOCX, ODT or XLSX file (up to 25 MB)",
)
def add_attachment(request: HttpRequest, resource_id: DbInt, file: File[UploadedFile]) -> Status[Any]:
    attachment = actions.add_attachment(
        actor=caller(request),
        resource_id=resource_id,
        upload=file,
        name=file.name or "",
    )
    return Status(201, attachment)


@router.post(
    "/resources/{int:resource_id}/submit",
    response={200: ResourceOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Submit a draft (or a revision) for review",
)
def submit(request: HttpRequest, resource_id: DbInt) -> Resource:
    actions.submit_resource(actor=caller(request), resource_id=resource_id)
    return _detail(resource_id)


@router.post(
    "/resources/{int:resource_id}/reviewers",
    response={200: list[AssignmentOut], **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Assign reviewers (secretariat)",
)
def assign(request: HttpRequest, resource_id: DbInt, payload: AssignIn) -> list[Any]:
    return actions.assign_reviewers(
        actor=caller(request),
        resource_id=resource_id,
        reviewer_ids=payload.reviewer_ids,
    )


@router.get("/assignments", response=list[AssignmentOut], auth=api_auth, summary="My review assignments")
@paginate(Paginator)
def my_assignments(request: HttpRequest) -> Any:
    return queries.assignments_for(caller(request)).select_related("reviewer", "organization")


@router.post(
    "/assignments/{int:assignment_id}/review",
    response={200: AssignmentOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Send my review: scores 1-5 and a recommendation",
)
def review(request: HttpRequest, assignment_id: DbInt, payload: PeerReviewIn) -> Any:
    data = payload.dict()
    return actions.submit_review(
        actor=caller(request),
        assignment_id=assignment_id,
        scores={
            c: data[c] for c in ("relevance", "coherence", "innovation", "replicability", "sustainability")
        },
        recommendation=data["recommendation"],
        comments=data["comments"],
    )


@router.post(
    "/assignments/{int:assignment_id}/conflict",
    response={200: ConflictOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Declare a conflict of interest (another reviewer is asked)",
)
def conflict(request: HttpRequest, assignment_id: DbInt, payload: ConflictIn) -> dict[str, Any]:
    declared, replacement = actions.declare_conflict(
        actor=caller(request),
        assignment_id=assignment_id,
        note=payload.note,
    )
    return {"declared": declared, "replacement": replacement}


@router.post(
    "/resources/{int:resource_id}/decision",
    response={200: ResourceDecisionOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Approve or request changes, with the rationale (secretariat)",
)
def decide(request: HttpRequest, resource_id: DbInt, payload: ResourceDecisionIn) -> ResourceDecisionOut:
    decision = actions.decide(actor=caller(request), resource_id=resource_id, **payload.dict())
    return ResourceDecisionOut.of(decision)


@router.post(
    "/resources/{int:resource_id}/publish",
    response={200: ResourceOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Publish an approved resource (secretariat)",
)
def publish(request: HttpRequest, resource_id: DbInt, payload: RationaleIn) -> Resource:
    actions.publish_resource(actor=caller(request), resource_id=resource_id, rationale=payload.rationale)
    return _detail(resource_id)


@router.post(
    "/resources/{int:resource_id}/archive",
    response={200: ResourceOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Archive a published resource (secretariat)",
)
def archive(request: HttpRequest, resource_id: DbInt, payload: RationaleIn) -> Resource:
    actions.archive_resource(actor=caller(request), resource_id=resource_id, rationale=payload.rationale)
    return _detail(resource_id)


@router.get(
    "/national-plans/map",
    response=list[PlanOnMapOut],
    auth=None,
    summary="Countries with published national implementation plans, by status",
)
def plans_map(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "country": e.country.iso3,
            "m49": e.country.m49,
            "status": e.status,
            "resources": [r.pk for r in e.resources],
        }
        for e in queries.national_plans_by_country()
    ]


@router.get(
    "/platforms/overlap",
    response=OverlapOut,
    auth=None,
    summary="GCM objectives x regions across registered platforms and the hub's content",
)
def overlap(request: HttpRequest) -> dict[str, Any]:
    matrix = queries.overlap_and_gaps()
    return {
        "regions": {r.m49: r.name for r in matrix.regions},
        "platforms": [p.pk for p in matrix.platforms],
        "cells": [
            {
                "objective": c.objective,
                "region": c.region,
                "platforms": [p.pk for p in c.platforms],
                "hub_resources": c.hub_resources,
                "gap": c.is_gap,
                "overlap": c.is_overlap,
            }
            for c in matrix.cells.values()
        ],
    }


@router.get(
    "/calls", response=list[PracticeCallOut], auth=None, summary="Calls for practices, latest deadline first"
)
@paginate(Paginator)
def list_calls(request: HttpRequest) -> Any:
    return CallForPractices.objects.prefetch_related("objectives")


@router.post(
    "/calls",
    response={201: PracticeCallOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Open a call (secretariat)",
)
def create_call(request: HttpRequest, payload: PracticeCallIn) -> Status[Any]:
    call = actions.create_call(actor=caller(request), **payload.dict())
    return Status(201, call)
