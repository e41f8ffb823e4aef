"""Fund managers' pages for the books: contributors, commitments, deposits, other entries and targets."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gcmhub.fund import actions, queries
from gcmhub.fund.forms import CommitmentForm, ContributorForm, DepositForm, FundEntryForm, TargetForm
from gcmhub.fund.models import Commitment, Deposit, FundEntry
from gcmhub.fund.views.common import domain_errors, form_page


def _books_url(code: str) -> str:
    return reverse("fund:books", args=[code])


@login_required
@domain_errors
def books(request: HttpRequest, code: str) -> HttpResponse:
    fund = queries.access_fund_books(request.user, code)
    return render(
        request,
        "fund/books.html",
        {
            "fund": fund,
            "deposits": Deposit.objects.filter(fund=fund)
            .select_related("contributor", "earmarked_area")
            .order_by("-received_on", "-pk")[:50],
            "commitments": Commitment.objects.filter(fund=fund)
            .select_related("contributor", "earmarked_area")
            .order_by("-signed_on", "-pk")[:50],
            "entries": FundEntry.objects.filter(fund=fund).order_by("-date", "-pk")[:50],
            "targets": fund.targets.order_by("target_date"),
        },
    )


def _fund_form(
    request: HttpRequest, code: str, form_class: Any, perform: Any, title: str, done: str
) -> HttpResponse:
    fund = queries.access_fund_books(request.user, code)
    kwargs: dict[str, Any] = {"fund": fund} if form_class in (CommitmentForm, DepositForm) else {}
    form = form_class(request.POST or None, **kwargs)
    return form_page(
        request,
        title=title,
        form=form,
        perform=lambda: perform(fund, form),
        success=lambda _result: _books_url(fund.code),
        cancel_url=_books_url(fund.code),
        done=done,
        context={"fund": fund},
    )


@login_required
@domain_errors
def deposit_new(request: HttpRequest, code: str) -> HttpResponse:
    return _fund_form(
        request,
        code,
        DepositForm,
        lambda fund, form: actions.record_deposit(actor=request.user, code=fund.code, **form.action_kwargs()),
        _("Record a deposit"),
        _("The deposit was recorded, less the administrative agent's fee."),
    )


@login_required
@domain_errors
def commitment_new(request: HttpRequest, code: str) -> HttpResponse:
    return _fund_form(
        request,
        code,
        CommitmentForm,
        lambda fund, form: actions.record_commitment(
            actor=request.user, code=fund.code, **form.action_kwargs()
        ),
        _("Record a signed commitment"),
        _("The commitment was recorded."),
    )


@login_required
@domain_errors
def entry_new(request: HttpRequest, code: str) -> HttpResponse:
    return _fund_form(
        request,
        code,
        FundEntryForm,
        lambda fund, form: actions.record_fund_entry(actor=request.user, code=fund.code, **form.cleaned_data),
        _("Record interest, a direct cost or a bank charge"),
        _("The entry was recorded."),
    )


@login_required
@domain_errors
def target_new(request: HttpRequest, code: str) -> HttpResponse:
    return _fund_form(
        request,
        code,
        TargetForm,
        lambda fund, form: actions.set_capitalization_target(
            actor=request.user, code=fund.code, **form.cleaned_data
        ),
        _("Set a capitalization target"),
        _("The capitalization target was saved."),
    )


@login_required
@domain_errors
def contributor_new(request: HttpRequest, code: str) -> HttpResponse:
    return _fund_form(
        request,
        code,
        ContributorForm,
        lambda fund, form: actions.create_contributor(actor=request.user, **form.action_kwargs()),
        _("Add a contributor"),
        _("The contributor was added."),
    )
