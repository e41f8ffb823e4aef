"""Accounts API schemas."""

import datetime

from django.urls import reverse
from ninja import Field, Schema

from gcmhub.accounts.models import Invitation, Membership
from gcmhub.core.models import Job
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


class InvitationIn(InputSchema):
    email: str = Field(..., max_length=254, examples=["focal.point@example.org"])
    organization: str = Field(..., max_length=50, description="The organization's acronym.", examples=["IOM"])
    role: str = Field(..., max_length=30, examples=["focal_point"])
    language: str | None = Field(
        None,
        max_length=10,
        description="The language of the e-mail and of the new account: ar, zh-hans, en, fr, ru or es. "
        "Without it, the language the inviter last read the site in.",
        examples=["fr"],
    )


class InvitationOut(Schema):
    """An invitation to act for an organization in a role. Its link is only ever in the e-mail."""

    id: int
    email: str
    organization: str = Field(..., description="The organization's acronym.", examples=["IOM"])
    role: str = Field(..., examples=["focal_point"])
    language: str
    status: str = Field(..., description="pending, accepted, revoked or expired.", examples=["pending"])
    invited_by: str | None = Field(..., description="The username of the person who invited.")
    created_at: datetime.datetime
    sent_at: datetime.datetime = Field(..., description="When the latest link was sent.")
    expires_at: datetime.datetime
    accepted_at: datetime.datetime | None
    revoked_at: datetime.datetime | None

    @staticmethod
    def resolve_organization(obj: Invitation) -> str:
        return obj.organization.acronym

    @staticmethod
    def resolve_invited_by(obj: Invitation) -> str | None:
        return obj.invited_by.get_username() if obj.invited_by else None


class JobOut(Schema):
    """A background job as the person who started it follows it (docs/jobs.md)."""

    id: int
    title: str
    status: str = Field(
        ..., examples=["running"], description="queued, running, retrying, succeeded or failed."
    )
    status_label: str = Field(..., description="The status in words, in the reader's language.")
    started_by: str | None = Field(..., description="The username of the person who started the job.")
    progress_done: int
    progress_total: int | None = Field(..., description="None while the amount of work is not known yet.")
    progress_message: str
    percent_done: int | None
    attempts: int
    max_attempts: int
    error: str = Field(
        ..., description="Why the last attempt failed, in words that can be shown to the user."
    )
    result_url: str | None = Field(..., description="Where to download the job's result file, if it has one.")
    created_at: datetime.datetime
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    next_attempt_at: datetime.datetime | None = Field(
        ..., description="When a failed attempt is tried again."
    )

    @staticmethod
    def resolve_status_label(obj: Job) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_started_by(obj: Job) -> str | None:
        return obj.started_by.get_username() if obj.started_by else None

    @staticmethod
    def resolve_result_url(obj: Job) -> str | None:
        return reverse("api:job_result", args=[obj.pk]) if obj.result_file else None
