"""Fund API: the books, the statement (as of any date, with drill-down), balance views, the programme pipeline
and IATI. Reads are public for published funds and approved programmes; writes need a session or an API
token: fund managers write the books, focal points report their organization's expenditure."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language, gettext
from ninja import Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.params import functions as param_functions
from ninja.responses import Status

from gcmhub.accounts.auth import api_auth
from gcmhub.core.exceptions import ValidationFailed
from gcmhub.core.pagination import Paginator
from gcmhub.core.params import DbInt
from gcmhub.core.schemas import PROBLEMS_READ, PROBLEMS_WRITE
from gcmhub.fund import actions, queries
from gcmhub.fund.exports.balances import balances_json
from gcmhub.fund.exports.iati import IatiError, activities_xml, exportable_programmes, validation_errors
from gcmhub.fund.exports.statement import statement_csv, statement_json, statement_xlsx
from gcmhub.fund.models import Contributor, JointProgramme, ProgrammeEntry
from gcmhub.fund.queries.statement import as_of_or_today
from gcmhub.fund.schemas import (
    AllocationIn,
    AllocationOut,
    BalancesOut,
    CapitalizationTargetIn,
    CommitmentIn,
    ContributorIn,
    ContributorOut,
    DepositIn,
    DocumentOut,
    ExtensionIn,
    FundDetailOut,
    FundEntryIn,
    FundEntryOut,
    FundIn,
    FundOut,
    FundPatch,
    MarkerIn,
    MoneyInOut,
    ProgrammeDecisionIn,
    ProgrammeDecisionOut,
    ProgrammeDetailOut,
    ProgrammeEntryIn,
    ProgrammeEntryOut,
    ProgrammeFinanceOut,
    ProgrammeIn,
    ProgrammeOut,
    ProgrammePatch,
    ProgrammeStatusIn,
    ReversalIn,
    ReversalOut,
    StatementLineEntryOut,
    StatementOut,
    TargetOut,
)
from gcmhub.fund.serializers import (
    contributor_out,
    decision_out,
    document_out,
    entry_row_out,
    finance_out,
    fund_detail_out,
    fund_out,
    money_in_out,
    programme_detail_out,
    programme_out,
    reversal_out,
)
from gcmhub.reference.models import Organization
from gcmhub.results.apiutil import actor, money, public_auth

router = Router(tags=["fund"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# An upload that may be left out (a link is given instead).
OPTIONAL_FILE = param_functions.File(None)


class AsOf(Schema):
    as_of: datetime.date | None = None


class EntriesQuery(AsOf):
    line: str
    organization: str | None = None
    programme: str | None = None


class ProgrammeFilter(Schema):
    fund: str | None = None
    status: str | None = None
    thematic_area: DbInt | None = None


# Reads


@router.get("/funds", response=list[FundOut], auth=public_auth, summary="Funds")
@paginate(Paginator)
def list_funds(request: HttpRequest) -> list[dict[str, Any]]:
    return [fund_out(f) for f in queries.visible_funds(actor(request))]


@router.get(
    "/funds/{code}", response={200: FundDetailOut, **PROBLEMS_READ}, auth=public_auth, summary="A fund"
)
def get_fund(request: HttpRequest, code: str) -> dict[str, Any]:
    return fund_detail_out(queries.access_fund(actor(request), code))


@router.get(
    "/funds/{code}/statement",
    response={200: StatementOut, **PROBLEMS_READ},
    auth=public_auth,
    summary="Statement of sources and uses, as of a date (default today)",
)
def get_statement(request: HttpRequest, code: str, query: Query[AsOf]) -> dict[str, Any]:
    fund = queries.access_fund(actor(request), code)
    return statement_json(queries.statement(fund, query.as_of))


@router.get("/funds/{code}/statement.csv", auth=public_auth, summary="The statement as CSV")
def get_statement_csv(request: HttpRequest, code: str, query: Query[AsOf]) -> HttpResponse:
    fund = queries.access_fund(actor(request), code)
    s = queries.statement(fund, query.as_of)
    response = HttpResponse(statement_csv(s), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{fund.code}-statement-{s.as_of}.csv"'
    return response


@router.get(
    "/funds/{code}/statement.xlsx", auth=public_auth, summary="The statement (and its entries) as XLSX"
)
def get_statement_xlsx(request: HttpRequest, code: str, query: Query[AsOf]) -> HttpResponse:
    fund = queries.access_fund(actor(request), code)
    s = queries.statement(fund, query.as_of)
    response = HttpResponse(statement_xlsx(s), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{fund.code}-statement-{s.as_of}.xlsx"'
    return response


@router.get(
    "/funds/{code}/statement/entries",
    response={200: list[StatementLineEntryOut], **PROBLEMS_READ},
    auth=public_auth,
    summary="The entries behind one figure of the statement",
)
@paginate(Paginator)
def get_statement_entries(
    request: HttpRequest, code: str, query: Query[EntriesQuery]
) -> list[dict[str, Any]]:
    fund = queries.access_fund(actor(request), code)
    organization = programme = None
    if query.organization:
        organization = Organization.objects.filter(acronym__iexact=query.organization).first()
        if organization is None:
            raise ValidationFailed(
                gettext("There is no organization %(acronym)s.") % {"acronym": query.organization[:30]},
                code="unknown_org",
            )
    if query.programme:
        programme = queries.access_programme(actor(request), query.programme)
    rows = queries.entries_for(fund, query.line, query.as_of, organization=organization, programme=programme)
    return [entry_row_out(r) for r in rows]


@router.get(
    "/funds/{code}/balances",
    response={200: BalancesOut, **PROBLEMS_READ},
    auth=public_auth,
    summary="Contributions; allocations by area, objective and place; markers; delivery; capitalization",
)
def get_balances(request: HttpRequest, code: str, query: Query[AsOf]) -> dict[str, Any]:
    fund = queries.access_fund(actor(request), code)
    return balances_json(fund, as_of_or_today(query.as_of), get_language() or "en")


@router.get(
    "/funds/{code}/iati.xml",
    auth=public_auth,
    summary="IATI 2.03 activities of the fund's approved programmes",
)
def get_iati(request: HttpRequest, code: str) -> HttpResponse:
    fund = queries.access_fund(actor(request), code)
    try:
        xml = activities_xml(exportable_programmes(fund))
    except IatiError as exc:
        raise ValidationFailed(str(exc), code="iati_unavailable") from exc
    if validation_errors(xml):
        raise ValidationFailed(gettext("The IATI export does not validate."), code="iati_invalid")
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")


@router.get("/contributors", response=list[ContributorOut], auth=public_auth, summary="Contributors")
@paginate(Paginator)
def list_contributors(request: HttpRequest) -> list[dict[str, Any]]:
    return [contributor_out(c) for c in Contributor.objects.select_related("country").order_by("name")]


@router.get("/programmes", response=list[ProgrammeOut], auth=public_auth, summary="Joint programmes")
@paginate(Paginator)
def list_programmes(request: HttpRequest, filters: Query[ProgrammeFilter]) -> list[dict[str, Any]]:
    programmes: QuerySet[JointProgramme] = queries.visible_programmes(actor(request)).prefetch_related(
        "countries", "participants", "extensions"
    )
    if filters.fund:
        programmes = programmes.filter(fund__code=filters.fund)
    if filters.status:
        programmes = programmes.filter(status=filters.status)
    if filters.thematic_area:
        programmes = programmes.filter(thematic_area__number=filters.thematic_area)
    return [programme_out(p) for p in programmes]


@router.get(
    "/programmes/{code}",
    response={200: ProgrammeDetailOut, **PROBLEMS_READ},
    auth=public_auth,
    summary="A programme",
)
def get_programme(request: HttpRequest, code: str) -> dict[str, Any]:
    return programme_detail_out(queries.access_programme(actor(request), code))


@router.get(
    "/programmes/{code}/finance",
    response={200: ProgrammeFinanceOut, **PROBLEMS_READ},
    auth=public_auth,
    summary="A programme's budget, allocations, and each organization's transfers, expenditure and balance",
)
def get_programme_finance(request: HttpRequest, code: str, query: Query[AsOf]) -> dict[str, Any]:
    return finance_out(queries.programme_finance(queries.access_programme(actor(request), code), query.as_of))


@router.get(
    "/programmes/{code}/documents",
    response={200: list[DocumentOut], **PROBLEMS_READ},
    auth=public_auth,
    summary="A programme's documents",
)
def list_documents(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    user = actor(request)
    programme = queries.access_programme(user, code)
    return [
        document_out(d, reverse("fund:document", args=[d.pk]))
        for d in queries.visible_documents(user, programme)
    ]


# Writes: the books (fund managers and the secretariat)


@router.post(
    "/funds", response={201: FundDetailOut, **PROBLEMS_WRITE}, auth=api_auth, summary="Create a fund"
)
def create_fund(request: HttpRequest, payload: FundIn) -> Status[dict[str, Any]]:
    fund = actions.create_fund(actor=actor(request), **payload.dict())
    return Status(201, fund_detail_out(fund))


@router.patch(
    "/funds/{code}", response={200: FundDetailOut, **PROBLEMS_WRITE}, auth=api_auth, summary="Change a fund"
)
def patch_fund(request: HttpRequest, code: str, payload: FundPatch) -> dict[str, Any]:
    changes = payload.dict(exclude_unset=True)
    return fund_detail_out(actions.update_fund(actor=actor(request), code=code, **changes))


@router.post(
    "/funds/{code}/targets",
    response={201: TargetOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Set a capitalization target",
)
def post_target(request: HttpRequest, code: str, payload: CapitalizationTargetIn) -> Status[dict[str, Any]]:
    target = actions.set_capitalization_target(actor=actor(request), code=code, **payload.dict())
    return Status(
        201,
        {
            "target_date": target.target_date,
            "amount_usd": money(target.amount_usd),
            "note": target.note,
        },
    )


@router.post(
    "/contributors",
    response={201: ContributorOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Add a contributor",
)
def post_contributor(request: HttpRequest, payload: ContributorIn) -> Status[dict[str, Any]]:
    return Status(201, contributor_out(actions.create_contributor(actor=actor(request), **payload.dict())))


@router.post(
    "/funds/{code}/commitments",
    response={201: MoneyInOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Record a signed commitment",
)
def post_commitment(request: HttpRequest, code: str, payload: CommitmentIn) -> Status[dict[str, Any]]:
    record = actions.record_commitment(actor=actor(request), code=code, **payload.dict())
    return Status(201, money_in_out(record))


@router.post(
    "/funds/{code}/deposits",
    response={201: MoneyInOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Record a deposit (the 1% fee is taken as it arrives)",
)
def post_deposit(request: HttpRequest, code: str, payload: DepositIn) -> Status[dict[str, Any]]:
    record = actions.record_deposit(actor=actor(request), code=code, **payload.dict())
    return Status(201, money_in_out(record))


@router.post(
    "/funds/{code}/entries",
    response={201: FundEntryOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Record interest, a direct cost or a bank charge",
)
def post_fund_entry(request: HttpRequest, code: str, payload: FundEntryIn) -> Status[dict[str, Any]]:
    entry = actions.record_fund_entry(actor=actor(request), code=code, **payload.dict())
    return Status(
        201,
        {
            "id": entry.pk,
            "kind": entry.kind,
            "date": entry.date,
            "amount_usd": money(entry.amount_usd),
            "description": entry.description,
        },
    )


@router.post(
    "/funds/{code}/ledger/{entry_type}/{entry_id}/reversal",
    response={201: ReversalOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Reverse an entry of the books (a new entry of opposite amount, linked to it, with a reason)",
)
def post_reversal(
    request: HttpRequest, code: str, entry_type: str, entry_id: DbInt, payload: ReversalIn
) -> Status[dict[str, Any]]:
    reversal = actions.reverse_entry(
        actor=actor(request), code=code, entry_type=entry_type, entry_id=entry_id, **payload.dict()
    )
    return Status(201, reversal_out(reversal))


# Writes: programmes


@router.post(
    "/programmes",
    response={201: ProgrammeDetailOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Submit a concept note",
)
def post_programme(request: HttpRequest, payload: ProgrammeIn) -> Status[dict[str, Any]]:
    data = payload.dict()
    data["fund_code"] = data.pop("fund")
    programme = actions.create_programme(actor=actor(request), **data)
    return Status(201, programme_detail_out(programme))


@router.patch(
    "/programmes/{code}",
    response={200: ProgrammeDetailOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Change a programme's details",
)
def patch_programme(request: HttpRequest, code: str, payload: ProgrammePatch) -> dict[str, Any]:
    changes = payload.dict(exclude_unset=True)
    programme = actions.update_programme(actor=actor(request), code=code, **changes)
    return programme_detail_out(programme)


@router.post(
    "/programmes/{code}/status",
    response={200: ProgrammeDetailOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Move a programme along the pipeline",
)
def post_status(request: HttpRequest, code: str, payload: ProgrammeStatusIn) -> dict[str, Any]:
    programme = actions.change_status(actor=actor(request), code=code, **payload.dict())
    return programme_detail_out(programme)


@router.put(
    "/programmes/{code}/markers",
    response={200: ProgrammeDetailOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Set the gender, human rights and child sensitivity markers",
)
def put_markers(request: HttpRequest, code: str, payload: list[MarkerIn]) -> dict[str, Any]:
    actions.set_markers(actor=actor(request), code=code, markers=[m.dict() for m in payload])
    return programme_detail_out(queries.get_programme(code))


@router.post(
    "/programmes/{code}/decisions",
    response={201: ProgrammeDecisionOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Record a Steering Committee decision",
)
def post_decision(request: HttpRequest, code: str, payload: ProgrammeDecisionIn) -> Status[dict[str, Any]]:
    decision = actions.record_decision(actor=actor(request), code=code, **payload.dict())
    return Status(201, decision_out(decision))


@router.post(
    "/programmes/{code}/extensions",
    response={201: ProgrammeDecisionOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Extend a programme",
)
def post_extension(request: HttpRequest, code: str, payload: ExtensionIn) -> Status[dict[str, Any]]:
    extension = actions.extend_programme(actor=actor(request), code=code, **payload.dict())
    # an extension always records the decision that granted it.
    return Status(201, decision_out(extension.decision))  # type: ignore[arg-type]


@router.post(
    "/programmes/{code}/allocations",
    response={201: AllocationOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Allocate money to a programme from the fund's available balance",
)
def post_allocation(request: HttpRequest, code: str, payload: AllocationIn) -> Status[dict[str, Any]]:
    allocation = actions.allocate(actor=actor(request), code=code, **payload.dict())
    return Status(
        201,
        {
            "id": allocation.pk,
            "programme": code,
            "date": allocation.date,
            "amount_usd": money(allocation.amount_usd),
            "status": allocation.programme.status,
        },
    )


def _entry_out(entry: ProgrammeEntry) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "programme": entry.programme.code,
        "organization": entry.organization.acronym,
        "kind": entry.kind,
        "date": entry.date,
        "amount_usd": money(entry.amount_usd),
    }


@router.post(
    "/programmes/{code}/transfers",
    response={201: ProgrammeEntryOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Transfer money to a participating organization",
)
def post_transfer(request: HttpRequest, code: str, payload: ProgrammeEntryIn) -> Status[dict[str, Any]]:
    return Status(201, _entry_out(actions.transfer(actor=actor(request), code=code, **payload.dict())))


@router.post(
    "/programmes/{code}/refunds",
    response={201: ProgrammeEntryOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Record a refund from a participating organization",
)
def post_refund(request: HttpRequest, code: str, payload: ProgrammeEntryIn) -> Status[dict[str, Any]]:
    return Status(201, _entry_out(actions.refund(actor=actor(request), code=code, **payload.dict())))


@router.post(
    "/programmes/{code}/expenditures",
    response={201: ProgrammeEntryOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Report a participating organization's expenditure (its focal points, or fund managers)",
)
def post_expenditure(request: HttpRequest, code: str, payload: ProgrammeEntryIn) -> Status[dict[str, Any]]:
    entry = actions.report_expenditure(actor=actor(request), code=code, **payload.dict())
    return Status(201, _entry_out(entry))


@router.post(
    "/programmes/{code}/documents",
    response={201: DocumentOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Attach a document (multipart: a file, or a link)",
)
def post_document(
    request: HttpRequest,
    code: str,
    title: Form[str],
    kind: Form[str],
    is_public: Form[bool] = False,
    url: Form[str] = "",
    document_date: Form[datetime.date | None] = None,
    file: UploadedFile | None = OPTIONAL_FILE,
) -> Status[dict[str, Any]]:
    document = actions.add_document(
        actor=actor(request),
        code=code,
        title=title,
        kind=kind,
        upload=file,
        url=url,
        is_public=is_public,
        document_date=document_date,
    )
    return Status(201, document_out(document, reverse("fund:document", args=[document.pk])))
