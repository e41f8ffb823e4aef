"""Comms API: published statements for everyone, an Executive Committee member's clearance answer, and the
situations watch for Network members."""

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from gcmhub.accounts.auth import api_auth, caller, optional_auth
from gcmhub.accounts.queries import AnyUser, is_network_member, is_secretariat
from gcmhub.comms import actions, queries, watch
from gcmhub.comms.models import Statement
from gcmhub.comms.schemas import (
    ClearanceIn,
    ClearanceOut,
    CommsStatementOut,
    SituationLinksIn,
    SituationOut,
    StatementLinksIn,
)
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
    found = found.prefetch_related("events", "situations")
    drafts, members = is_secretariat(user), is_network_member(user)
    return [CommsStatementOut.of(s, drafts=drafts, members=members) for s in found]


@router.get(
    "/statements/{int:statement_id}",
    response={200: CommsStatementOut, **PROBLEMS_READ},
    auth=optional_auth,
    summary="One Network statement",
)
def get_statement(request: HttpRequest, statement_id: DbInt) -> CommsStatementOut:
    user = caller(request)
    statement = queries.access_statement(user, statement_id)
    return _statement_out(user, statement)


def _statement_out(user: AnyUser, statement: Statement) -> CommsStatementOut:
    return CommsStatementOut.of(statement, drafts=is_secretariat(user), members=is_network_member(user))


@router.put(
    "/statements/{int:statement_id}/links",
    response={200: CommsStatementOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Set the situations and public events a statement is about (those who may edit it)",
)
def link_statement(request: HttpRequest, statement_id: DbInt, payload: StatementLinksIn) -> CommsStatementOut:
    user = caller(request)
    statement = actions.link_statement(
        actor=user, statement_id=statement_id, situations=payload.situations, events=payload.events
    )
    return _statement_out(user, statement)


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
    return ClearanceOut.of(clearance)


@router.get(
    "/situations",
    response=list[SituationOut],
    auth=api_auth,
    summary="The situations watch (Network members)",
)
@paginate(Paginator)
def list_situations(request: HttpRequest) -> list[SituationOut]:
    user = caller(request)
    return [SituationOut.of(s, queries.situation_links(user, s)) for s in queries.situations(user)]


@router.put(
    "/situations/{int:situation_id}/links",
    response={200: SituationOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Set the joint programmes and support requests a situation is linked to (the secretariat)",
)
def link_situation(request: HttpRequest, situation_id: DbInt, payload: SituationLinksIn) -> SituationOut:
    user = caller(request)
    situation = watch.link_situation(
        actor=user,
        situation_id=situation_id,
        programmes=payload.programmes,
        support_requests=payload.support_requests,
    )
    return SituationOut.of(situation, queries.situation_links(user, situation))
