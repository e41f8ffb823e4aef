"""The API at /api/v1/: collects each app's router. Errors are RFC 7807 problem+json."""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from gcmhub.core.exceptions import DomainError
from gcmhub.core.problems import problem

api = NinjaAPI(
    title="GCM Hub API",
    version="1",
    description="Read-only access to everything published, and authenticated updates to the work plan's "
    "activities. Authenticate with a session or an API token (`Authorization: Bearer gcm_…`).",
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return problem(request, exc.status_code, exc.message, code=exc.code)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problem(request, 422, "The request is not valid.", code="invalid_request", errors=exc.errors)


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem(request, 401, "Sign in or send a valid API token.", code="unauthenticated")


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem(request, exc.status_code, str(exc), code="http_error")


def _register_routers() -> None:
    from gcmhub.accounts.api import router as accounts_router
    from gcmhub.directory.api import router as directory_router
    from gcmhub.fund.api import router as fund_router
    from gcmhub.knowledge.api import router as knowledge_router
    from gcmhub.reference.api import router as reference_router
    from gcmhub.results.api import router as results_router
    from gcmhub.search.api import router as search_router
    from gcmhub.workplan.api import router as workplan_router

    api.add_router("/reference", reference_router)
    api.add_router("/workplans", workplan_router)
    api.add_router("/accounts", accounts_router)
    api.add_router("/fund", fund_router)
    api.add_router("/results", results_router)
    api.add_router("/knowledge", knowledge_router)
    api.add_router("/directory", directory_router)
    api.add_router("/search", search_router)


_register_routers()
