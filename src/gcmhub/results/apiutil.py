"""API helpers shared by the results and fund routers: reads open to everyone (signed in or not), the acting
user of a request, and money and numbers as exact strings."""

from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from gcmhub.accounts.auth import api_auth


def anonymous(request: HttpRequest) -> AnonymousUser:
    """Reads need no sign-in: whoever is not signed in reads as the public."""
    return AnonymousUser()


# A token or session when one is sent (so drafts show to those allowed), else the public.
public_auth: list[Any] = [*api_auth, anonymous]


def actor(request: HttpRequest) -> Any:
    return getattr(request, "auth", None) or AnonymousUser()


def money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def number(value: Decimal | None) -> str | None:
    """A value as an exact decimal string without trailing zeros."""
    if value is None:
        return None
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
