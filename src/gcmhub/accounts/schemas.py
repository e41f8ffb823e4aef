"""Accounts API schemas, and the problem+json error body every API error uses."""

import datetime
from typing import Any

from ninja import Field, Schema

from gcmhub.accounts.models import Membership


class ProblemOut(Schema):
    """An RFC 7807 problem (served as application/problem+json)."""

    type: str = Field(
        ..., examples=["about:blank#not_found"], description="`about:blank#<code>`; the code is stable."
    )
    title: str = Field(..., examples=["Not Found"], description="The HTTP status phrase.")
    status: int = Field(..., examples=[404])
    detail: str = Field(..., description="What went wrong, in words that can be shown to the user.")
    instance: str = Field(..., description="The path of the request.")
    errors: list[dict[str, Any]] | None = Field(
        None, description="Per-field errors of a request that did not validate."
    )


PROBLEMS_READ: dict[int, type[Schema]] = {404: ProblemOut}
PROBLEMS_AUTH: dict[int, type[Schema]] = {401: ProblemOut, 403: ProblemOut}
PROBLEMS_WRITE: dict[int, type[Schema]] = {**PROBLEMS_AUTH, 404: ProblemOut, 422: ProblemOut}


class MembershipOut(Schema):
    organization: str = Field(..., description="The organization's acronym.", examples=["IOM"])
    organization_name: str
    role: str = Field(..., examples=["focal_point"])

    @staticmethod
    def resolve_organization(obj: Membership) -> str:
        return obj.organization.acronym

    @staticmethod
    def resolve_organization_name(obj: Membership) -> str:
        return obj.organization.name


class MeOut(Schema):
    username: str
    is_secretariat: bool
    memberships: list[MembershipOut]


class TokenIn(Schema):
    name: str = Field(..., max_length=100, description="What the token is for.", examples=["Nightly report"])


class TokenOut(Schema):
    id: int
    name: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None = Field(None, description="Updated at most once a minute.")
    revoked_at: datetime.datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(
        ..., description="The raw token, shown only in this response: store it now.", examples=["gcm_…"]
    )
