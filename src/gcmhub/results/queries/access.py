"""Who may see, shape, report on and approve a results framework; the permission-checked fetches."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from gcmhub.accounts.models import Role
from gcmhub.accounts.queries import has_role, is_secretariat, organizations_for
from gcmhub.core.actors import Actor
from gcmhub.core.exceptions import NotFound, PermissionDenied
from gcmhub.results.models import Framework, Indicator, Report, ReportStatus, Result
from gcmhub.results.workplan_link import expected_result_organizations

# None is the operator at the command line, who already controls the installation.

FUND_KINDS = (Framework.Kind.FUND, Framework.Kind.PROGRAMME)


def _focal_point_org_ids(user: Actor) -> set[int]:
    if user is None:
        return set()
    return set(organizations_for(user, Role.FOCAL_POINT).values_list("pk", flat=True))


def _reporting_org_ids(framework: Framework) -> set[int]:
    return set(framework.reporting_organizations.values_list("pk", flat=True))


def is_fund_staff(user: Actor) -> bool:
    """The secretariat and fund managers."""
    if user is None:
        return True
    return is_secretariat(user) or has_role(user, Role.FUND_MANAGER)


def can_manage_framework(user: Actor, framework: Framework) -> bool:
    """Shape the framework (results, indicators, baselines, targets, links)."""
    if user is None or is_secretariat(user):
        return True
    if framework.kind in FUND_KINDS and has_role(user, Role.FUND_MANAGER):
        return True
    # A programme's participating organizations design its results framework.
    return framework.kind == Framework.Kind.PROGRAMME and bool(
        _focal_point_org_ids(user) & _reporting_org_ids(framework)
    )


def _reporter_org_ids_for(indicator: Indicator) -> set[int]:
    framework = indicator.framework
    ids = _reporting_org_ids(framework)
    if framework.kind == Framework.Kind.WORKPLAN:
        outcome = indicator.result.parent or indicator.result
        key = indicator.result.workplan_key or outcome.workplan_key
        if key:
            ids |= {org.pk for org in expected_result_organizations(key)}
    return ids


def can_report(user: Actor, indicator: Indicator) -> bool:
    """Enter and submit values: focal points of the reporting organizations; for the fund's own
    framework, fund managers; the secretariat always."""
    if user is None or is_secretariat(user):
        return True
    framework = indicator.framework
    if framework.kind == Framework.Kind.FUND:
        return has_role(user, Role.FUND_MANAGER)
    return bool(_focal_point_org_ids(user) & _reporter_org_ids_for(indicator))


def can_review(user: Actor, indicator: Indicator) -> bool:
    """Approve or return submitted values: fund managers for the fund and its programmes; the secretariat."""
    if user is None or is_secretariat(user):
        return True
    return indicator.framework.kind in FUND_KINDS and has_role(user, Role.FUND_MANAGER)


def can_see_drafts(user: Actor, framework: Framework) -> bool:
    """Drafts and unapproved values are for the people who report and review them."""
    if user is None or is_secretariat(user):
        return True
    if framework.kind in FUND_KINDS and is_fund_staff(user):
        return True
    mine = _focal_point_org_ids(user)
    if not mine:
        return False
    if mine & _reporting_org_ids(framework):
        return True
    if framework.kind == Framework.Kind.WORKPLAN:
        keys = framework.results.exclude(workplan_key="").values_list("workplan_key", flat=True)
        return any(mine & {org.pk for org in expected_result_organizations(key)} for key in keys)
    return False


def can_view_framework(user: Actor, framework: Framework) -> bool:
    return framework.is_public or can_see_drafts(user, framework) or can_manage_framework(user, framework)


def visible_frameworks(user: Actor) -> "QuerySet[Framework]":
    frameworks = Framework.objects.order_by("kind", "code")
    if user is None or is_secretariat(user):
        return frameworks
    condition = Q(is_public=True)
    if has_role(user, Role.FUND_MANAGER):
        condition |= Q(kind__in=FUND_KINDS)
    mine = _focal_point_org_ids(user)
    if mine:
        condition |= Q(reporting_organizations__in=mine)
    return frameworks.filter(condition).distinct()


def get_framework(code: str) -> Framework:
    framework = Framework.objects.filter(code=code).first()
    if framework is None:
        raise NotFound(_("There is no results framework %(code)s.") % {"code": code})
    return framework


def access_framework(user: Actor, code: str) -> Framework:
    """The framework if `user` may see it; one they may not see does not exist for them."""
    framework = get_framework(code)
    if not can_view_framework(user, framework):
        raise NotFound(_("There is no results framework %(code)s.") % {"code": code})
    return framework


def access_framework_for_change(user: Actor, code: str) -> Framework:
    framework = access_framework(user, code)
    if not can_manage_framework(user, framework):
        raise PermissionDenied(_("You may not change this results framework."))
    return framework


def access_result_for_change(user: Actor, result_id: int) -> Result:
    result = Result.objects.select_related("framework").filter(pk=result_id).first()
    if result is None or not can_view_framework(user, result.framework):
        raise NotFound(_("There is no such result."))
    if not can_manage_framework(user, result.framework):
        raise PermissionDenied(_("You may not change this results framework."))
    return result


def access_indicator(user: Actor, indicator_id: int) -> Indicator:
    indicator = (
        Indicator.objects.select_related("framework", "result__parent", "sdg_indicator")
        .filter(pk=indicator_id)
        .first()
    )
    if indicator is None or not can_view_framework(user, indicator.framework):
        raise NotFound(_("There is no such indicator."))
    return indicator


def access_indicator_for_change(user: Actor, indicator_id: int) -> Indicator:
    indicator = access_indicator(user, indicator_id)
    if not can_manage_framework(user, indicator.framework):
        raise PermissionDenied(_("You may not change this results framework."))
    return indicator


def access_indicator_for_reporting(user: Actor, indicator_id: int) -> Indicator:
    indicator = access_indicator(user, indicator_id)
    if not can_report(user, indicator):
        raise PermissionDenied(
            _("Only focal points of the organizations that report on this indicator may enter its values.")
        )
    return indicator


def access_report(user: Actor, report_id: int) -> Report:
    """A report if `user` may see it: approved ones when the framework is visible, others only to the
    people who report and review them."""
    report = (
        Report.objects.select_related("indicator__framework", "indicator__result__parent")
        .filter(pk=report_id)
        .first()
    )
    if report is None or not can_view_framework(user, report.indicator.framework):
        raise NotFound(_("There is no such report."))
    if report.status != ReportStatus.APPROVED and not (
        can_report(user, report.indicator) or can_review(user, report.indicator)
    ):
        raise NotFound(_("There is no such report."))
    return report
