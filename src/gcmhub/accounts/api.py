"""Accounts API: who am I, my API tokens, and (for the secretariat) invitations to organizations. Every
operation needs a session or an API token."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from gcmhub.accounts import actions, queries
from gcmhub.accounts.auth import api_auth
from gcmhub.accounts.models import ApiToken, Invitation
from gcmhub.accounts.schemas import InvitationIn, InvitationOut, MeOut, TokenCreatedOut, TokenIn, TokenOut
from gcmhub.core.pagination import Paginator
from gcmhub.core.params import DbInt
from gcmhub.core.schemas import PROBLEMS_AUTH, PROBLEMS_WRITE

router = Router(tags=["accounts"], auth=api_auth)


@router.get("/me", response={200: MeOut, **PROBLEMS_AUTH}, summary="The signed-in user and their roles")
def me(request: HttpRequest) -> dict[str, Any]:
    # ninja sets request.auth once the caller is authenticated; HttpRequest's stubs do not declare it.
    user = request.auth  # type: ignore[attr-defined]
    return {
        "username": user.get_username(),
        "is_secretariat": queries.is_secretariat(user),
        "memberships": list(queries.memberships_for(user)),
    }


@router.get("/tokens", response=list[TokenOut], summary="My API tokens, newest first")
@paginate(Paginator)
def list_tokens(request: HttpRequest) -> "QuerySet[ApiToken]":
    # ninja sets request.auth once the caller is authenticated; HttpRequest's stubs do not declare it.
    return queries.tokens_for(request.auth)  # type: ignore[attr-defined]


@router.post(
    "/tokens",
    response={201: TokenCreatedOut, **PROBLEMS_WRITE},
    summary="Create an API token (the raw token is in this response only)",
)
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    # ninja sets request.auth once the caller is authenticated; HttpRequest's stubs do not declare it.
    token, raw = actions.create_api_token(actor=request.auth, name=payload.name)  # type: ignore[attr-defined]
    return Status(201, {**TokenOut.from_orm(token).model_dump(), "token": raw})


@router.delete(
    "/tokens/{int:token_id}", response={200: TokenOut, **PROBLEMS_WRITE}, summary="Revoke an API token"
)
def revoke_token(request: HttpRequest, token_id: DbInt) -> ApiToken:
    # ninja sets request.auth once the caller is authenticated; HttpRequest's stubs do not declare it.
    return actions.revoke_api_token(actor=request.auth, token_id=token_id)  # type: ignore[attr-defined]


@router.get(
    "/invitations",
    response={200: list[InvitationOut], **PROBLEMS_AUTH},
    summary="Invitations not accepted or revoked yet, newest first (secretariat)",
)
@paginate(Paginator)
def list_invitations(request: HttpRequest) -> "QuerySet[Invitation]":
    # ninja sets request.auth once the caller is authenticated; HttpRequest's stubs do not declare it.
    queries.check_may_manage_people(request.auth)  # type: ignore[attr-defined]
    return queries.pending_invitations()


@router.post(
    "/invitations",
    response={201: InvitationOut, **PROBLEMS_WRITE},
    summary="Invite a person by e-mail to act for an organization in a role (secretariat)",
)
def create_invitation(request: HttpRequest, payload: InvitationIn) -> Status[Invitation]:
    # ninja sets request.auth once the caller is authenticated; HttpRequest's stubs do not declare it.
    actor = request.auth  # type: ignore[attr-defined]
    queries.check_may_manage_people(actor)  # before looking at the organization, so outsiders learn nothing
    [organization] = queries.organizations_by_acronym([payload.organization])
    language = payload.language or queries.languages_of([actor.pk])[actor.pk]
    invitation = actions.invite(
        actor=actor, email=payload.email, organization=organization, role=payload.role, language=language
    )
    return Status(201, invitation)


@router.post(
    "/invitations/{int:invitation_id}/resend",
    response={200: InvitationOut, **PROBLEMS_WRITE},
    summary="Send an invitation again with a new link; the old link stops working (secretariat)",
)
def resend_invitation(request: HttpRequest, invitation_id: DbInt) -> Invitation:
    # ninja sets request.auth once the caller is authenticated; HttpRequest's stubs do not declare it.
    return actions.resend_invitation(actor=request.auth, invitation_id=invitation_id)  # type: ignore[attr-defined]


@router.delete(
    "/invitations/{int:invitation_id}",
    response={200: InvitationOut, **PROBLEMS_WRITE},
    summary="Revoke an invitation; its link stops working (secretariat)",
)
def revoke_invitation(request: HttpRequest, invitation_id: DbInt) -> Invitation:
    # ninja sets request.auth once the caller is authenticated; HttpRequest's stubs do not declare it.
    return actions.revoke_invitation(actor=request.auth, invitation_id=invitation_id)  # type: ignore[attr-defined]
