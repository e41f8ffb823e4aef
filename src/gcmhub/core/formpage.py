"""The one form-page pattern: GET shows the form; a valid POST calls the action and redirects with a
message; an invalid form (422) or the action's refusal (its 4xx) shows the form again with the errors."""

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render

from gcmhub.core.exceptions import DomainError

Result = TypeVar("Result")


def form_page(
    request: HttpRequest,
    *,
    form: forms.Form,
    perform: Callable[[], Result],
    success: Callable[[Result], str],
    done: str,
    template: str,
    context: dict[str, Any] | None = None,
    formsets: Iterable[Any] = (),
) -> HttpResponse:
    """Render `template` with the form; on a valid POST run `perform` and go to `success(result)`."""
    formsets = tuple(formsets)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid() and all(formset.is_valid() for formset in formsets):
            try:
                result = perform()
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                messages.success(request, done)
                return HttpResponseRedirect(success(result))
    page = {"form": form, "formsets": formsets, "multipart": form.is_multipart(), **(context or {})}
    return render(request, template, page, status=status)
