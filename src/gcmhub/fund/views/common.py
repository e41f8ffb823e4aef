"""Helpers shared by the fund and results pages: domain errors as 4xx pages, the as-of date, form pages."""

import datetime
import functools
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from gcmhub.core.exceptions import DomainError, ValidationFailed
from gcmhub.fund.forms import AsOfForm

View = Callable[..., Any]


def problem(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(request, "fund/problem.html", {"message": exc.message}, status=exc.status_code)


def domain_errors(view: View) -> View:
    """A refusal from a query or action becomes a 4xx page with its message, never a 500."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            return problem(request, exc)

    return wrapped


def as_of_from(request: HttpRequest) -> tuple[datetime.date | None, AsOfForm]:
    form = AsOfForm(request.GET or None)
    if request.GET.get("as_of") and not form.is_valid():
        raise ValidationFailed(_("The date is not valid; write it as YYYY-MM-DD."), code="bad_date")
    return (form.cleaned_data.get("as_of") if form.is_bound and form.is_valid() else None), form


def form_page(
    request: HttpRequest,
    *,
    title: str,
    form: forms.Form,
    perform: Callable[[], Any],
    success: Callable[[Any], str],
    cancel_url: str,
    done: str,
    intro: str = "",
    formsets: tuple[Any, ...] = (),
    template: str = "fund/form.html",
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Show a form; on a valid POST run the action, then redirect with `done` or show its refusal."""
    status = 200
    if request.method == "POST":
        if form.is_valid() and all(f.is_valid() for f in formsets):
            try:
                result = perform()
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                messages.success(request, done)
                return HttpResponseRedirect(success(result))
        else:
            status = 422
    return render(
        request,
        template,
        {
            "title": title,
            "intro": intro,
            "form": form,
            "formsets": formsets,
            "cancel_url": cancel_url,
            "multipart": form.is_multipart(),
            **(context or {}),
        },
        status=status,
    )
