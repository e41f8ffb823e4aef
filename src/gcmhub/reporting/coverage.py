"""GCM 360° coverage: for each of the 23 objectives, what serves it across the platform — work plan
activities, fund programmes and money, results indicators, practices, national plans, experts and call
responses — and where that support is thin (docs/coverage.md).

Only what the public may see is counted, for every reader and at the command line: published resources,
public programmes of published funds, indicators of public frameworks, experts listed publicly, and call
responses the secretariat made public. Other apps are read through their `queries` modules only.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gcmhub.core.maps import world_map_svg
from gcmhub.directory import queries as directory
from gcmhub.fund import queries as fund
from gcmhub.fund.queries.balances import allocated_by_programme
from gcmhub.knowledge import queries as knowledge
from gcmhub.reference.models import Country, Objective
from gcmhub.reporting.models import Answer, Response
from gcmhub.reporting.queries import public_responses
from gcmhub.results import queries as results
from gcmhub.workplan import queries as workplan

# The public's view: every count here is what an anonymous reader may see.
PUBLIC = AnonymousUser()
ZERO = Decimal("0.00")
# An objective with fewer published practices than this, and no fund programme, is thin.
THIN_MIN_PRACTICES = 3
PRACTICE = "practice"
NATIONAL_PLAN = "national_plan"
# How many practices an objective's page lists before pointing to the knowledge platform's search.
PRACTICES_SHOWN = 25

THIN_REASONS = {
    "no_activity": gettext_lazy("No activity of the work plan's thematic areas serves this objective."),
    "few_practices_no_programme": gettext_lazy(
        "Fewer than %(minimum)d published practices and no fund programme."
    ),
}


def thin_reasons(*, activities: int, practices: int, programmes: int) -> list[str]:
    """The rule of docs/coverage.md: thin when no activity serves the objective, or when it has fewer than
    THIN_MIN_PRACTICES published practices and no public fund programme."""
    reasons = []
    if activities == 0:
        reasons.append("no_activity")
    if practices < THIN_MIN_PRACTICES and programmes == 0:
        reasons.append("few_practices_no_programme")
    return reasons


def reason_label(code: str) -> str:
    return str(THIN_REASONS[code]) % {"minimum": THIN_MIN_PRACTICES}


@dataclass
class CoverageRow:
    """One objective on the overview: counts of what serves it."""

    objective: Objective
    activities: int = 0
    activities_by_status: dict[str, int] = field(default_factory=dict)
    programmes: int = 0
    budget_usd: Decimal = ZERO
    indicators: int = 0
    practices: int = 0
    national_plans: int = 0
    experts: int = 0
    responses: int = 0
    reasons: list[str] = field(default_factory=list)

    @property
    def thin(self) -> bool:
        return bool(self.reasons)

    @property
    def reason_labels(self) -> list[str]:
        return [reason_label(code) for code in self.reasons]


# ---- The work plan ----------------------------------------------------------------------------------------


@dataclass
class PlanLinks:
    """The current work plan's thematic areas, read once: activities per objective, and the objectives of each
    expected result by its stable key ("ta3.2")."""

    activities: dict[int, list[Any]] = field(default_factory=lambda: defaultdict(list))
    objectives_of_result: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))


def plan_links() -> PlanLinks:
    """Only thematic areas count: the cross-cutting section lists all 23 objectives at once and would make
    every objective look served."""
    links = PlanLinks()
    version = workplan.current_version()
    if version is None:
        return links
    for section in workplan.sections_with_results(version):
        if section.kind != "thematic_area":  # the cross-cutting section
            continue
        numbers = [objective.number for objective in section.objectives.all()]
        for result in section.results.all():
            key = f"{section.key}.{result.number}"
            for number in numbers:
                links.objectives_of_result[key].add(number)
                links.activities[number].extend(result.activities.all())
    return links


def _by_status(activities: Iterable[Any]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for activity in activities:
        counts[activity.status] += 1
    return dict(counts)


# ---- The fund ---------------------------------------------------------------------------------------------


def public_programmes() -> "QuerySet[Any]":
    """Public programmes of published funds, with what the coverage shows of them."""
    return fund.visible_programmes(PUBLIC).prefetch_related(
        "programme_objectives", "countries", "participants"
    )


def allocations() -> dict[int, Decimal]:
    """Programme id -> net allocations to date, over every published fund (reversals net to zero)."""
    amounts: dict[int, Decimal] = {}
    for each in fund.visible_funds(PUBLIC):
        amounts.update(allocated_by_programme(each, timezone.localdate()))
    return amounts


def _primary_numbers(programme: Any) -> list[int]:
    """The objectives a programme's money is split over: its primary ones, or all of them if none is."""
    links = list(programme.programme_objectives.all())
    primaries = [link for link in links if link.is_primary] or links
    return sorted(link.objective.number for link in primaries)


def objective_shares(programme: Any, allocated: Decimal) -> dict[int, Decimal]:
    """A programme's allocations split evenly (to the cent) over its primary objectives, as the fund's
    dashboard does, so the objectives' budgets add up to the total allocated."""
    numbers = _primary_numbers(programme)
    return dict(zip(numbers, fund.split(allocated, len(numbers)), strict=True))


@dataclass
class ProgrammeLine:
    programme: Any
    is_primary: bool
    allocated_usd: Decimal
    share_usd: Decimal
    budget_usd: Decimal


def _programme_lines() -> dict[int, list[ProgrammeLine]]:
    """Objective number -> the public programmes naming it, with their money."""
    allocated = allocations()
    lines: dict[int, list[ProgrammeLine]] = defaultdict(list)
    for programme in public_programmes().prefetch_related("programme_objectives__objective"):
        amount = allocated.get(programme.pk, ZERO)
        shares = objective_shares(programme, amount)
        budget = sum((p.budget_usd for p in programme.participants.all()), ZERO)
        for link in programme.programme_objectives.all():
            number = link.objective.number
            lines[number].append(
                ProgrammeLine(programme, link.is_primary, amount, shares.get(number, ZERO), budget)
            )
    return lines


# ---- Indicators -------------------------------------------------------------------------------------------


@dataclass
class IndicatorLine:
    indicator: Any
    status: str | None
    progress: Decimal | None

    @property
    def status_label(self) -> str:
        if self.status is None:
            return _("No status yet")
        return str(results.ProgressStatus(self.status).label)


def indicator_lines(links: PlanLinks) -> dict[int, list[IndicatorLine]]:
    """Objective number -> indicators of public frameworks serving it: a programme's framework serves the
    programme's objectives; a work plan outcome serves the objectives of its expected result's area."""
    by_framework: dict[int, set[int]] = defaultdict(set)
    for programme in public_programmes().prefetch_related("programme_objectives__objective"):
        if programme.framework_id:
            by_framework[programme.framework_id] |= {
                link.objective.number for link in programme.programme_objectives.all()
            }
    lines: dict[int, list[IndicatorLine]] = defaultdict(list)
    for indicator in results.public_indicators():
        numbers = set(by_framework.get(indicator.framework_id, set()))
        outcome = indicator.result.parent or indicator.result
        key = indicator.result.workplan_key or outcome.workplan_key
        if key:
            numbers |= links.objectives_of_result.get(key, set())
        if not numbers:
            continue
        summary = results.summarize_indicator(indicator, indicator.framework)
        for number in numbers:
            lines[number].append(IndicatorLine(indicator, summary.status, summary.progress))
    return lines


# ---- Experts and call responses ---------------------------------------------------------------------------


def public_experts() -> "QuerySet[Any]":
    return directory.listed_experts(PUBLIC)


def _expert_counts() -> dict[int, int]:
    rows = (
        public_experts()
        .filter(objectives__isnull=False)
        .values("objectives__number")
        .annotate(n=Count("pk", distinct=True))
    )
    return {row["objectives__number"]: row["n"] for row in rows}


def responses_by_objective() -> dict[int, set[int]]:
    """Objective number -> ids of public responses with a non-empty answer to a question on it."""
    answered: dict[int, set[int]] = defaultdict(set)
    answers = Answer.objects.filter(
        response__in=public_responses(), question__objective__isnull=False
    ).select_related("question__objective")
    for answer in answers:
        if not answer.is_empty:
            # the query keeps only answers whose question has an objective.
            answered[answer.question.objective.number].add(answer.response_id)  # type: ignore[union-attr]
    return answered


# ---- The overview -----------------------------------------------------------------------------------------


def coverage_overview() -> list[CoverageRow]:
    """All 23 objectives, in order, with what serves each and whether that is thin."""
    links = plan_links()
    programmes = _programme_lines()
    indicators = indicator_lines(links)
    practices = knowledge.published_counts_by_objective(PRACTICE)
    plans = knowledge.published_counts_by_objective(NATIONAL_PLAN)
    experts = _expert_counts()
    responses = responses_by_objective()
    rows = []
    for objective in Objective.objects.order_by("number"):
        n = objective.number
        row = CoverageRow(
            objective=objective,
            activities=len(links.activities.get(n, [])),
            activities_by_status=_by_status(links.activities.get(n, [])),
            programmes=len(programmes.get(n, [])),
            budget_usd=sum((line.share_usd for line in programmes.get(n, [])), ZERO),
            indicators=len(indicators.get(n, [])),
            practices=practices.get(n, 0),
            national_plans=plans.get(n, 0),
            experts=experts.get(n, 0),
            responses=len(responses.get(n, set())),
        )
        row.reasons = thin_reasons(
            activities=row.activities, practices=row.practices, programmes=row.programmes
        )
        rows.append(row)
    return rows


def overview_json(rows: list[CoverageRow]) -> dict[str, list[dict[str, Any]]]:
    """The stable shape printed by `gcmhub coverage --json` (budget_usd: a number, in US dollars)."""
    return {
        "objectives": [
            {
                "number": row.objective.number,
                "title": row.objective.title,
                "activities": row.activities,
                "programmes": row.programmes,
                "budget_usd": float(row.budget_usd),
                "practices": row.practices,
                "national_plans": row.national_plans,
                "responses": row.responses,
                "thin": row.thin,
            }
            for row in rows
        ]
    }


# ---- One objective ----------------------------------------------------------------------------------------


@dataclass
class ObjectiveCoverage:
    """Everything that serves one objective, item by item."""

    row: CoverageRow
    activities: list[Any]
    programmes: list[ProgrammeLine]
    indicators: list[IndicatorLine]
    practices: "QuerySet[Any]"
    national_plans: list[Any]
    experts: list[Any]
    responses: list[Response]

    @property
    def objective(self) -> Objective:
        return self.row.objective


def objective_coverage(number: int) -> ObjectiveCoverage:
    """One objective's coverage (NotFound for a number that is not 1 to 23)."""
    objective = workplan.objective_by_number(number)
    links = plan_links()
    activities = links.activities.get(number, [])
    programmes = _programme_lines().get(number, [])
    indicators = indicator_lines(links).get(number, [])
    practices = knowledge.published_resources(PRACTICE, {"objective": [str(number)]})
    plans = list(
        knowledge.published_resources(NATIONAL_PLAN, {"objective": [str(number)]}).select_related(
            "national_plan__country"
        )
    )
    experts = list(public_experts().filter(objectives=objective).select_related("organization").distinct())
    response_ids = responses_by_objective().get(number, set())
    responses = list(public_responses().filter(pk__in=response_ids).order_by("call__closes_on", "pk"))
    practice_count = practices.count()
    row = CoverageRow(
        objective=objective,
        activities=len(activities),
        activities_by_status=_by_status(activities),
        programmes=len(programmes),
        budget_usd=sum((line.share_usd for line in programmes), ZERO),
        indicators=len(indicators),
        practices=practice_count,
        national_plans=len(plans),
        experts=len(experts),
        responses=len(responses),
    )
    row.reasons = thin_reasons(
        activities=len(activities), practices=practice_count, programmes=len(programmes)
    )
    return ObjectiveCoverage(row, activities, programmes, indicators, practices, plans, experts, responses)


# ---- The map ----------------------------------------------------------------------------------------------

# (key, label, palette class): what a country has, most complete first; six classes, one per legend entry.
MAP_CATEGORIES = (
    ("all", gettext_lazy("National plan, practices and fund programme"), "map-cat-1"),
    ("plan_programme", gettext_lazy("National plan and fund programme"), "map-cat-2"),
    ("plan_practices", gettext_lazy("National plan and practices"), "map-cat-4"),
    ("plan", gettext_lazy("National plan only"), "map-cat-6"),
    ("programme", gettext_lazy("Fund programme, no national plan"), "map-cat-3"),
    ("practices", gettext_lazy("Practices only"), "map-cat-5"),
)


@dataclass
class CountryCoverage:
    country: Country
    national_plans: int = 0
    practices: int = 0
    programmes: int = 0

    @property
    def category(self) -> str:
        plan, practices, programme = self.national_plans > 0, self.practices > 0, self.programmes > 0
        if plan:
            if programme:
                return "all" if practices else "plan_programme"
            return "plan_practices" if practices else "plan"
        return "programme" if programme else "practices"


def countries_coverage(number: int | None = None) -> list[CountryCoverage]:
    """Per country: published national plans, published practices and public programmes (naming objective
    `number`, or all of them), for countries with at least one."""
    plans: dict[str, int] = defaultdict(int)
    filters = {"objective": [str(number)]} if number is not None else None
    for resource in knowledge.published_resources(NATIONAL_PLAN, filters).select_related(
        "national_plan__country"
    ):
        plan = getattr(resource, "national_plan", None)
        if plan is not None and plan.country.m49:
            plans[plan.country.m49] += 1
    practices = knowledge.published_counts_by_country(PRACTICE, number)
    programmes: dict[str, int] = defaultdict(int)
    candidates = public_programmes()
    if number is not None:
        candidates = candidates.filter(objectives__number=number)
    for programme in candidates.distinct():
        for country in programme.countries.all():
            if country.m49:
                programmes[country.m49] += 1
    codes = set(plans) | set(practices) | set(programmes)
    countries = Country.objects.filter(m49__in=codes).order_by("name_en")
    return [
        CountryCoverage(c, plans.get(c.m49, 0), practices.get(c.m49, 0), programmes.get(c.m49, 0))
        for c in countries
    ]


def coverage_map(rows: list[CountryCoverage], title: str, language: str) -> SafeString:
    """The server-drawn world map of `rows`, countries coloured by what they have."""
    categories = [(key, str(label), css) for key, label, css in MAP_CATEGORIES]
    names = {row.country.m49: row.country.name_in(language) for row in rows}
    return world_map_svg(
        {row.country.m49: row.category for row in rows},
        categories,
        title,
        names=names,
        none_label=_("Nothing recorded"),
    )
