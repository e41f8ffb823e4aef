"""API schemas of the GCM 360° coverage and the open data catalogue (read-only, public)."""

import datetime

from ninja import Field, Schema


class GcmCoverageRowOut(Schema):
    number: int
    title: str
    activities: int
    programmes: int
    budget_usd: float = Field(
        ..., description="The objective's share of net allocations to public programmes, in US dollars."
    )
    indicators: int
    practices: int
    national_plans: int
    experts: int
    responses: int
    thin: bool
    thin_reasons: list[str] = Field(..., description="no_activity, few_practices_no_programme")
    url: str


class GcmCoverageOut(Schema):
    objectives: list[GcmCoverageRowOut]


class CoverageActivityOut(Schema):
    key: str
    text: str
    status: str
    url: str


class CoverageProgrammeOut(Schema):
    code: str
    title: str
    status: str
    is_primary: bool
    allocated_usd: float
    share_usd: float = Field(..., description="The part of its allocations counted for this objective.")
    url: str


class CoverageIndicatorOut(Schema):
    framework: str
    code: str
    title: str
    status: str | None = Field(None, description="on_track, at_risk, off_track, or null before progress.")
    url: str


class CoverageItemOut(Schema):
    id: int
    title: str
    url: str


class ObjectiveCoverageOut(GcmCoverageRowOut):
    activity_list: list[CoverageActivityOut]
    programme_list: list[CoverageProgrammeOut]
    indicator_list: list[CoverageIndicatorOut]
    practice_list: list[CoverageItemOut] = Field(..., description="The first 25 practices, newest first.")
    national_plan_list: list[CoverageItemOut]
    expert_list: list[CoverageItemOut]
    response_list: list[CoverageItemOut]


class OpenDataFormatOut(Schema):
    format: str
    url: str


class OpenDataColumnOut(Schema):
    name: str
    type: str
    description: str


class OpenDataLicenceOut(Schema):
    name: str
    title: str
    path: str


class OpenDatasetOut(Schema):
    name: str
    title: str
    description: str
    licence: OpenDataLicenceOut
    updated: datetime.datetime | None
    formats: list[OpenDataFormatOut]
    dictionary: list[OpenDataColumnOut]


class OpenDataOut(Schema):
    datasets: list[OpenDatasetOut]
    datapackage: str = Field(..., description="The catalogue as a Frictionless Data Package.")
