"""Who may build the report: the secretariat (it drafts the Secretary-General's report)."""

from django.utils.translation import gettext as _

from gcmhub.accounts.queries import AnyUser, is_secretariat
from gcmhub.core.exceptions import PermissionDenied


def can_build_report(user: AnyUser | None) -> bool:
    return user is not None and is_secretariat(user)


def require_report_builder(user: AnyUser | None) -> None:
    if not can_build_report(user):
        raise PermissionDenied(_("Only the secretariat may build the Secretary-General's report."))
