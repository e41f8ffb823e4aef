"""Views across many resources: the national plans map, the platforms' overlaps and gaps, the review queue
and time-to-publish. Only published resources are counted where the public can see the result."""

import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext as _

from gcmhub.accounts.models import Membership
from gcmhub.accounts.queries import AnyUser
from gcmhub.core.exceptions import NotFound
from gcmhub.knowledge.models import (
    CallForPractices,
    Kind,
    NationalPlan,
    Resource,
    ResourceObjective,
    ReviewAssignment,
    Status,
)
from gcmhub.knowledge.queries.access import SUBMITTER_ROLES
from gcmhub.reference.models import Country, Objective, Region

# Later statuses win when a country has several published plans or reviews.
PLAN_STATUS_RANK: dict[str, int] = {
    NationalPlan.PlanStatus.IN_PREPARATION: 0,
    NationalPlan.PlanStatus.UNDER_REVIEW: 1,
    NationalPlan.PlanStatus.ADOPTED: 2,
}


@dataclass
class CountryPlan:
    country: Country
    status: str
    resources: list[Resource] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return str(NationalPlan.PlanStatus(self.status).label)


def national_plans_by_country() -> list[CountryPlan]:
    """Each country with a published national implementation plan, in the status of its most advanced plan."""
    plans = (
        NationalPlan.objects.filter(resource__status=Status.PUBLISHED, resource__kind=Kind.NATIONAL_PLAN)
        .select_related("country", "resource")
        .order_by("country__name_en", "-resource__published_on")
    )
    by_country: dict[int, CountryPlan] = {}
    for plan in plans:
        entry = by_country.get(plan.country_id)
        if entry is None:
            entry = by_country[plan.country_id] = CountryPlan(plan.country, plan.plan_status)
        elif PLAN_STATUS_RANK[plan.plan_status] > PLAN_STATUS_RANK[entry.status]:
            entry.status = plan.plan_status
        entry.resources.append(plan.resource)
    return list(by_country.values())


def national_plan_map_values() -> dict[str, str]:
    """M49 code → plan status, for the world map."""
    return {entry.country.m49: entry.status for entry in national_plans_by_country() if entry.country.m49}


# ---- Overlaps and gaps between platforms -------------------------------------------------------------------


@dataclass
class Cell:
    objective: int
    region: str
    platforms: list[Resource] = field(default_factory=list)
    hub_resources: int = 0

    @property
    def is_gap(self) -> bool:
        return not self.platforms

    @property
    def is_overlap(self) -> bool:
        return len(self.platforms) > 1


@dataclass
class OverlapMatrix:
    objectives: list[Objective]
    regions: list[Region]
    cells: dict[tuple[int, str], Cell]
    platforms: list[Resource]

    def row(self, objective: Objective) -> list[Cell]:
        return [self.cells[(objective.number, region.m49)] for region in self.regions]

    @property
    def rows(self) -> list[tuple[Objective, list[Cell]]]:
        return [(objective, self.row(objective)) for objective in self.objectives]

    @property
    def gaps(self) -> list[Cell]:
        """Objective x region pairs that no registered platform covers."""
        return [cell for cell in self.cells.values() if cell.is_gap]

    @property
    def uncovered(self) -> list[Cell]:
        """Gaps the hub's own content does not fill either."""
        return [cell for cell in self.gaps if not cell.hub_resources]

    @property
    def overlaps(self) -> list[Cell]:
        return [cell for cell in self.cells.values() if cell.is_overlap]


def top_regions() -> list[Region]:
    """The M49 regions (Africa, Americas, Asia, Europe, Oceania)."""
    return list(Region.objects.filter(level=Region.Level.REGION).order_by("name"))


def _region_sets(resources: "QuerySet[Resource]", all_regions: set[str]) -> dict[int, set[str]]:
    """Each resource's top-level M49 regions: from its regions, its countries, or all of them when global."""
    parents = dict(Region.objects.values_list("m49", "parent__m49"))

    def top(m49: str | None) -> str | None:
        seen = 0
        while m49 and m49 not in all_regions and seen < 4:
            m49, seen = parents.get(m49), seen + 1
        return m49 if m49 in all_regions else None

    regions: dict[int, set[str]] = defaultdict(set)
    for pk, m49 in resources.values_list("pk", "regions__m49"):
        if (region := top(m49)) is not None:
            regions[pk].add(region)
    for pk, m49 in resources.values_list("pk", "countries__region__m49"):
        if (region := top(m49)) is not None:
            regions[pk].add(region)
    for pk, scope in resources.values_list("pk", "scope"):
        if scope == "global" or not regions.get(pk):
            # Global, or no geography given: it serves every region.
            regions[pk] = set(all_regions)
    return regions


def _objective_sets(resources: "QuerySet[Resource]") -> dict[int, set[int]]:
    objectives: dict[int, set[int]] = defaultdict(set)
    for pk, number in ResourceObjective.objects.filter(resource__in=resources).values_list(
        "resource_id", "objective__number"
    ):
        objectives[pk].add(number)
    return objectives


def published_counts_by_objective_and_region(kind: str) -> dict[tuple[int, str], int]:
    """(GCM objective number, top-level M49 region code) -> how many published resources of `kind` serve that
    pair. As on the overlaps page, a global resource, or one that names no place, serves every region."""
    regions = {region.m49 for region in top_regions()}
    resources = Resource.objects.filter(status=Status.PUBLISHED, kind=kind)
    region_sets = _region_sets(resources, regions)
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for pk, numbers in _objective_sets(resources).items():
        for number in numbers:
            for region in region_sets.get(pk, regions):
                counts[(number, region)] += 1
    return dict(counts)


def overlap_and_gaps() -> OverlapMatrix:
    """GCM objectives x M49 regions: which published platforms cover each cell, and how many other published
    hub resources do. A gap is a cell no platform covers; an overlap is one that two or more cover."""
    objectives = list(Objective.objects.order_by("number"))
    regions = top_regions()
    region_codes = {region.m49 for region in regions}
    cells = {(o.number, r.m49): Cell(o.number, r.m49) for o in objectives for r in regions}
    published = Resource.objects.filter(status=Status.PUBLISHED)
    platforms_qs = published.filter(kind=Kind.PLATFORM)
    platforms = {p.pk: p for p in platforms_qs.select_related("platform").order_by("title")}
    platform_regions = _region_sets(platforms_qs, region_codes)
    for pk, numbers in sorted(
        _objective_sets(platforms_qs).items(), key=lambda item: platforms[item[0]].title
    ):
        for number in numbers:
            for region in platform_regions.get(pk, region_codes):
                if (number, region) in cells:
                    cells[(number, region)].platforms.append(platforms[pk])
    others = published.exclude(kind=Kind.PLATFORM)
    other_regions = _region_sets(others, region_codes)
    for pk, numbers in _objective_sets(others).items():
        for number in numbers:
            for region in other_regions.get(pk, region_codes):
                if (number, region) in cells:
                    cells[(number, region)].hub_resources += 1
    return OverlapMatrix(objectives, regions, cells, list(platforms.values()))


def content_stamp() -> tuple[int, datetime.datetime | None]:
    """Changes whenever published content does (for caching the views above)."""
    agg = Resource.objects.filter(status=Status.PUBLISHED).aggregate(n=Count("pk"), last=Max("updated_at"))
    return agg["n"], agg["last"]


# ---- Review -----------------------------------------------------------------------------------------------


IN_REVIEW = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.CHANGES_REQUESTED, Status.APPROVED)


def review_queue() -> "QuerySet[Resource]":
    """Everything between submission and publication, oldest submission first (for the secretariat)."""
    return (
        Resource.objects.filter(status__in=IN_REVIEW)
        .select_related("organization", "submitted_by")
        .prefetch_related("assignments__reviewer")
        .order_by("first_submitted_at", "pk")
    )


def assignments_for(user: AnyUser) -> "QuerySet[ReviewAssignment]":
    """A reviewer's assignments: pending first, then those done."""
    if not user.is_authenticated:
        return ReviewAssignment.objects.none()
    return (
        ReviewAssignment.objects.filter(reviewer_id=user.pk)
        .exclude(state=ReviewAssignment.State.WITHDRAWN)
        .select_related("resource", "resource__organization")
        .order_by("-state", "assigned_at")
    )


def submissions_of(user: AnyUser) -> "QuerySet[Resource]":
    """What `user` or their organizations submitted, with its review status, latest change first."""
    if not user.is_authenticated:
        return Resource.objects.none()
    mine = Membership.objects.filter(user_id=user.pk, role__in=SUBMITTER_ROLES).values("organization_id")
    return Resource.objects.filter(Q(submitted_by_id=user.pk) | Q(organization_id__in=mine)).order_by(
        "-updated_at", "-pk"
    )


@dataclass
class PublishStats:
    count: int
    median: datetime.timedelta | None
    mean: datetime.timedelta | None
    longest: datetime.timedelta | None
    recent: list[Resource]


def time_to_publish() -> PublishStats:
    """Submitted → published, over every resource that went through review."""
    published = list(
        Resource.objects.filter(first_submitted_at__isnull=False, published_at__isnull=False)
        .select_related("organization")
        .order_by("-published_at")
    )
    durations = [r.time_to_publish for r in published if r.time_to_publish is not None]
    seconds = [d.total_seconds() for d in durations]
    return PublishStats(
        count=len(durations),
        median=datetime.timedelta(seconds=statistics.median(seconds)) if seconds else None,
        mean=datetime.timedelta(seconds=statistics.fmean(seconds)) if seconds else None,
        longest=max(durations) if durations else None,
        recent=published[:20],
    )


def calls_for_practices() -> "QuerySet[CallForPractices]":
    """Every call for practices, newest first (the model's order)."""
    return CallForPractices.objects.all()


def access_call(call_id: int) -> CallForPractices:
    """A call for practices with its objectives; calls are public, so only an unknown one is refused."""
    call = CallForPractices.objects.filter(pk=call_id).prefetch_related("objectives").first()
    if call is None:
        raise NotFound(_("There is no such call."))
    return call


def published_answers(call: CallForPractices) -> "QuerySet[Resource]":
    """The published resources that answer `call`; the submitter sees the others under "My submissions"."""
    return call.resources.filter(status=Status.PUBLISHED).order_by("-published_on", "-pk")


def country_names(language: str) -> dict[str, str]:
    """Country names in `language`, by M49 code, for the map's tooltips."""
    return {c.m49: c.name_in(language) for c in Country.objects.exclude(m49="")}
