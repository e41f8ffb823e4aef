from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog

from gcmhub.config.api import api
from gcmhub.config.api_reference import api_reference
from gcmhub.core.health import healthz

# Pages get the site's own 500 page; API addresses get problem+json.
handler500 = "gcmhub.config.api.server_error"
# A request body over the configured maximum is 413 (page or problem+json), not Django's generic 400.
handler400 = "gcmhub.core.uploads.bad_request"

urlpatterns: list[URLPattern | URLResolver] = [
    # The address of ninja's Swagger UI, which we do not serve (screen readers cannot use it): our reference.
    path("api/v1/docs", RedirectView.as_view(pattern_name="api_reference"), name="api_docs"),
    path("api/v1/", api.urls),
    # Outside the language prefix: load balancers and monitors ask one fixed address.
    path("healthz", healthz, name="healthz"),
]

# Pages carry the language in the URL (/fr/…, /ar/…) so links can be shared in the reader's language.
urlpatterns += i18n_patterns(
    # Inside the prefix, so switching from /ar/… runs in Arabic and can translate the page's address.
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("gcmhub.accounts.urls")),
    path("jobs/", include("gcmhub.accounts.job_urls")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("fund/", include("gcmhub.fund.urls")),
    path("results/", include("gcmhub.results.urls")),
    path("knowledge/", include("gcmhub.knowledge.urls")),
    path("directory/", include("gcmhub.directory.urls")),
    path("search/", include("gcmhub.search.urls")),
    path("reporting/", include("gcmhub.reporting.urls")),
    path("countries/", include("gcmhub.countries.urls")),
    path("comms/", include("gcmhub.comms.urls")),
    path("events/", include("gcmhub.events.urls")),
    path("dashboard/", include("gcmhub.events.dashboard_urls")),
    path("api/reference/", api_reference, name="api_reference"),
    path("", include("gcmhub.workplan.urls")),
    prefix_default_language=False,
)
