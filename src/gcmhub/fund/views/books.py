"""Fund managers' pages for the books: contributors, commitments, deposits, other entries and targets."""

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from gcmhub.core.exceptions import DomainError
from gcmhub.fund import actions, queries
from gcmhub.fund.actions.rates import Conversion
from gcmhub.fund.forms import (
    CommitmentForm,
    ContributorForm,
    DepositForm,
    FundEntryForm,
    MoneyInForm,
    ReversalForm,
    TargetForm,
)
from gcmhub.fund.models import Commitment, Deposit, Fund, FundEntry
from gcmhub.fund.queries.reversals import ENTRY_TYPE_LABELS, entry_date, entry_type_of
from gcmhub.fund.queries.statement import line_of
from gcmhub.fund.views.common import form_page


def _books_url(code: str) -> str:
    return reverse("fund:books", args=[code])


@login_required
def books(request: HttpRequest, code: str) -> HttpResponse:
    fund = queries.access_fund_books(request.user, code)
    return render(
        request,
        "fund/books.html",
        {
            "fund": fund,
            "deposits": Deposit.objects.filter(fund=fund)
            .select_related("contributor", "earmarked_area", "reversed_by")
            .order_by("-received_on", "-pk")[:50],
            "commitments": Commitment.objects.filter(fund=fund)
            .select_related("contributor", "earmarked_area", "reversed_by")
            .order_by("-signed_on", "-pk")[:50],
            "entries": FundEntry.objects.filter(fund=fund)
            .select_related("reversed_by")
            .order_by("-date", "-pk")[:50],
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


# Each step of a commitment or deposit page: the first POST previews the US dollar value; Save books it only
# if that value is still the one previewed, so nobody books a sum they have not seen in US dollars.
PREVIEW_FIELD = "previewed_usd"


def _previewed(request: HttpRequest) -> Decimal | None:
    try:
        return Decimal(request.POST.get(PREVIEW_FIELD, ""))
    except InvalidOperation:
        return None


def _show_refusal(form: MoneyInForm, exc: DomainError, preview: Conversion | None) -> None:
    """A refusal about the rate goes next to the rate field, others above the form; the warning about an
    unusual rate is already in the preview, beside the box that confirms it."""
    if exc.code == "implausible_rate" and preview is not None and preview.warning:
        return
    form.add_error("rate_to_usd" if exc.code in ("rate_required", "bad_rate") else None, exc.message)


def _money_in_page(
    request: HttpRequest,
    code: str,
    form_class: type[MoneyInForm],
    record: Callable[[Fund, MoneyInForm], Any],
    title: str,
    done: str,
) -> HttpResponse:
    fund = queries.access_fund_books(request.user, code)
    form = form_class(request.POST or None, fund=fund)
    preview: Conversion | None = None
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 422
        else:
            try:
                preview = actions.preview_money_in(
                    actor=request.user,
                    code=fund.code,
                    with_fee=form_class is DepositForm,
                    **form.preview_kwargs(),
                )
                if "save" in request.POST and _previewed(request) == preview.amount_usd:
                    record(fund, form)
                    messages.success(request, done)
                    return HttpResponseRedirect(_books_url(fund.code))
            except DomainError as exc:
                _show_refusal(form, exc, preview)
                status = exc.status_code
    return render(
        request,
        "fund/money_form.html",
        {
            "title": title,
            "form": form,
            "fund": fund,
            "preview": preview,
            "cancel_url": _books_url(fund.code),
            "changed": preview is not None and "save" in request.POST and status == 200,
        },
        status=status,
    )


@login_required
def deposit_new(request: HttpRequest, code: str) -> HttpResponse:
    return _money_in_page(
        request,
        code,
        DepositForm,
        lambda fund, form: actions.record_deposit(actor=request.user, code=fund.code, **form.action_kwargs()),
        _("Record a deposit"),
        _("The deposit was recorded, less the administrative agent's fee."),
    )


@login_required
def commitment_new(request: HttpRequest, code: str) -> HttpResponse:
    return _money_in_page(
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
def contributor_new(request: HttpRequest, code: str) -> HttpResponse:
    return _fund_form(
        request,
        code,
        ContributorForm,
        lambda fund, form: actions.create_contributor(actor=request.user, **form.action_kwargs()),
        _("Add a contributor"),
        _("The contributor was added."),
    )


def _describe(entry: Any) -> str:
    """One sentence saying which entry is about to be reversed."""
    return _("%(kind)s of %(date)s: %(amount)s USD.") % {
        "kind": ENTRY_TYPE_LABELS[entry_type_of(entry)],
        "date": entry_date(entry).isoformat(),
        "amount": f"{entry.amount_usd:,.2f}",
    }


@login_required
def entry_reverse(request: HttpRequest, code: str, entry_type: str, entry_id: int) -> HttpResponse:
    fund = queries.access_fund_books(request.user, code)
    entry = queries.get_entry(fund, entry_type, entry_id)
    form = ReversalForm(request.POST or None)
    line = line_of(entry)
    return form_page(
        request,
        title=_("Reverse an entry"),
        intro=_(
            "%(entry)s Reversing it books a new entry of the opposite amount, linked to this one, on the "
            "date you give; the entry itself stays in the books. An entry can be reversed only once."
        )
        % {"entry": _describe(entry)},
        form=form,
        perform=lambda: actions.reverse_entry(
            actor=request.user,
            code=fund.code,
            entry_type=entry_type,
            entry_id=entry_id,
            reason=form.cleaned_data["reason"],
            date=form.cleaned_data["date"],
        ),
        success=lambda reversal: (
            reverse("fund:entries", args=[fund.code])
            + f"?line={line}&as_of={entry_date(reversal).isoformat()}"
        ),
        cancel_url=reverse("fund:entries", args=[fund.code]) + f"?line={line}",
        done=_("The entry was reversed."),
        context={"fund": fund},
    )
