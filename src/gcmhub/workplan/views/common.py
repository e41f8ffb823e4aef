"""What every work plan page shares: which plan version a page shows."""

from django.http import HttpRequest
from django.utils.translation import gettext as _

from gcmhub.core.exceptions import DomainError
from gcmhub.workplan import queries
from gcmhub.workplan.models import WorkPlanVersion


def requested_version(request: HttpRequest) -> WorkPlanVersion | None:
    """The version named by ?version=N, else the current one; a malformed number is a 400."""
    raw = request.GET.get("version", "").strip()
    if not raw:
        return queries.version_for_page(None)
    if not raw.isdigit() or len(raw) > 6:
        raise DomainError(_("The version must be a whole number, such as ?version=2."), code="bad_version")
    return queries.version_for_page(int(raw))
