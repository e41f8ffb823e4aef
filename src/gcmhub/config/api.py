"""The API at /api/v1/: collects each app's router. Errors are RFC 7807 problem+json."""

import functools
import inspect
from collections.abc import Callable
from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.core.signals import got_request_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, re_path
from django.utils.log import log_response
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from gcmhub.core.exceptions import DomainError
from gcmhub.core.params import out_of_range, refuse_undeclared_parameters
from gcmhub.core.problems import PROBLEM_CONTENT_TYPE, problem
from gcmhub.core.requestlog import current_request_id
from gcmhub.core.schemas import unknown_fields
from gcmhub.core.uploads import too_large_problem


@csrf_exempt
def _unknown_path(request: HttpRequest) -> HttpResponse:
    return problem(request, 404, _("There is nothing at this address in the API."), code="not_found")


def _problem_for_405(view: Callable[..., Any]) -> Callable[..., Any]:
    """ninja answers a method a path does not allow in plain text; answer with problem+json instead."""
    if inspect.iscoroutinefunction(view):
        return view

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = view(request, *args, **kwargs)
        if response.status_code != 405 or response.get("Content-Type", "").startswith(PROBLEM_CONTENT_TYPE):
            return response
        allowed = ", ".join(sorted(m.strip() for m in response.get("Allow", "").split(",") if m.strip()))
        detail = _("This address does not accept %(method)s; it accepts %(allowed)s.") % {
            "method": request.method,
            "allowed": allowed,
        }
        answer = problem(request, 405, detail, code="method_not_allowed")
        answer["Allow"] = allowed
        return answer

    return wrapper


class ProblemAPI(NinjaAPI):
    """Unknown API addresses (404) and disallowed methods (405) also get problem+json."""

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern):
                pattern.callback = _problem_for_405(pattern.callback)
        # [\s\S], not ".": a path may hold an encoded newline (%0A), which "." does not match.
        urls.append(re_path(r"^[\s\S]*$", _unknown_path, name="unknown-path"))
        return urls


api = ProblemAPI(
    title="GCM Hub API",
    version="1",
    description="Read-only access to everything published, and authenticated updates to the work plan's "
    "activities. Authenticate with a session or an API token (`Authorization: Bearer gcm_…`).",
    urls_namespace="api",
    # No Swagger UI: /api/v1/docs leads to the accessible reference (config/urls.py), the only one we serve.
    docs_url=None,
)
# A query parameter or form field an operation does not declare is refused, as a JSON body's unknown field is.
api.add_decorator(refuse_undeclared_parameters, mode="operation")


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return problem(request, exc.status_code, exc.message, code=exc.code)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = _("The request is not valid.")
    if unknown := unknown_fields(exc.errors):  # most likely a misspelt field: name it
        detail = ngettext(
            "Unknown field: %(fields)s. Check its spelling against the API documentation.",
            "Unknown fields: %(fields)s. Check their spelling against the API documentation.",
            len(unknown),
        ) % {"fields": ", ".join(unknown)}
    elif limits := out_of_range(exc.errors):  # a number the API cannot take: say which and its bound
        detail = " ".join(limits)
    return problem(request, 422, detail, code="invalid_request", errors=exc.errors)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    # ninja's own message is a bare "Unauthorized"; ours (e.g. a revoked token) says what to do.
    detail = exc.message if exc.message != "Unauthorized" else _("Sign in or send a valid API token.")
    response = problem(request, 401, detail, code="unauthenticated")
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem(request, 404, _("Not found."), code="not_found")


@api.exception_handler(RequestDataTooBig)
def on_request_too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return too_large_problem(request, exc)


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc.__cause__, RequestDataTooBig):  # ninja wraps a JSON body over the maximum
        return too_large_problem(request, exc.__cause__)
    if str(exc) == "Cannot parse request body":  # ninja's message for a body that is not JSON
        return problem(request, 400, _("The request body is not valid JSON."), code="malformed_body")
    return problem(request, exc.status_code, str(exc), code="http_error")


def _server_error(request: HttpRequest) -> HttpResponse:
    # Generic on purpose: an exception's text or traceback could reveal the system's internals.
    detail = _("Something went wrong on our side. The error has been recorded; please try again later.")
    # The request's id is in the log lines about the error: quoting it lets operators find them.
    request_id = current_request_id()
    return problem(
        request, 500, detail, code="server_error", **({"request_id": request_id} if request_id else {})
    )


@api.exception_handler(Exception)
def on_unhandled_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A bug: logged with its traceback as Django logs any server error, and answered without it."""
    response = _server_error(request)
    log_response("Internal Server Error: %s", request.path, response=response, request=request, exception=exc)
    # Error reporters (and the test client) listen for this signal, as for the errors Django handles itself.
    got_request_exception.send(sender=None, request=request)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: an error outside the API's views (a middleware, say) under /api/ is problem+json too."""
    if request.path.startswith("/api/"):
        return _server_error(request)
    return defaults.server_error(request)


def _register_routers() -> None:
    from gcmhub.accounts.api import router as accounts_router
    from gcmhub.accounts.job_api import router as jobs_router
    from gcmhub.comms.api import router as comms_router
    from gcmhub.countries.api import router as countries_router
    from gcmhub.directory.api import router as directory_router
    from gcmhub.events.api import router as events_router
    from gcmhub.fund.api import router as fund_router
    from gcmhub.knowledge.api import router as knowledge_router
    from gcmhub.reference.api import router as reference_router
    from gcmhub.reporting.api import router as reporting_router
    from gcmhub.results.api import router as results_router
    from gcmhub.search.api import router as search_router
    from gcmhub.search.suggest_api import router as suggest_router
    from gcmhub.workplan.api import router as workplan_router

    api.add_router("/reference", reference_router)
    api.add_router("/workplans", workplan_router)
    api.add_router("/accounts", accounts_router)
    api.add_router("/jobs", jobs_router)
    api.add_router("/fund", fund_router)
    api.add_router("/results", results_router)
    api.add_router("/knowledge", knowledge_router)
    api.add_router("/directory", directory_router)
    api.add_router("/search", search_router)
    api.add_router("/suggest", suggest_router)
    api.add_router("/reporting", reporting_router)
    api.add_router("/countries", countries_router)
    api.add_router("/comms", comms_router)
    api.add_router("/events", events_router)


_register_routers()
