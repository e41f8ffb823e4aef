"""Accounts API schemas."""

import datetime

from ninja import Field, Schema

from gcmhub.accounts.models import Membership
from gcmhub.core.schemas import InputSchema


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


class TokenIn(InputSchema):
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
