"""API schemas of IMRF pledges; the same schemas shape the CSV and JSON downloads. Request bodies refuse
fields they do not declare."""

import datetime

from ninja import Field, Schema

from gcmhub.core.params import DbInt
from gcmhub.core.schemas import InputSchema
from gcmhub.reporting.models_pledges import Pledge, PledgeProgress


class PledgeIn(InputSchema):
    organization: str = Field(..., max_length=30, description="Acronym of the pledging organization.")
    title: str = Field(..., max_length=250)
    description: str = Field(..., max_length=20_000)
    language: str = Field("en", description="ar, zh, en, fr, ru or es")
    objectives: list[DbInt] = Field(..., description="GCM objective numbers (1 to 23).", max_length=23)
    principles: list[str] = Field(default_factory=list, description="Guiding principle slugs.", max_length=10)
    countries: list[str] = Field(default_factory=list, description="ISO 3166 alpha-3 codes.", max_length=250)
    co_pledgers: list[str] = Field(
        default_factory=list, description="Acronyms of co-pledging organizations.", max_length=50
    )


class ModerationIn(InputSchema):
    decision: str = Field(..., description="publish, return or reject")
    reason: str = Field("", max_length=20_000, description="Required to return or reject.")


class ProgressIn(InputSchema):
    text: str = Field(..., max_length=20_000)
    reported_on: datetime.date | None = Field(None, description="The date of the progress; today if absent.")
    language: str = Field("en", description="ar, zh, en, fr, ru or es")


class ProgressOut(Schema):
    reported_on: datetime.date
    text: str
    language: str
    created_at: datetime.datetime

    @staticmethod
    def of(progress: PledgeProgress) -> "ProgressOut":
        return ProgressOut(
            reported_on=progress.reported_on,
            text=progress.text,
            language=progress.language,
            created_at=progress.created_at,
        )


class PledgeOut(Schema):
    id: str = Field(..., description="The pledge ID, stable and public (PLG-00001).")
    title: str
    description: str
    language: str
    pledging_entity: str = Field(..., description="Acronym of the pledging organization.")
    pledging_entity_name: str
    pledger_type: str = Field(..., description="member_state, un_entity or stakeholder")
    co_pledgers: list[str]
    objectives: list[int]
    principles: list[str]
    countries: list[str]
    status: str = Field(..., description="submitted, returned, published or rejected")
    moderation_reason: str
    submitted_at: datetime.datetime
    published_at: datetime.datetime | None
    progress: list[ProgressOut]

    @staticmethod
    def of(pledge: Pledge) -> "PledgeOut":
        return PledgeOut(
            id=pledge.public_id,
            title=pledge.title,
            description=pledge.description,
            language=pledge.language,
            pledging_entity=pledge.organization.acronym,
            pledging_entity_name=pledge.organization.name,
            pledger_type=pledge.pledger_type,
            co_pledgers=sorted(o.acronym for o in pledge.co_pledgers.all()),
            objectives=sorted(o.number for o in pledge.objectives.all()),
            principles=sorted(p.slug for p in pledge.principles.all()),
            countries=sorted(c.iso3 for c in pledge.countries.all()),
            status=pledge.status,
            moderation_reason=pledge.moderation_reason,
            submitted_at=pledge.submitted_at,
            published_at=pledge.published_at,
            progress=[ProgressOut.of(p) for p in pledge.progress.all()],
        )


class BarOut(Schema):
    key: str
    label: str
    count: int


class PledgeDashboardOut(Schema):
    total: int
    by_objective: list[BarOut]
    by_region: list[BarOut]
    by_type: list[BarOut]


class PledgeLineOut(Schema):
    """One line of `gcmhub export_pledges`, in the form `gcmhub import_pledges` reads back."""

    reference: str = Field(..., description="The source's reference, or the pledge ID if it has none.")
    organization: str
    title: str
    description: str
    language: str
    objectives: list[int]
    principles: list[str]
    countries: list[str]
    co_pledgers: list[str]
    published_on: datetime.date | None

    @staticmethod
    def of(pledge: Pledge) -> "PledgeLineOut":
        return PledgeLineOut(
            reference=pledge.reference or pledge.public_id,
            organization=pledge.organization.acronym,
            title=pledge.title,
            description=pledge.description,
            language=pledge.language,
            objectives=sorted(o.number for o in pledge.objectives.all()),
            principles=sorted(p.slug for p in pledge.principles.all()),
            countries=sorted(c.iso3 for c in pledge.countries.all()),
            co_pledgers=sorted(o.acronym for o in pledge.co_pledgers.all()),
            published_on=pledge.published_at.date() if pledge.published_at else None,
        )
