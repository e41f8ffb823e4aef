"""Fund API schemas (ThingIn / ThingOut). Money is a string with two decimals, in US dollars unless a
currency is given: exact, never a float."""

import datetime
from decimal import Decimal
from typing import Any

from ninja import Field, Schema

from gcmhub.core.schemas import InputSchema

Money = Field(..., description="US dollars, two decimals, as a string or number.", examples=["125000.00"])


class ThematicAreaOut(Schema):
    number: int
    title: str
    objectives: list[int]
    workplan_section_key: str = Field(..., description="The work plan's thematic area with the same number.")


class TargetOut(Schema):
    target_date: datetime.date
    amount_usd: str
    note: str


class FundOut(Schema):
    code: str
    name: str
    description: str
    currency: str
    administrative_agent: str | None
    admin_fee_rate: str
    indirect_cost_rate: str
    established_on: datetime.date | None
    is_published: bool


class FundDetailOut(FundOut):
    thematic_areas: list[ThematicAreaOut]
    capitalization_targets: list[TargetOut]
    results_framework: str | None


class FundIn(InputSchema):
    code: str = Field(..., examples=["MMPTF"])
    name: str
    description: str = ""
    administrative_agent: str | None = Field(
        None, description="Acronym of the administrative agent.", examples=["MPTFO"]
    )
    admin_fee_rate: Decimal = Decimal("0.01")
    indirect_cost_rate: Decimal = Decimal("0.07")
    established_on: datetime.date | None = None
    is_published: bool = False
    iati_org_ref: str = ""


class FundPatch(InputSchema):
    name: str | None = None
    description: str | None = None
    is_published: bool | None = None
    iati_org_ref: str | None = None
    admin_fee_rate: Decimal | None = None
    indirect_cost_rate: Decimal | None = None


class CapitalizationTargetIn(InputSchema):
    target_date: datetime.date
    amount_usd: Decimal = Money
    note: str = ""


class ContributorIn(InputSchema):
    name: str
    kind: str = Field(
        ..., examples=["government"], description="government, private_sector, foundation or other."
    )
    country: str | None = Field(None, description="ISO 3166 alpha-3 code.", examples=["SWE"])
    organization: str | None = Field(None, description="Acronym of a reference organization.")


class ContributorOut(Schema):
    id: int
    name: str
    kind: str
    country: str | None


class MoneyInIn(InputSchema):
    contributor_id: int
    currency: str = Field(..., examples=["EUR"])
    amount: Decimal = Field(..., description="In the currency given.", examples=["1000000.00"])
    rate_to_usd: Decimal | None = Field(
        None,
        description="US dollars per unit of the currency on the date. Required for every currency but USD, "
        "which is always 1.",
        examples=["1.08"],
    )
    confirm_rate: bool = Field(
        False,
        description="Book a rate further than FUND_RATE_TOLERANCE_PERCENT from the last rate booked for the "
        "currency (otherwise refused with implausible_rate).",
    )
    earmarked_area: int | None = Field(None, description="Thematic area number; none means unearmarked.")
    reference: str = ""
    note: str = ""


class CommitmentIn(MoneyInIn):
    signed_on: datetime.date


class DepositIn(MoneyInIn):
    received_on: datetime.date
    commitment_id: int | None = None


class MoneyInOut(Schema):
    id: int
    contributor: str
    date: datetime.date
    currency: str
    amount: str
    rate_to_usd: str
    amount_usd: str
    fee_usd: str | None = Field(None, description="The administrative agent's fee (deposits only).")
    earmarked_area: int | None


class FundEntryIn(InputSchema):
    kind: str = Field(..., examples=["interest"], description="interest, direct_cost or bank_charge.")
    date: datetime.date
    amount_usd: Decimal = Money
    description: str = ""
    reference: str = ""


class FundEntryOut(Schema):
    id: int
    kind: str
    date: datetime.date
    amount_usd: str
    description: str


class StatementLineEntryOut(Schema):
    date: datetime.date | None
    kind: str
    description: str
    counterpart: str
    programme: str
    amount: str
    reference: str
    original_amount: str
    entry_type: str = Field(
        ..., description="deposit, commitment, fund_entry, allocation or programme_entry."
    )
    entry_id: int | None = Field(None, description="None for approved budgets, which are not entries.")
    reverses: int | None = Field(None, description="This entry is a reversal of that entry.")
    reversed_by: int | None = Field(None, description="This entry was reversed by that one.")
    reversed_on: datetime.date | None = Field(
        None, description="The date of the reversal, when it is on or before the as-of date."
    )
    reversal_reason: str = ""


class ReversalIn(InputSchema):
    reason: str = Field(..., description="Why the entry is reversed; required.")
    date: datetime.date | None = Field(
        None, description="The reversal's date: on or after the entry's, not in the future; default today."
    )


class ReversalOut(Schema):
    entry_type: str
    id: int
    reverses: int
    date: datetime.date
    amount_usd: str = Field(..., description="The opposite of the reversed entry's amount.")
    reason: str


class OrganizationFiguresOut(Schema):
    organization: str | None
    approved: str
    transfers: str
    refunds: str
    net_funded: str
    expenditure: str
    balance: str
    delivery_rate: str | None = Field(None, description="Expenditure ÷ transfers, four decimals.")


class StatementOut(Schema):
    fund: str
    name: str
    currency: str
    as_of: datetime.date
    sources: dict[str, str]
    total_sources: str
    uses: dict[str, str] = Field(..., description="Refunds are negative: they reduce the uses.")
    total_uses: str
    balance: str = Field(..., description="Cash with the administrative agent.")
    net_funded: str
    commitments: str
    allocations: str
    available: str = Field(..., description="What can still be allocated.")
    organizations: list[OrganizationFiguresOut]
    totals: OrganizationFiguresOut


class BalancesOut(Schema):
    as_of: datetime.date
    contributions: list[dict[str, Any]]
    by_thematic_area: list[dict[str, Any]]
    by_objective: list[dict[str, Any]]
    by_region: list[dict[str, Any]]
    by_country: list[dict[str, Any]]
    geography_unspecified: str
    markers: list[dict[str, Any]]
    capitalization: list[dict[str, Any]]
    delivery: list[dict[str, Any]]


class ParticipantIn(InputSchema):
    organization: str = Field(..., examples=["IOM"])
    budget_usd: Decimal = Field(
        ..., description="Its share, indirect costs included.", examples=["535000.00"]
    )
    is_convening: bool = False


class PartnerIn(InputSchema):
    kind: str = Field(..., examples=["civil_society"], description="national or civil_society.")
    name: str = ""
    organization: str | None = None


class ProgrammeIn(InputSchema):
    fund: str = Field(..., examples=["MMPTF"])
    title: str
    summary: str = ""
    level: str = Field(..., examples=["national"], description="national, regional or global.")
    countries: list[str] = Field(default_factory=list, description="ISO 3166 alpha-3 codes.")
    thematic_area: int
    objectives: list[int] = Field(..., description="Primary GCM objectives (1 to 23).")
    secondary_objectives: list[int] = Field(default_factory=list)
    guiding_principles: list[str] = Field(default_factory=list, description="Numbers or slugs.")
    participants: list[ParticipantIn]
    partners: list[PartnerIn] = Field(default_factory=list)
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None


class ProgrammePatch(InputSchema):
    title: str | None = None
    summary: str | None = None
    level: str | None = None
    countries: list[str] | None = None
    thematic_area: int | None = None
    objectives: list[int] | None = None
    secondary_objectives: list[int] | None = None
    guiding_principles: list[str] | None = None
    participants: list[ParticipantIn] | None = None
    partners: list[PartnerIn] | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None


class ProgrammeStatusIn(InputSchema):
    status: str = Field(..., examples=["under_review"])
    note: str = ""
    date: datetime.date | None = None


class MarkerIn(InputSchema):
    kind: str = Field(..., examples=["gender"], description="gender, human_rights or child_sensitivity.")
    score: int = Field(..., description="0 (none) to 3 (principal).")
    justification: str


class ProgrammeDecisionIn(InputSchema):
    date: datetime.date
    decision: str
    rationale: str = ""
    amount_usd: Decimal | None = None


class ExtensionIn(InputSchema):
    new_end: datetime.date
    date: datetime.date
    rationale: str = ""


class AllocationIn(InputSchema):
    amount_usd: Decimal = Money
    date: datetime.date
    decision: str = ""
    rationale: str = ""


class ProgrammeEntryIn(InputSchema):
    organization: str = Field(..., examples=["IOM"])
    amount_usd: Decimal = Money
    date: datetime.date
    reference: str = ""
    note: str = ""


class ProgrammeEntryOut(Schema):
    id: int
    programme: str
    organization: str
    kind: str
    date: datetime.date
    amount_usd: str


class AllocationOut(Schema):
    id: int
    programme: str
    date: datetime.date
    amount_usd: str
    status: str = Field(..., description="The programme's status after the allocation.")


class ProgrammeDecisionOut(Schema):
    id: int
    date: datetime.date
    kind: str
    decision: str
    amount_usd: str | None
    rationale: str


class DocumentOut(Schema):
    id: int
    kind: str
    title: str
    url: str
    content_type: str
    size: int
    is_public: bool
    document_date: datetime.date | None


class ProgrammeOut(Schema):
    code: str
    fund: str
    title: str
    level: str
    status: str
    thematic_area: int
    countries: list[str]
    budget_usd: str
    start_date: datetime.date | None
    end_date: datetime.date | None


class ProgrammeDetailOut(ProgrammeOut):
    summary: str
    objectives: list[dict[str, Any]]
    guiding_principles: list[str]
    participants: list[dict[str, Any]]
    partners: list[dict[str, Any]]
    markers: list[dict[str, Any]]
    decisions: list[ProgrammeDecisionOut]
    extensions: list[dict[str, Any]]
    results_framework: str | None


class ProgrammeFinanceOut(Schema):
    programme: str
    as_of: datetime.date
    budget: str
    allocated: str
    unallocated_budget: str
    organizations: list[OrganizationFiguresOut]
    totals: OrganizationFiguresOut
