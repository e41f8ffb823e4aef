"""Domain refusals on results pages become 4xx pages with their message, never a 500."""

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from gcmhub.core.exceptions import DomainError

View = Callable[..., HttpResponse]


def problem(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return render(request, "results/problem.html", {"message": exc.message}, status=exc.status_code)


def domain_errors(view: View) -> View:
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DomainError as exc:
            return problem(request, exc)

    return wrapped
