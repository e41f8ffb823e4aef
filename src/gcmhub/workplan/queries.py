"""Reads of the work plan, and the permission-checked fetches (`access_*`) used by pages, API and commands."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from gcmhub.accounts.models import Role
from gcmhub.accounts.queries import AnyUser, is_secretariat, organizations_for
from gcmhub.core.exceptions import NotFound, PermissionDenied
from gcmhub.reference.models import Objective
from gcmhub.workplan.models import Activity, ExpectedResult, Section, WorkPlan, WorkPlanVersion

DEFAULT_PLAN_SLUG = "multi-annual-work-plan"


def current_version(plan_slug: str = DEFAULT_PLAN_SLUG) -> WorkPlanVersion | None:
    return (
        WorkPlanVersion.objects.filter(plan__slug=plan_slug, is_current=True).select_related("plan").first()
    )


def get_version(number: int, plan_slug: str = DEFAULT_PLAN_SLUG) -> WorkPlanVersion:
    version = WorkPlanVersion.objects.filter(plan__slug=plan_slug, number=number).first()
    if version is None:
        raise NotFound(f"There is no version {number} of this work plan.")
    return version


def plans() -> "QuerySet[WorkPlan]":
    return WorkPlan.objects.order_by("title")


def sections_with_results(version: WorkPlanVersion) -> "QuerySet[Section]":
    """The whole tree of one version in a fixed number of queries."""
    activities = Activity.objects.select_related("lead").prefetch_related("participants").order_by("position")
    results = ExpectedResult.objects.prefetch_related(
        Prefetch("activities", queryset=activities), "organizations", "groups"
    ).order_by("position")
    return (
        Section.objects.filter(version=version)
        .prefetch_related(Prefetch("results", queryset=results), "objectives")
        .order_by("position")
    )


def can_update_activity(user: AnyUser, activity: Activity) -> bool:
    """Focal points update activities of their organizations (lead, participant, or named member of the
    result); the secretariat updates everything."""
    if is_secretariat(user):
        return True
    mine = set(organizations_for(user, Role.FOCAL_POINT).values_list("pk", flat=True))
    if not mine:
        return False
    involved = {activity.lead_id} if activity.lead_id else set()
    involved |= set(activity.participants.values_list("pk", flat=True))
    involved |= set(activity.result.organizations.values_list("pk", flat=True))
    return bool(mine & involved)


def get_activity(activity_id: int) -> Activity:
    activity = (
        Activity.objects.select_related("result__section__version__plan", "lead")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise NotFound("There is no such activity.")
    return activity


def access_activity_for_update(user: AnyUser, activity_id: int) -> Activity:
    """The activity, if `user` may update it; otherwise NotFound or PermissionDenied."""
    activity = get_activity(activity_id)
    if not can_update_activity(user, activity):
        raise PermissionDenied("Only focal points of the organizations working on this activity, or the "
                               "secretariat, may update it.")
    return activity


@dataclass
class CoverageRow:
    """How one GCM objective is served by the plan."""

    objective: Objective
    # Results of sections that list the objective explicitly (thematic areas).
    results: list[ExpectedResult] = field(default_factory=list)
    activity_count: int = 0
    # True when the objective is served only through the cross-cutting "objectives 1-23" line.
    only_cross_cutting: bool = False

    @property
    def is_gap(self) -> bool:
        return not self.results


def coverage_matrix(version: WorkPlanVersion) -> list[CoverageRow]:
    """The 23 objectives against the plan's sections, results and activities; a gap is an objective that no
    thematic area lists (it is at most covered by the cross-cutting section)."""
    sections = list(sections_with_results(version))
    rows = []
    for objective in Objective.objects.order_by("number"):
        row = CoverageRow(objective=objective)
        in_cross_cutting = False
        for section in sections:
            if objective not in section.objectives.all():
                continue
            if section.kind == Section.Kind.CROSS_CUTTING:
                in_cross_cutting = True
                continue
            for result in section.results.all():
                row.results.append(result)
                row.activity_count += len(result.activities.all())
        row.only_cross_cutting = in_cross_cutting and not row.results
        rows.append(row)
    return rows
