"""IMRF pledges API at /api/v1/reporting/pledges: published pledges and the dashboard for everyone; a
pledging organization's own pledges to its members; moderation to the secretariat."""

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from gcmhub.accounts.auth import api_auth, caller, optional_auth
from gcmhub.core.pagination import Paginator
from gcmhub.core.schemas import PROBLEMS_READ, PROBLEMS_WRITE
from gcmhub.reporting.actions import pledges as actions
from gcmhub.reporting.queries_pledges import (
    Bar,
    access_pledge,
    pledge_dashboard,
    visible_pledges,
    with_details,
)
from gcmhub.reporting.schemas_pledges import (
    BarOut,
    ModerationIn,
    PledgeDashboardOut,
    PledgeIn,
    PledgeOut,
    ProgressIn,
    ProgressOut,
)

router = Router(tags=["pledges"])


@router.get("", response=list[PledgeOut], auth=optional_auth, summary="Pledges you may read")
@paginate(Paginator)
def list_pledges(request: HttpRequest) -> list[PledgeOut]:
    return [PledgeOut.of(p) for p in with_details(visible_pledges(caller(request)))]


@router.get(
    "/dashboard", response=PledgeDashboardOut, auth=optional_auth, summary="Published pledges counted"
)
def dashboard(request: HttpRequest) -> PledgeDashboardOut:
    board = pledge_dashboard()

    def bars(rows: list[Bar]) -> list[BarOut]:
        return [BarOut(key=b.key, label=b.label, count=b.count) for b in rows]

    return PledgeDashboardOut(
        total=board.total,
        by_objective=bars(board.by_objective),
        by_region=bars(board.by_region),
        by_type=bars(board.by_type),
    )


@router.get(
    "/{public_id}", response={200: PledgeOut, **PROBLEMS_READ}, auth=optional_auth, summary="A pledge"
)
def get_pledge(request: HttpRequest, public_id: str) -> PledgeOut:
    return PledgeOut.of(access_pledge(caller(request), public_id))


@router.post(
    "",
    response={201: PledgeOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Submit a pledge for an organization you are a member of; it waits for moderation",
)
def submit_pledge(request: HttpRequest, payload: PledgeIn) -> Status[PledgeOut]:
    pledge = actions.submit_pledge(actor=caller(request), data=payload.dict())
    return Status(201, PledgeOut.of(pledge))


@router.put(
    "/{public_id}",
    response={200: PledgeOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Change and resubmit a pledge the secretariat returned",
)
def resubmit_pledge(request: HttpRequest, public_id: str, payload: PledgeIn) -> PledgeOut:
    pledge = actions.resubmit_pledge(actor=caller(request), public_id=public_id, data=payload.dict())
    return PledgeOut.of(pledge)


@router.post(
    "/{public_id}/moderation",
    response={200: PledgeOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Publish, return or reject a pledge (secretariat)",
)
def moderate_pledge(request: HttpRequest, public_id: str, payload: ModerationIn) -> PledgeOut:
    pledge = actions.moderate_pledge(
        actor=caller(request), public_id=public_id, decision=payload.decision, reason=payload.reason
    )
    return PledgeOut.of(pledge)


@router.post(
    "/{public_id}/progress",
    response={201: ProgressOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Report dated progress on a published pledge (the pledging organization)",
)
def add_progress(request: HttpRequest, public_id: str, payload: ProgressIn) -> Status[ProgressOut]:
    progress = actions.add_progress(actor=caller(request), public_id=public_id, data=payload.dict())
    return Status(201, ProgressOut.of(progress))
