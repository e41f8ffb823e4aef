"""Comms API schemas."""

import datetime
from typing import Literal

from ninja import Field, Schema

from gcmhub.comms.models import Clearance, Situation, Statement, TranslationStatus
from gcmhub.core.schemas import InputSchema


class CommsTranslationOut(Schema):
    language: str
    title: str
    body: str
    status: str


class CommsStatementOut(Schema):
    id: int
    title: str
    body: str
    language: str
    status: str
    organization: str | None
    published_at: datetime.datetime | None
    objectives: list[int]
    countries: list[str]
    translations: list[CommsTranslationOut] = Field(
        description="Published translations (all, for the secretariat)."
    )
    url: str

    @staticmethod
    def from_statement(statement: Statement, *, drafts: bool) -> "CommsStatementOut":
        translations = [
            t for t in statement.translations.all() if drafts or t.status == TranslationStatus.PUBLISHED
        ]
        return CommsStatementOut(
            id=statement.pk,
            title=statement.title,
            body=statement.body,
            language=statement.language,
            status=statement.status,
            organization=statement.organization.acronym if statement.organization else None,
            published_at=statement.published_at,
            objectives=[o.number for o in statement.objectives.all()],
            countries=[c.iso3 for c in statement.countries.all()],
            translations=[
                CommsTranslationOut(language=t.language, title=t.title, body=t.body, status=t.status)
                for t in translations
            ],
            url=statement.get_absolute_url(),
        )


class ClearanceIn(InputSchema):
    decision: Literal["cleared", "comments", "objected"]
    comment: str = Field("", max_length=5000, description="Required with comments or an objection.")
    organization: str | None = Field(
        None, max_length=30, description="The acronym of the member answered for, if you answer for several."
    )


class ClearanceOut(Schema):
    statement: int
    round: int
    organization: str
    decision: str
    comment: str

    @staticmethod
    def from_clearance(clearance: Clearance) -> "ClearanceOut":
        return ClearanceOut(
            statement=clearance.statement_id,
            round=clearance.round,
            organization=clearance.organization.acronym,
            decision=clearance.decision,
            comment=clearance.comment,
        )


class SituationOut(Schema):
    id: int
    title: str
    description: str
    status: str
    region: str | None
    countries: list[str]
    lead_agencies: list[str]
    monitoring_since: datetime.date
    response_agreed_on: datetime.date | None
    closed_on: datetime.date | None

    @staticmethod
    def from_situation(situation: Situation) -> "SituationOut":
        return SituationOut(
            id=situation.pk,
            title=situation.title,
            description=situation.description,
            status=situation.status,
            region=situation.region.m49 if situation.region else None,
            countries=[c.iso3 for c in situation.countries.all()],
            lead_agencies=[o.acronym for o in situation.lead_agencies.all()],
            monitoring_since=situation.monitoring_since,
            response_agreed_on=situation.response_agreed_on,
            closed_on=situation.closed_on,
        )
