"""The search index's check for /healthz (registered with core's health registry in SearchConfig.ready): how
many outbox rows this node's index has not applied yet."""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gcmhub.core.health import FAIL, OK, Check
from gcmhub.search import outbox
from gcmhub.search.backends import get_backend


def index_freshness() -> Check:
    """Fails when this node has no index or lags more than GCMHUB_HEALTH_MAX_INDEX_LAG outbox rows behind."""
    backend = get_backend()
    if not backend.exists():
        return Check(FAIL, _("This node has no search index; run `gcmhub rebuild_index`."))
    lag = outbox.pending_count(backend.read_cursor())
    limit = settings.GCMHUB_HEALTH_MAX_INDEX_LAG
    detail = ngettext(
        "The search index is %(lag)d change behind the database (at most %(limit)d allowed).",
        "The search index is %(lag)d changes behind the database (at most %(limit)d allowed).",
        lag,
    ) % {"lag": lag, "limit": limit}
    return Check(FAIL if lag > limit else OK, detail, {"lag": lag})
