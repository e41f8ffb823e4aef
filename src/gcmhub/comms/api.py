"""Comms API: published statements for everyone, an Executive Committee member's clearance answer, and the
situations watch for Network members."""

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from gcmhub.accounts.auth import api_auth, caller, optional_auth
from gcmhub.accounts.queries import is_secretariat
from gcmhub.comms import actions, queries
from gcmhub.comms.schemas import ClearanceIn, ClearanceOut, CommsStatementOut, SituationOut
from gcmhub.core.pagination import Paginator
from gcmhub.core.params import DbInt
from gcmhub.core.schemas import PROBLEMS_READ, PROBLEMS_WRITE
from gcmhub.reference.queries import organization

router = Router(tags=["comms"])


@router.get("/statements", response=list[CommsStatementOut], auth=optional_auth, summary="Network statements")
@paginate(Paginator)
def list_statements(request: HttpRequest) -> list[CommsStatementOut]:
    user = caller(request)
    found = queries.visible_statements(user).select_related("organization")
    found = found.prefetch_related("translations", "objectives", "countries")
    drafts = is_secretariat(user)
    return [CommsStatementOut.from_statement(s, drafts=drafts) for s in found]


@router.get(
    "/statements/{int:statement_id}",
    response={200: CommsStatementOut, **PROBLEMS_READ},
    auth=optional_auth,
    summary="One Network statement",
)
def get_statement(request: HttpRequest, statement_id: DbInt) -> CommsStatementOut:
    user = caller(request)
    statement = queries.access_statement(user, statement_id)
    return CommsStatementOut.from_statement(statement, drafts=is_secretariat(user))


@router.post(
    "/statements/{int:statement_id}/clearance",
    response={200: ClearanceOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Clear, clear with comments, or object (an Executive Committee member)",
)
def answer_clearance(request: HttpRequest, statement_id: DbInt, payload: ClearanceIn) -> ClearanceOut:
    member = organization(payload.organization) if payload.organization else None
    clearance = actions.answer_clearance(
        actor=caller(request),
        statement_id=statement_id,
        decision=payload.decision,
        comment=payload.comment,
        organization=member,
    )
    return ClearanceOut.from_clearance(clearance)


@router.get(
    "/situations",
    response=list[SituationOut],
    auth=api_auth,
    summary="The situations watch (Network members)",
)
@paginate(Paginator)
def list_situations(request: HttpRequest) -> list[SituationOut]:
    return [SituationOut.from_situation(s) for s in queries.situations(caller(request))]
