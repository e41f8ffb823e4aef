"""Sign-in lockout and the throttling of bad API tokens, both counted by django-axes in the database (so every
web node sees the same counts). Settings: LOGIN_FAILURE_LIMIT and LOGIN_COOLOFF_MINUTES (docs/settings.md)."""

import math
from typing import Any

from axes.backends import AxesStandaloneBackend
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import ngettext

from gcmhub.core.problems import problem

# The name bad bearer tokens are counted under, per address. It has a space, which no username can have.
TOKEN_CLIENT = "API token"
TOKEN_CREDENTIALS = {"username": TOKEN_CLIENT}


class SignInLockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]  # django-axes has no type hints
    """django-axes' check that refuses a locked-out account+address before its password is tried."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        # Without a request the call comes from code on the server (a command, the test client), not from a
        # client that could be guessing passwords.
        if request is None:
            return None
        super().authenticate(request, username, password, **kwargs)
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address. X-Forwarded-For is read only behind our own TLS proxy, and only its last entry,
    the one that proxy added: anything before it was written by the client."""
    if settings.BEHIND_TLS_PROXY:
        header: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    address: str | None = request.META.get("REMOTE_ADDR")
    return address


def cool_off_minutes() -> int:
    return max(1, math.ceil(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_message() -> str:
    minutes = cool_off_minutes()
    return ngettext(
        "Too many failed attempts from your address. For your protection, try again in %(minutes)d minute.",
        "Too many failed attempts from your address. For your protection, try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def is_api(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def locked_out(request: HttpRequest, response: HttpResponse | None, credentials: Any = None) -> HttpResponse:
    """What a locked-out client gets: problem+json from the API, the lockout page from the sign-in form;
    429 either way, with Retry-After."""
    if is_api(request):
        answer = problem(request, 429, lockout_message(), code="too_many_attempts")
    else:
        context = {"message": lockout_message()}
        answer = render(request, "registration/locked_out.html", context, status=429)
    answer["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return answer


def token_client_locked(request: HttpRequest) -> bool:
    """Whether this address sent too many bad API tokens lately; it is then refused even a good one."""
    return not AxesProxyHandler.is_allowed(request, TOKEN_CREDENTIALS)


def mark_locked_out(request: HttpRequest) -> None:
    """Have django-axes' middleware answer this request with `locked_out`."""
    request.axes_locked_out = True  # type: ignore[attr-defined]  # the flag axes' middleware reads


def record_bad_token(request: HttpRequest) -> None:
    """Count a bad API token against the address it came from."""
    user_login_failed.send(sender=__name__, credentials=TOKEN_CREDENTIALS, request=request)
