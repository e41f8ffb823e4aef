"""The one path for domain errors on pages: a refusal raised by a query or an action becomes a page with its
translated message and 4xx status, never a 500. The API answers the same errors as problem+json
(`config/api.py`), before this middleware could see them."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gcmhub.core.exceptions import DomainError


def error_title(status: int) -> str:
    """The page's heading: what the reader can make of the status."""
    if status == 403:
        return _("You cannot do this")
    if status == 404:
        return _("Not found")
    return _("This request cannot be completed")


def render_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    context = {"title": error_title(exc.status_code), "message": exc.message}
    return render(request, "problem.html", context, status=exc.status_code)


class DomainErrorMiddleware:
    """Renders the error page for any `DomainError` a view lets through."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DomainError):
            return render_domain_error(request, exception)
        return None
