"""Results pages: the frameworks, the results matrix, indicators, data entry and review. Views hold no
business rules: they call queries and actions."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gcmhub.core.exceptions import DomainError, ValidationFailed
from gcmhub.results import actions, queries
from gcmhub.results.forms import ReportForm, ReviewForm
from gcmhub.results.models import Framework, Indicator, Report, ReportStatus


def index(request: HttpRequest) -> HttpResponse:
    frameworks = list(queries.visible_frameworks(request.user))
    groups = [(label, [f for f in frameworks if f.kind == kind]) for kind, label in Framework.Kind.choices]
    return render(
        request,
        "results/index.html",
        {"groups": [g for g in groups if g[1]], "awaiting": queries.reports_awaiting_review(request.user)},
    )


def framework(request: HttpRequest, code: str) -> HttpResponse:
    found = queries.access_framework(request.user, code)
    programme = getattr(found, "programme", None) if found.kind == Framework.Kind.PROGRAMME else None
    return render(
        request,
        "results/framework.html",
        {
            "framework": found,
            "summary": queries.summarize_framework(found),
            "programme": programme,
            "fund": getattr(found, "fund", None) if found.kind == Framework.Kind.FUND else None,
        },
    )


def _indicator_page_url(indicator: Indicator, period: str = "") -> str:
    url = reverse("results:indicator", args=[indicator.pk])
    return f"{url}?period={period}" if period else url


def indicator(request: HttpRequest, indicator_id: int) -> HttpResponse:
    found = queries.access_indicator(request.user, indicator_id)
    summary = queries.summarize_one(indicator_id)
    reports = list(queries.visible_reports(request.user, found))
    chosen = request.GET.get("period", "")
    # The period asked for, else the latest one this reader may see (approved only, for the public).
    shown = next((r for r in reports if r.period == chosen), None) or (reports[0] if reports else None)
    groups, crossed = queries.disaggregation_tables(found, shown) if shown else ([], [])
    total = queries.report_total(found, shown) if shown else None
    return render(
        request,
        "results/indicator.html",
        {
            "indicator": found,
            "summary": summary,
            "reports": reports,
            "shown": shown,
            "groups": groups,
            "crossed": crossed,
            "total": total,
            "can_report": queries.can_report(request.user, found),
            "can_review": queries.can_review(request.user, found),
            "review_form": ReviewForm(),
        },
    )


@login_required
def report_form(request: HttpRequest, indicator_id: int) -> HttpResponse:
    found = queries.access_indicator_for_reporting(request.user, indicator_id)
    period = request.POST.get("period") or request.GET.get("period", "")
    existing = (
        Report.objects.filter(indicator=found, period=period).prefetch_related("values").first()
        if period
        else None
    )
    if existing is not None and not existing.is_editable and request.method == "GET":
        messages.info(request, _("These values are not open for changes."))
        return HttpResponseRedirect(_indicator_page_url(found, existing.period))
    form = ReportForm(request.POST or None, indicator=found, report=existing, initial={"period": period})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = actions.save_report(
                    actor=request.user,
                    indicator_id=found.pk,
                    period=form.cleaned_data["period"],
                    values=form.values(),
                    comment=form.cleaned_data["comment"],
                    evidence=form.cleaned_data["evidence"],
                    evidence_url=form.cleaned_data["evidence_url"],
                    submit="submit" in request.POST,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                done = (
                    _("The values were submitted for review.")
                    if report.status == ReportStatus.SUBMITTED
                    else _("The values were saved as a draft.")
                )
                messages.success(request, done)
                return HttpResponseRedirect(_indicator_page_url(found, report.period))
        else:
            status = 422
    return render(
        request,
        "results/report_form.html",
        {"indicator": found, "form": form, "report": existing},
        status=status,
    )


def _report_action(request: HttpRequest, report_id: int, perform: Any) -> HttpResponse:
    report = queries.access_report(request.user, report_id)
    done = perform(report)
    messages.success(request, done)
    return HttpResponseRedirect(_indicator_page_url(report.indicator, report.period))


@login_required
@require_POST
def report_submit(request: HttpRequest, report_id: int) -> HttpResponse:
    def perform(report: Report) -> str:
        actions.submit_report(actor=request.user, report_id=report.pk)
        return _("The values were submitted for review.")

    return _report_action(request, report_id, perform)


@login_required
@require_POST
def report_review(request: HttpRequest, report_id: int) -> HttpResponse:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_("Choose to approve or return the values."))

    def perform(report: Report) -> str:
        if form.cleaned_data["decision"] == "approve":
            actions.approve_report(
                actor=request.user, report_id=report.pk, comment=form.cleaned_data["comment"]
            )
            return _("The values were approved; the period is now locked.")
        actions.return_report(actor=request.user, report_id=report.pk, comment=form.cleaned_data["comment"])
        return _("The values were returned with your comment.")

    return _report_action(request, report_id, perform)
