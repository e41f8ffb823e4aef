"""Remembers the language a signed-in person reads in, so the e-mails the site sends them are in it too."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from gcmhub.accounts import actions

# The session keeps the last language stored, so the database is written only when it changes.
SESSION_KEY = "gcmhub_language"


class RememberLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        language = getattr(request, "LANGUAGE_CODE", "")
        if (
            request.method == "GET"
            and response.status_code < 400
            and response.get("Content-Type", "").startswith("text/html")  # pages, not API calls they make
            and user is not None
            and user.is_authenticated
            and language
            and request.session.get(SESSION_KEY) != language
        ):
            actions.remember_language(user=user, language=language)
            request.session[SESSION_KEY] = language
        return response
