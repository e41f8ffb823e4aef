"""What every work plan page shares: domain errors as 4xx pages, and which plan version a page shows."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gcmhub.core.exceptions import DomainError
from gcmhub.workplan import queries
from gcmhub.workplan.models import WorkPlanVersion

View = TypeVar("View", bound=Callable[..., HttpResponse])


def render_problem(request: HttpRequest, exc: DomainError) -> HttpResponse:
    titles = {403: _("You cannot do this"), 404: _("Not found")}
    context = {
        "title": titles.get(exc.status_code, _("This request cannot be completed")),
        "message": exc.message,
    }
    return render(request, "workplan/problem.html", context, status=exc.status_code)


def domain_errors(view: View) -> View:
    """Show a refused request as a page with its message and 4xx status, never a server error."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            return render_problem(request, exc)

    return cast(View, wrapper)


def requested_version(request: HttpRequest) -> WorkPlanVersion | None:
    """The version named by ?version=N, else the current one; a malformed number is a 400."""
    raw = request.GET.get("version", "").strip()
    if not raw:
        return queries.version_for_page(None)
    if not raw.isdigit() or len(raw) > 6:
        raise DomainError(_("The version must be a whole number, such as ?version=2."), code="bad_version")
    return queries.version_for_page(int(raw))
