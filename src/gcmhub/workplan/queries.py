"""Reads of the work plan, and the permission-checked fetches (`access_*`) used by pages, API and commands."""

import datetime
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext

from gcmhub.accounts.models import Role
from gcmhub.accounts.queries import AnyUser, is_secretariat, organizations_by_acronym, organizations_for
from gcmhub.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from gcmhub.reference.models import Objective, Organization
from gcmhub.workplan.models import (
    CLOSED_STATUSES,
    Activity,
    ExpectedResult,
    ImportIssue,
    ProgressUpdate,
    Section,
    WorkPlan,
    WorkPlanVersion,
)
from gcmhub.workplan.models import (
    ActivityStatus as ActivityStatus,  # other apps read the statuses through these queries
)

DEFAULT_PLAN_SLUG = "multi-annual-work-plan"


def current_version(plan_slug: str = DEFAULT_PLAN_SLUG) -> WorkPlanVersion | None:
    return (
        WorkPlanVersion.objects.filter(plan__slug=plan_slug, is_current=True).select_related("plan").first()
    )


def get_version(number: int, plan_slug: str = DEFAULT_PLAN_SLUG) -> WorkPlanVersion:
    version = WorkPlanVersion.objects.filter(plan__slug=plan_slug, number=number).first()
    if version is None:
        raise NotFound(gettext("There is no version %(number)s of this work plan.") % {"number": number})
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
    return bool(mine & _organization_ids_working_on(activity))


def _organization_ids_working_on(activity: Activity) -> set[int]:
    """Its lead, its participants and the organizations named for its result."""
    involved = {activity.lead_id} if activity.lead_id else set()
    involved |= set(activity.participants.values_list("pk", flat=True))
    involved |= set(activity.result.organizations.values_list("pk", flat=True))
    return involved


def get_activity(activity_id: int) -> Activity:
    activity = (
        Activity.objects.select_related("result__section__version__plan", "lead")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise NotFound(gettext("There is no such activity."))
    return activity


def organizations_working_on(activity: Activity) -> list[str]:
    """The acronyms of the organizations whose focal points may update `activity`."""
    involved = _organization_ids_working_on(activity)
    return list(
        Organization.objects.filter(pk__in=involved).order_by("acronym").values_list("acronym", flat=True)
    )


def why_not_allowed_to_update(activity: Activity) -> str:
    """Who may update `activity`, said to someone who may not, so they know what would allow it."""
    acronyms = organizations_working_on(activity)
    if not acronyms:
        return gettext(
            "No organization is named as working on this activity yet, so only the secretariat may update it."
        )
    return gettext(
        "Only focal points of the organizations working on this activity (%(organizations)s), or the "
        "secretariat, may update it."
    ) % {"organizations": ", ".join(acronyms)}


def access_activity_for_update(user: AnyUser, activity_id: int) -> Activity:
    """The activity, if `user` may update it; otherwise NotFound or PermissionDenied."""
    activity = get_activity(activity_id)
    if not can_update_activity(user, activity):
        raise PermissionDenied(why_not_allowed_to_update(activity))
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


# Reads behind the work plan API (lists, detail with tracking, history).


def get_plan(plan_slug: str) -> WorkPlan:
    plan = WorkPlan.objects.filter(slug=plan_slug).first()
    if plan is None:
        raise NotFound(gettext("There is no work plan %(slug)s.") % {"slug": plan_slug})
    return plan


def plans_with_current_number() -> "QuerySet[WorkPlan]":
    """Every plan, annotated with `current_number` (None before the first import)."""
    current = WorkPlanVersion.objects.filter(plan=OuterRef("pk"), is_current=True).values("number")[:1]
    return plans().annotate(current_number=Subquery(current))


def get_current_version(plan_slug: str) -> WorkPlanVersion:
    version = current_version(get_plan(plan_slug).slug)
    if version is None:
        raise NotFound(gettext("This work plan has no imported version yet."))
    return version


def get_plan_version(plan_slug: str, number: int) -> WorkPlanVersion:
    return get_version(number, get_plan(plan_slug).slug)


def versions_with_issue_counts(plan: WorkPlan) -> "QuerySet[WorkPlanVersion]":
    return plan.versions.annotate(issue_count=Count("import_issues")).order_by("number")


def import_issues(version: WorkPlanVersion) -> "QuerySet[ImportIssue]":
    return version.import_issues.order_by("line", "pk")


def get_result_detail(result_id: int) -> ExpectedResult:
    """One expected result with its section, membership and activities (with their tracking)."""
    activities = Activity.objects.select_related("lead").prefetch_related("participants").order_by("position")
    result = (
        ExpectedResult.objects.select_related("section__version__plan")
        .prefetch_related(Prefetch("activities", queryset=activities), "organizations", "groups")
        .filter(pk=result_id)
        .first()
    )
    if result is None:
        raise NotFound(gettext("There is no such expected result."))
    return result


def get_activity_detail(activity_id: int) -> Activity:
    """One activity with its tracking and progress updates (newest first)."""
    updates = ProgressUpdate.objects.select_related("author").order_by("-date", "-pk")
    activity = (
        Activity.objects.select_related("result__section__version__plan", "lead")
        .prefetch_related("participants", Prefetch("updates", queryset=updates))
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise NotFound(gettext("There is no such activity."))
    return activity


SECTION_KEY = re.compile(r"^(cc|ta(\d{1,3}))$")


def filter_activities(
    *,
    plan_slug: str | None = None,
    status: str | None = None,
    overdue: bool | None = None,
    section: str | None = None,
    organization: str | None = None,
    objective: int | None = None,
    today: datetime.date | None = None,
) -> "QuerySet[Activity]":
    """Activities of the current versions, in plan order. `section` is a section key ("cc", "ta3");
    `organization` an acronym matching the lead, a participant or a named member of the result; `objective`
    a GCM objective number listed by the activity's section. Bad filter values are ValidationFailed."""
    qs = Activity.objects.filter(result__section__version__is_current=True)
    if plan_slug:
        qs = qs.filter(result__section__version__plan=get_plan(plan_slug))
    if status:
        if status not in ActivityStatus.values:
            raise ValidationFailed(
                gettext("Unknown status %(status)s; use one of: %(statuses)s.")
                % {"status": status, "statuses": ", ".join(ActivityStatus.values)},
                code="bad_status",
            )
        qs = qs.filter(status=status)
    if overdue is not None:
        late = Q(planned_end__lt=today or timezone.localdate()) & ~Q(status__in=CLOSED_STATUSES)
        qs = qs.filter(late) if overdue else qs.exclude(late)
    if section:
        match = SECTION_KEY.match(section.strip().lower())
        if match is None:
            raise ValidationFailed(
                gettext(
                    "Unknown section %(section)s; use cc for the cross-cutting section or ta1, ta2, … for a "
                    "thematic area."
                )
                % {"section": section},
                code="bad_section",
            )
        if match.group(2) is None:
            qs = qs.filter(result__section__kind=Section.Kind.CROSS_CUTTING)
        else:
            qs = qs.filter(
                result__section__kind=Section.Kind.THEMATIC_AREA, result__section__number=int(match.group(2))
            )
    if organization:
        [org] = organizations_by_acronym([organization])
        involved = Activity.objects.filter(
            Q(lead=org) | Q(participants=org) | Q(result__organizations=org)
        ).values("pk")
        qs = qs.filter(pk__in=involved)
    if objective is not None:
        if not Objective.objects.filter(number=objective).exists():
            raise ValidationFailed(
                gettext("There is no GCM objective %(number)s; they are numbered 1 to 23.")
                % {"number": objective},
                code="bad_objective",
            )
        listed = Activity.objects.filter(result__section__objectives__number=objective).values("pk")
        qs = qs.filter(pk__in=listed)
    return (
        qs.select_related("result__section__version__plan", "lead")
        .prefetch_related("participants")
        .order_by(
            "result__section__version__plan__slug",
            "result__section__position",
            "result__position",
            "position",
            "pk",
        )
    )


def activity_history(activity: Activity) -> "QuerySet[LogEntry]":
    """The audit events of an activity and of its progress updates, newest first."""
    types = ContentType.objects.get_for_models(Activity, ProgressUpdate)
    update_ids = ProgressUpdate.objects.filter(activity=activity).values("pk")
    events: QuerySet[LogEntry] = (
        LogEntry.objects.filter(
            Q(content_type=types[Activity], object_id=activity.pk)
            | Q(content_type=types[ProgressUpdate], object_id__in=update_ids)
        )
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
    return events


# --- Reads for the work plan pages -------------------------------------------------------------------


@dataclass
class StatusCount:
    status: str
    label: str
    count: int


@dataclass
class PlanSummary:
    """The key numbers of one version, for the home page."""

    sections: int
    results: int
    activities: int
    by_status: list[StatusCount]
    overdue: int
    objectives_covered: int
    objectives_in_thematic_areas: int
    objectives_total: int


def plan_summary(version: WorkPlanVersion, today: datetime.date | None = None) -> PlanSummary:
    today = today or timezone.localdate()
    activities = Activity.objects.filter(result__section__version=version)
    counts = dict(activities.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    overdue = activities.filter(planned_end__lt=today).exclude(status__in=CLOSED_STATUSES).count()
    listed = Objective.objects.filter(sections__version=version).distinct()
    # One filter() call so both conditions apply to the same section.
    thematic = Objective.objects.filter(sections__version=version, sections__kind=Section.Kind.THEMATIC_AREA)
    return PlanSummary(
        sections=Section.objects.filter(version=version).count(),
        results=ExpectedResult.objects.filter(section__version=version).count(),
        activities=sum(counts.values()),
        by_status=[
            StatusCount(value, str(label), counts.get(value, 0)) for value, label in ActivityStatus.choices
        ],
        overdue=overdue,
        objectives_covered=listed.count(),
        objectives_in_thematic_areas=thematic.distinct().count(),
        objectives_total=Objective.objects.count(),
    )


def version_for_page(number: int | None, plan_slug: str = DEFAULT_PLAN_SLUG) -> WorkPlanVersion | None:
    """The version a page shows: the one asked for (NotFound if missing), else the current one."""
    return current_version(plan_slug) if number is None else get_version(number, plan_slug)


def may_track(user: AnyUser, activity: Activity) -> bool:
    """Whether to offer the tracking forms: only on the current version, to those who may update it."""
    return activity.result.section.version.is_current and can_update_activity(user, activity)


def organizations_for_tracking() -> "QuerySet[Organization]":
    """Organizations offered as lead or participant: every body in the reference data, governments, civil
    society and national human rights institutions included, as any of them may lead or take part."""
    return Organization.objects.order_by("acronym")


def objective_by_number(number: int) -> Objective:
    objective = Objective.objects.filter(number=number).first()
    if objective is None:
        raise NotFound(gettext("There is no GCM objective %(number)s.") % {"number": number})
    return objective


def sections_for_objective(version: WorkPlanVersion, objective: Objective) -> "QuerySet[Section]":
    """The sections of `version` that list `objective`, with their results and activities."""
    return sections_with_results(version).filter(objectives=objective)


def versions(plan_slug: str = DEFAULT_PLAN_SLUG) -> "QuerySet[WorkPlanVersion]":
    return (
        WorkPlanVersion.objects.filter(plan__slug=plan_slug)
        .select_related("imported_by")
        .annotate(issue_count=Count("import_issues"))
        .order_by("-number")
    )


def objectives_by_section(version: WorkPlanVersion) -> dict[int, set[int]]:
    """Section id -> ids of the objectives it lists, in one query."""
    listed: dict[int, set[int]] = defaultdict(set)
    pairs = Section.objectives.through.objects.filter(section__version=version)
    for section_id, objective_id in pairs.values_list("section_id", "objective_id"):
        listed[section_id].add(objective_id)
    return listed


def can_import_workplan(user: AnyUser) -> bool:
    """Only the secretariat imports new versions of the plan."""
    return is_secretariat(user)


# ---- Activities that name something ----------------------------------------------------------------------

# Chinese is written without spaces, so a Chinese name is found anywhere; other scripts need whole words.
_HAN = re.compile(r"[\u3400-\u9fff]")


def _whole_word(name: str) -> str:
    escaped = re.escape(name)
    return escaped if _HAN.search(name) else rf"(?<!\w){escaped}(?!\w)"


def _naming_pattern(names: set[str], longer_names: set[str]) -> "re.Pattern[str]":
    # Longest first, so "Democratic Republic of the Congo" is read as one name before "Congo" is tried.
    alternatives = sorted(names | longer_names, key=len, reverse=True)
    return re.compile("|".join(_whole_word(name) for name in alternatives), re.IGNORECASE)


def activities_naming(names: Iterable[str], longer_names: Iterable[str] = ()) -> list[Activity]:
    """Activities of the current plan versions whose text names one of `names` as a whole word, ignoring case,
    in plan order. A name read as part of one of `longer_names` ("Congo" inside "Democratic Republic of the
    Congo") does not count."""
    own = {name.strip() for name in names if name.strip()}
    if not own:
        return []
    pattern = _naming_pattern(own, {name.strip() for name in longer_names if name.strip()} - own)
    wanted = {name.casefold() for name in own}
    return [
        activity
        for activity in filter_activities()
        if any(match.group(0).casefold() in wanted for match in pattern.finditer(activity.text))
    ]
