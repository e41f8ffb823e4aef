"""Connection hub API schemas."""

import datetime
from typing import Any

from ninja import Field, Schema

from gcmhub.core.schemas import InputSchema
from gcmhub.directory.models import Expert, SupportRequest


class ExpertOut(Schema):
    id: int
    name: str
    organization: str | None
    position: str
    bio: str
    objectives: list[int]
    principles: list[str]
    regions: list[str]
    languages: list[str]
    email: str | None = Field(
        None, description="Only for signed-in Member State focal points and the secretariat."
    )
    phone: str | None = Field(
        None, description="Only for signed-in Member State focal points and the secretariat."
    )
    url: str

    @staticmethod
    def of(expert: Expert, *, contacts: bool) -> "ExpertOut":
        return ExpertOut(
            id=expert.pk,
            name=expert.name,
            organization=expert.organization.acronym if expert.organization else None,
            position=expert.position,
            bio=expert.bio,
            objectives=[o.number for o in expert.objectives.all()],
            principles=[p.slug for p in expert.principles.all()],
            regions=[r.m49 for r in expert.regions.all()],
            languages=list(expert.languages or []),
            email=(expert.email or None) if contacts else None,
            phone=(expert.phone or None) if contacts else None,
            url=expert.get_absolute_url(),
        )


class ExpertIn(InputSchema):
    name: str | None = Field(None, max_length=200)
    organization: str | None = Field(None, description="Organization acronym.")
    position: str | None = None
    bio: str | None = None
    objectives: list[int] | None = None
    principles: list[str] | None = None
    regions: list[str] | None = Field(None, description="M49 region codes.")
    languages: list[str] | None = None
    email: str | None = None
    phone: str | None = None
    visibility: str | None = Field(None, description="public, signed_in or hidden")
    consent: bool | None = None


class SupportRequestIn(InputSchema):
    title: str = Field(..., max_length=250)
    description: str
    objectives: list[int]
    urgency: str = "medium"
    language: str = "en"


class SupportRequestOut(Schema):
    id: int
    title: str
    description: str
    country: str
    organization: str
    objectives: list[int]
    urgency: str
    language: str
    status: str
    assigned_expert: int | None
    assigned_organization: str | None
    assigned_practice: int | None
    created_at: datetime.datetime
    assigned_at: datetime.datetime | None
    resolved_at: datetime.datetime | None

    @staticmethod
    def resolve_country(obj: SupportRequest) -> str:
        return obj.country.iso3

    @staticmethod
    def resolve_organization(obj: SupportRequest) -> str:
        return obj.organization.acronym

    @staticmethod
    def resolve_objectives(obj: SupportRequest) -> list[int]:
        return [o.number for o in obj.objectives.all()]

    @staticmethod
    def resolve_assigned_expert(obj: SupportRequest) -> int | None:
        return obj.assigned_expert_id

    @staticmethod
    def resolve_assigned_organization(obj: SupportRequest) -> str | None:
        return obj.assigned_organization.acronym if obj.assigned_organization else None

    @staticmethod
    def resolve_assigned_practice(obj: SupportRequest) -> int | None:
        return obj.assigned_practice_id


class MatchOut(Schema):
    kind: str
    id: int
    label: str
    score: float
    components: dict[str, float]


class AssignRequestIn(InputSchema):
    expert: int | None = None
    organization: int | None = None
    practice: int | None = None
    note: str = ""


class SupportRequestStatusIn(InputSchema):
    status: str
    note: str = ""


def match_label(obj: Any) -> str:
    return getattr(obj, "name", None) or getattr(obj, "title", None) or str(obj)
