"""Comms API schemas."""

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StringConstraints

from gcmhub.comms.models import Clearance, Situation, Statement, TranslationStatus
from gcmhub.comms.queries import SituationLinks
from gcmhub.core.params import DbInt
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
    events: list[int] = Field(description="The public events the statement is about.")
    situations: list[int] = Field(
        description="The situations on the watch list it is about (shown to Network members only; empty for "
        "anyone else)."
    )
    url: str

    @staticmethod
    def of(statement: Statement, *, drafts: bool, members: bool) -> "CommsStatementOut":
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
            events=[e.pk for e in statement.events.all()],
            situations=[s.pk for s in statement.situations.all()] if members else [],
            url=statement.get_absolute_url(),
        )


class StatementLinksIn(InputSchema):
    """The whole set of links: what is not listed is unlinked."""

    situations: list[DbInt] = Field(..., max_length=200, description="Ids of situations on the watch list.")
    events: list[DbInt] = Field(..., max_length=200, description="Ids of public events.")


class SituationLinksIn(InputSchema):
    """The whole set of links: what is not listed is unlinked."""

    programmes: list[Annotated[str, StringConstraints(max_length=30)]] = Field(
        ..., max_length=200, description="Codes of joint programmes."
    )
    support_requests: list[DbInt] = Field(..., max_length=200, description="Ids of support requests.")


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
    def of(clearance: Clearance) -> "ClearanceOut":
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
    statements: list[int] = Field(description="Statements about it that the caller may read.")
    programmes: list[str] = Field(description="Codes of linked joint programmes the caller may see.")
    support_requests: list[int] = Field(description="Ids of linked support requests the caller may see.")

    @staticmethod
    def of(situation: Situation, links: SituationLinks) -> "SituationOut":
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
            statements=[s.pk for s in links.statements],
            programmes=[p.code for p in links.programmes],
            support_requests=[r.pk for r in links.support_requests],
        )
