"""Fund pages everyone can read (what they may see is decided by the queries): the funds, the dashboard, the
statement and its drill-down, exports, programmes and documents."""

from decimal import Decimal
from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gcmhub.core.exceptions import NotFound
from gcmhub.fund import queries
from gcmhub.fund.actions.money import may_report_expenditure
from gcmhub.fund.exports.statement import statement_csv, statement_xlsx
from gcmhub.fund.models import PUBLIC_STATUSES, ProgrammeStatus
from gcmhub.fund.queries.statement import as_of_or_today
from gcmhub.fund.views.common import as_of_from
from gcmhub.reference.models import Organization
from gcmhub.results.queries import can_view_framework, summarize_framework

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Allocation brackets for the world map (US dollars).
BRACKETS = (Decimal("250000"), Decimal("1000000"))


def index(request: HttpRequest) -> HttpResponse:
    funds = []
    for fund in queries.visible_funds(request.user):
        statement = queries.statement(fund)
        targets = queries.capitalization(fund)
        upcoming = next((t for t in targets if not t.reached), targets[-1] if targets else None)
        funds.append(
            {
                "fund": fund,
                "statement": statement,
                "target": upcoming,
                "programmes": queries.visible_programmes(request.user, fund).count(),
            }
        )
    return render(request, "fund/index.html", {"funds": funds})


def _map(geography: queries.balances.Geography) -> Any:
    try:
        from gcmhub.core.maps import world_map_svg
    except ImportError:  # the shared map may be absent in a trimmed installation; the table still shows
        return None
    categories = [
        ("low", _("Up to 250,000 USD"), "map-cat-6"),
        ("mid", _("250,000 to 1 million USD"), "map-cat-2"),
        ("high", _("Over 1 million USD"), "map-cat-1"),
    ]
    values = {}
    for row in geography.countries:
        if row.m49:
            values[row.m49] = (
                "low" if row.amount <= BRACKETS[0] else "mid" if row.amount <= BRACKETS[1] else "high"
            )
    names = {row.m49: row.label for row in geography.countries if row.m49}
    return world_map_svg(
        values, categories, _("Allocations by country"), names=names, none_label=_("No allocation")
    )


def dashboard(request: HttpRequest, code: str) -> HttpResponse:
    fund = queries.access_fund(request.user, code)
    as_of, as_of_form = as_of_from(request)
    statement = queries.statement(fund, as_of)
    years, contributors = queries.contributions_by_contributor_year(fund, statement.as_of)
    areas = queries.allocations_by_area(fund, statement.as_of)
    objectives = [row for row in queries.allocations_by_objective(fund, statement.as_of)]
    geography = queries.allocations_by_geography(fund, statement.as_of, get_language() or "en")
    delivery = queries.delivery_by_programme(fund, statement.as_of)
    context = {
        "fund": fund,
        "statement": statement,
        "as_of_form": as_of_form,
        "years": years,
        "contributors": contributors,
        "contributions_max": max([r.deposited for r in contributors] + [Decimal(0)]),
        "areas": areas,
        "areas_max": max([r.amount for r in areas] + [r.even_amount for r in areas] + [Decimal(0)]),
        "objectives": objectives,
        "objectives_max": max([r.amount for r in objectives] + [Decimal(0)]),
        "geography": geography,
        "regions_max": max([r.amount for r in geography.regions] + [Decimal(0)]),
        "world_map": _map(geography),
        "delivery": delivery,
        "organizations_max": max([r.transfers for r in statement.organizations] + [Decimal(0)]),
        "markers": queries.markers_summary(fund, statement.as_of),
        "targets": queries.capitalization(fund, statement.as_of),
        "can_manage": queries.can_manage_books(request.user),
    }
    return render(request, "fund/dashboard.html", context)


def statement(request: HttpRequest, code: str) -> HttpResponse:
    fund = queries.access_fund(request.user, code)
    as_of, as_of_form = as_of_from(request)
    return render(
        request,
        "fund/statement.html",
        {"fund": fund, "statement": queries.statement(fund, as_of), "as_of_form": as_of_form},
    )


def statement_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    fund = queries.access_fund(request.user, code)
    as_of, _form = as_of_from(request)
    s = queries.statement(fund, as_of)
    if fmt == "csv":
        response = HttpResponse(statement_csv(s), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(statement_xlsx(s), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{fund.code}-statement-{s.as_of}.{fmt}"'
    return response


def entries(request: HttpRequest, code: str) -> HttpResponse:
    fund = queries.access_fund(request.user, code)
    as_of, as_of_form = as_of_from(request)
    line = request.GET.get("line", "")
    organization = programme = None
    if request.GET.get("organization"):
        organization = Organization.objects.filter(acronym=request.GET["organization"]).first()
        if organization is None:
            raise NotFound(_("There is no such organization."))
    if request.GET.get("programme"):
        programme = queries.access_programme(request.user, request.GET["programme"])
    rows = queries.entries_for(fund, line, as_of, organization=organization, programme=programme)
    return render(
        request,
        "fund/entries.html",
        {
            "fund": fund,
            "line": line,
            "label": queries.ALL_LINES[line],
            "rows": rows,
            "total": sum((r.amount for r in rows), Decimal("0.00")),
            "organization": organization,
            "programme": programme,
            "as_of": as_of_or_today(as_of),
            "as_of_form": as_of_form,
            "can_manage": queries.can_manage_books(request.user),
        },
    )


def programme_list(request: HttpRequest, code: str) -> HttpResponse:
    fund = queries.access_fund(request.user, code)
    programmes = queries.visible_programmes(request.user, fund).prefetch_related("countries", "participants")
    status = request.GET.get("status", "")
    area = request.GET.get("area", "")
    if status in ProgrammeStatus.values:
        programmes = programmes.filter(status=status)
    if area.isdigit():
        programmes = programmes.filter(thematic_area__number=int(area))
    rows = [
        {"programme": p, "budget": sum((x.budget_usd for x in p.participants.all()), Decimal("0.00"))}
        for p in programmes
    ]
    return render(
        request,
        "fund/programme_list.html",
        {
            "fund": fund,
            "rows": rows,
            "statuses": ProgrammeStatus.choices,
            "areas": fund.thematic_areas.select_related("area").order_by("number"),
            "status": status,
            "area": area,
            "can_submit": request.user.is_authenticated,
        },
    )


def programme_detail(request: HttpRequest, code: str) -> HttpResponse:
    programme = queries.access_programme(request.user, code)
    as_of, as_of_form = as_of_from(request)
    user = request.user
    framework = programme.framework
    results = summarize_framework(framework) if framework and can_view_framework(user, framework) else None
    manage = queries.can_manage_books(user)
    context = {
        "programme": programme,
        "fund": programme.fund,
        "finance": queries.programme_finance(programme, as_of),
        "as_of_form": as_of_form,
        "objectives": programme.programme_objectives.select_related("objective"),
        "participants": programme.participants.select_related("organization", "programme__fund"),
        "markers": programme.markers.all(),
        "documents": queries.visible_documents(user, programme),
        "decisions": programme.decisions.order_by("-date", "-pk"),
        "extensions": programme.extensions.all(),
        "results": results,
        "workplan_section": programme.thematic_area.workplan_section(),
        "can_manage": manage,
        "can_edit": queries.can_edit_programme(user, programme),
        "can_change_status": manage or queries.can_submit_for_review(user, programme),
        "can_report_expenditure": may_report_expenditure(user, programme)
        and programme.status in (ProgrammeStatus.ACTIVE, ProgrammeStatus.OPERATIONALLY_CLOSED),
        "can_add_documents": manage or bool(queries.team_org_ids(user, programme)),
        "is_public": programme.status in PUBLIC_STATUSES,
    }
    return render(request, "fund/programme_detail.html", context)


def document(request: HttpRequest, document_id: int) -> HttpResponseBase:
    doc = queries.access_document(request.user, document_id)
    if doc.url:
        return HttpResponseRedirect(doc.url)
    if not doc.file:
        raise NotFound(_("There is no such document."))
    name = doc.file.name.rsplit("/", 1)[-1]
    response = FileResponse(
        doc.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=doc.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
