"""Accounts API: who am I, and my API tokens. Every operation needs a session or an API token."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from gcmhub.accounts import actions, queries
from gcmhub.accounts.auth import api_auth
from gcmhub.accounts.models import ApiToken
from gcmhub.accounts.schemas import MeOut, TokenCreatedOut, TokenIn, TokenOut
from gcmhub.core.pagination import Paginator
from gcmhub.core.params import DbInt
from gcmhub.core.schemas import PROBLEMS_AUTH, PROBLEMS_WRITE

router = Router(tags=["accounts"], auth=api_auth)


@router.get("/me", response={200: MeOut, **PROBLEMS_AUTH}, summary="The signed-in user and their roles")
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.auth  # type: ignore[attr-defined]
    return {
        "username": user.get_username(),
        "is_secretariat": queries.is_secretariat(user),
        "memberships": list(queries.memberships_for(user)),
    }


@router.get("/tokens", response=list[TokenOut], summary="My API tokens, newest first")
@paginate(Paginator)
def list_tokens(request: HttpRequest) -> "QuerySet[ApiToken]":
    return queries.tokens_for(request.auth)  # type: ignore[attr-defined]


@router.post(
    "/tokens",
    response={201: TokenCreatedOut, **PROBLEMS_WRITE},
    summary="Create an API token (the raw token is in this response only)",
)
def create_token(request: HttpRequest, payload: TokenIn) -> Status[dict[str, Any]]:
    token, raw = actions.create_api_token(actor=request.auth, name=payload.name)  # type: ignore[attr-defined]
    return Status(201, {**TokenOut.from_orm(token).model_dump(), "token": raw})


@router.delete(
    "/tokens/{int:token_id}", response={200: TokenOut, **PROBLEMS_WRITE}, summary="Revoke an API token"
)
def revoke_token(request: HttpRequest, token_id: DbInt) -> ApiToken:
    return actions.revoke_api_token(actor=request.auth, token_id=token_id)  # type: ignore[attr-defined]
