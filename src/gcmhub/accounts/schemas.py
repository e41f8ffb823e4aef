"""Accounts API schemas."""

import datetime

from django.urls import reverse
from ninja import Field, Schema

from gcmhub.accounts.models import Membership
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
