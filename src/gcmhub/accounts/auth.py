"""API authentication: a Django session (CSRF enforced on unsafe methods) or an API token
(`Authorization: Bearer gcm_…`). Use `auth=api_auth` on every ninja operation that needs a signed-in user."""

import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth
from ninja.utils import check_csrf

from gcmhub.accounts import throttle
from gcmhub.accounts.models import ApiToken, hash_token
from gcmhub.core.exceptions import PermissionDenied

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
# Writing last_used_at on every request would turn each read into a write.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


class SessionCookieAuth(SessionAuth):
    """The signed-in user of the browser session. CSRF is checked only when the cookie actually signs someone
    in, so an anonymous client gets 401 (not a CSRF 403) and token clients are not asked for a CSRF token."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)
        if request.method not in SAFE_METHODS and not exempt and check_csrf(request) is not None:
            raise PermissionDenied(
                _("The CSRF check failed: send the X-CSRFToken header with the csrftoken cookie's value."),
                code="csrf_failed",
            )
        return user

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        return request.user if request.user.is_authenticated else None


class ApiTokenAuth(HttpBearer):
    """A bearer API token, looked up by its SHA-256 hash (only hashes are stored)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        # An address that sent too many bad tokens lately is refused before any token is looked up; the
        # lockout middleware answers 429 for it, as it does when the last bad token reaches the limit.
        if throttle.token_client_locked(request):
            throttle.mark_locked_out(request)
            raise AuthenticationError(429, throttle.lockout_message())
        token = token.strip()
        found = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
            if token.startswith(ApiToken.PREFIX)
            else None
        )
        if found is None:
            throttle.record_bad_token(request)
            # A token that was sent but is wrong is refused outright rather than falling back to the session.
            raise AuthenticationError(401, _("The API token is not valid or has been revoked."))
        _touch(found)
        request.user = found.user
        return found.user


def _touch(token: ApiToken) -> None:
    """Record when the token was last used, at most once a minute (a conditional UPDATE, no audit row)."""
    now = timezone.now()
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - LAST_USED_RESOLUTION)
    if ApiToken.objects.filter(pk=token.pk).filter(stale).update(last_used_at=now):
        token.last_used_at = now


api_auth = [ApiTokenAuth(), SessionCookieAuth()]


def caller(request: HttpRequest) -> Any:
    """The user ninja's authentication found, or AnonymousUser on a public read."""
    return getattr(request, "auth", None) or AnonymousUser()


def anonymous(request: HttpRequest) -> Any:
    """Public reads: a caller without credentials is anonymous and sees what the public sees."""
    return AnonymousUser()


# For public reads: a token or session if one is sent (so people see their own drafts), else anonymous.
optional_auth = [*api_auth, anonymous]
