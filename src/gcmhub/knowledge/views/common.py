"""Shared bits of the knowledge pages: turning domain errors into 4xx pages, and paging."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gcmhub.core.exceptions import DomainError

PER_PAGE = 20


def error_page(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(request, "knowledge/error.html", {"message": exc.message}, status=exc.status_code)


def domain_errors(view: Callable[..., Any]) -> Callable[..., Any]:
    """A refused request becomes a page with the reason and its 4xx status, never a 500."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            return error_page(request, exc)

    return wrapper


def page_of(items: Any, request: HttpRequest, per_page: int = PER_PAGE) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))
