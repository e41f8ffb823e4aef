"""Helpers shared by the fund and results pages: the as-of date, and the fund's form page."""

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from gcmhub.core.exceptions import ValidationFailed
from gcmhub.core.formpage import form_page as core_form_page
from gcmhub.fund.forms import AsOfForm


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
    """A fund form page (`fund/form.html` with its title, intro and way back) through the one form pattern."""
    page = {"title": title, "intro": intro, "cancel_url": cancel_url, **(context or {})}
    return core_form_page(
        request,
        form=form,
        perform=perform,
        success=success,
        done=done,
        template=template,
        context=page,
        formsets=formsets,
    )
