"""Knowledge API schemas."""

import datetime
from typing import Any

from ninja import Field, Schema

from gcmhub.core.schemas import InputSchema
from gcmhub.knowledge.models import Attachment, CallForPractices, Decision, Resource, ReviewAssignment


class LinkIn(InputSchema):
    label: str = ""
    url: str


class NationalPlanIn(InputSchema):
    country: str = Field(..., description="ISO 3166 alpha-3 code.", examples=["MEX"])
    plan_status: str = Field(..., examples=["adopted"], description="in_preparation, adopted or under_review")
    plan_type: str = Field("", description="dedicated or mainstreamed")
    adopted_on: datetime.date | None = None
    period_start: int | None = None
    period_end: int | None = None
    lead_ministry: str = ""
    government_entities: str = ""
    stakeholders_consulted: str = ""


class PlatformIn(InputSchema):
    url: str
    owner: str | None = Field(None, description="Organization acronym.")
    owner_name: str = ""
    content_types: list[str] = []
    languages: list[str] = []
    update_frequency: str = ""


class ResourceFields(InputSchema):
    """Fields of a resource; on update, only the fields sent are changed."""

    title: str | None = Field(None, max_length=300)
    summary: str | None = None
    body: str | None = Field(
        None, description="HTML; sanitized (scripts, styles and event handlers are removed)."
    )
    language: str | None = Field(None, description="Original language: ar, en, es, fr, ru or zh.")
    objectives: list[int] | None = Field(None, description="Primary GCM objectives (1-23).")
    secondary_objectives: list[int] | None = None
    principles: list[str] | None = Field(None, description="Guiding principle slugs.")
    thematic_areas: list[int] | None = None
    scope: str | None = Field(None, description="global, regional, national or local")
    regions: list[str] | None = Field(None, description="M49 region codes.")
    countries: list[str] | None = Field(None, description="ISO 3166 alpha-3 codes.")
    implementer: str | None = Field(None, description="Organization acronym.")
    partners: list[str] | None = Field(None, description="Organization acronyms.")
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    published_on: datetime.date | None = None
    implementation_status: str | None = None
    audiences: list[str] | None = None
    themes: list[str] | None = None
    results: str | None = None
    lessons: str | None = None
    links: list[LinkIn] | None = None
    source_url: str | None = None
    licence: str | None = None
    national_plan: NationalPlanIn | None = None
    platform: PlatformIn | None = None

    def data(self) -> dict[str, Any]:
        """The fields that were sent, as the actions take them."""
        return self.dict(exclude_unset=True)


class ResourceIn(ResourceFields):
    kind: str = Field(..., examples=["practice"])
    title: str = Field(..., max_length=300)
    organization: str | None = Field(None, description="Acronym of the organization you submit for.")
    call: int | None = Field(None, description="The call for practices this answers.")


class TranslationOut(Schema):
    language: str
    title: str
    summary: str
    body: str


class AttachmentOut(Schema):
    id: int
    name: str
    file_type: str
    size: int
    url: str

    @staticmethod
    def resolve_name(obj: Attachment) -> str:
        return obj.original_name

    @staticmethod
    def resolve_url(obj: Attachment) -> str:
        from django.urls import reverse

        return reverse("knowledge:attachment", args=[obj.pk])


class ResourceOut(Schema):
    id: int
    kind: str
    status: str
    title: str
    summary: str
    body: str
    language: str
    objectives: list[int]
    secondary_objectives: list[int]
    principles: list[str]
    thematic_areas: list[int]
    scope: str
    regions: list[str]
    countries: list[str]
    implementer: str | None
    partners: list[str]
    organization: str | None
    published_on: datetime.date | None
    source_url: str
    url: str
    translations: list[TranslationOut]

    @staticmethod
    def resolve_objectives(obj: Resource) -> list[int]:
        return [link.objective.number for link in obj.objective_links.all() if link.primary]

    @staticmethod
    def resolve_secondary_objectives(obj: Resource) -> list[int]:
        return [link.objective.number for link in obj.objective_links.all() if not link.primary]

    @staticmethod
    def resolve_principles(obj: Resource) -> list[str]:
        return [p.slug for p in obj.principles.all()]

    @staticmethod
    def resolve_thematic_areas(obj: Resource) -> list[int]:
        return [t.number for t in obj.thematic_areas.all()]

    @staticmethod
    def resolve_regions(obj: Resource) -> list[str]:
        return [r.m49 for r in obj.regions.all()]

    @staticmethod
    def resolve_countries(obj: Resource) -> list[str]:
        return [c.iso3 for c in obj.countries.all()]

    @staticmethod
    def resolve_implementer(obj: Resource) -> str | None:
        return obj.implementer.acronym if obj.implementer else None

    @staticmethod
    def resolve_partners(obj: Resource) -> list[str]:
        return [p.acronym for p in obj.partners.all()]

    @staticmethod
    def resolve_organization(obj: Resource) -> str | None:
        return obj.organization.acronym if obj.organization else None

    @staticmethod
    def resolve_url(obj: Resource) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_translations(obj: Resource) -> list[Any]:
        return list(obj.translations.all())


class ResourceDetailOut(ResourceOut):
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(obj: Resource) -> list[Any]:
        return list(obj.attachments.all())


class TranslationIn(InputSchema):
    title: str = ""
    summary: str = ""
    body: str = ""


class AssignIn(InputSchema):
    reviewer_ids: list[int] | None = Field(
        None, description="Leave out to pick the default panel automatically."
    )


class AssignmentOut(Schema):
    id: int
    resource: int
    reviewer: str
    organization: str
    is_un: bool
    round: int
    state: str
    recommendation: str

    @staticmethod
    def resolve_resource(obj: ReviewAssignment) -> int:
        return obj.resource_id

    @staticmethod
    def resolve_reviewer(obj: ReviewAssignment) -> str:
        return obj.reviewer.get_username()

    @staticmethod
    def resolve_organization(obj: ReviewAssignment) -> str:
        return obj.organization.acronym


class PeerReviewIn(InputSchema):
    relevance: int = Field(..., ge=1, le=5)
    coherence: int = Field(..., ge=1, le=5)
    innovation: int = Field(..., ge=1, le=5)
    replicability: int = Field(..., ge=1, le=5)
    sustainability: int = Field(..., ge=1, le=5)
    recommendation: str = Field(..., examples=["approve"], description="approve or changes")
    comments: str = ""


class ConflictIn(InputSchema):
    note: str = ""


class ConflictOut(Schema):
    declared: AssignmentOut
    replacement: AssignmentOut | None


class ResourceDecisionIn(InputSchema):
    outcome: str = Field(..., description="approve or changes")
    rationale: str


class RationaleIn(InputSchema):
    rationale: str = ""


class ResourceDecisionOut(Schema):
    outcome: str
    rationale: str
    round: int
    decided_at: datetime.datetime

    @staticmethod
    def of(decision: Decision) -> "ResourceDecisionOut":
        return ResourceDecisionOut(
            outcome=decision.outcome,
            rationale=decision.rationale,
            round=decision.round,
            decided_at=decision.decided_at,
        )


class PlanOnMapOut(Schema):
    country: str = Field(..., description="ISO 3166 alpha-3 code.")
    m49: str
    status: str
    resources: list[int]


class OverlapCellOut(Schema):
    objective: int
    region: str
    platforms: list[int]
    hub_resources: int
    gap: bool
    overlap: bool


class OverlapOut(Schema):
    regions: dict[str, str]
    platforms: list[int]
    cells: list[OverlapCellOut]


class PracticeCallIn(InputSchema):
    title: str
    theme: str
    deadline: datetime.date
    description: str = ""
    objectives: list[int] = []


class PracticeCallOut(Schema):
    id: int
    title: str
    theme: str
    description: str
    deadline: datetime.date
    objectives: list[int]

    @staticmethod
    def resolve_objectives(obj: CallForPractices) -> list[int]:
        return [o.number for o in obj.objectives.all()]
