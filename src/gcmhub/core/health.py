"""`GET /healthz` for load balancers and monitoring (docs/operations.md, "Health").

Checks are probes in a small registry: core registers the database and the worker heartbeat; an app adds its
own in its AppConfig.ready (search adds the index freshness), so core imports no domain app. A probe
answers "ok", "degraded" (working, but look at it: 200) or "fail" (this node should not get traffic: 503).
A probe that raises fails. The answer holds counts and sentences only, nothing secret, and writes nothing."""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from gcmhub.core.schemas import HealthCheckOut, HealthOut

logger = logging.getLogger(__name__)

OK, DEGRADED, FAIL = "ok", "degraded", "fail"


@dataclass(frozen=True)
class Check:
    status: str  # OK, DEGRADED or FAIL
    detail: str  # a sentence for the operator
    values: dict[str, int] = field(default_factory=dict)  # the numbers behind it (rows of lag, live workers)


Probe = Callable[[], Check]
_probes: dict[str, Probe] = {}


def register_probe(name: str, probe: Probe) -> None:
    """Add a check to /healthz (from AppConfig.ready; registering a name again replaces its probe)."""
    _probes[name] = probe


def run_checks() -> dict[str, Check]:
    results = {}
    for name, probe in _probes.items():
        try:
            results[name] = probe()
        except Exception:
            # The error may name hosts or paths: it goes to the log, not into the public answer.
            logger.exception("The health check %s could not run.", name)
            results[name] = Check(FAIL, _("The check could not run; the error is in the server's log."))
    return results


def overall(results: dict[str, Check]) -> str:
    statuses = {check.status for check in results.values()}
    return FAIL if FAIL in statuses else DEGRADED if DEGRADED in statuses else OK


@never_cache
@require_safe
def healthz(request: HttpRequest) -> HttpResponse:
    results = run_checks()
    status = overall(results)
    body = HealthOut(
        status=status,
        checks={
            name: HealthCheckOut(status=check.status, detail=check.detail, **check.values)
            for name, check in results.items()
        },
    )
    return HttpResponse(
        body.model_dump_json(exclude_none=True),
        status=503 if status == FAIL else 200,
        content_type="application/json",
    )


# The probes of core itself, registered in CoreConfig.ready.


def database() -> Check:
    """A trivial query: the database answers. Always required."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("The database does not answer the health check.")
        return Check(FAIL, _("The database does not answer."))
    return Check(OK, _("The database answers."))


def worker() -> Check:
    """A background worker gave a sign of life within the lease. Without one, jobs wait in the queue (nothing
    is lost) and pages still work, so it is "degraded" unless GCMHUB_HEALTH_REQUIRE_WORKER says otherwise."""
    from gcmhub.core.jobs import live_workers

    live = live_workers().count()
    seconds = int(settings.GCMHUB_WORKER_LEASE_SECONDS)
    if live:
        detail = ngettext(
            "%(count)d background worker was seen in the last %(seconds)d seconds.",
            "%(count)d background workers were seen in the last %(seconds)d seconds.",
            live,
        ) % {"count": live, "seconds": seconds}
        return Check(OK, detail, {"live_workers": live})
    detail = _(
        "No background worker was seen in the last %(seconds)d seconds; jobs wait in the queue "
        "until one runs."
    ) % {"seconds": seconds}
    return Check(FAIL if settings.GCMHUB_HEALTH_REQUIRE_WORKER else DEGRADED, detail, {"live_workers": 0})
