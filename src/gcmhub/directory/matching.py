"""Ranked matches for a support request: experts, organizations and practices.

    score = 0.4 * objectives + 0.2 * region + 0.1 * language + 0.3 * text

- objectives: Jaccard overlap of the GCM objectives (shared ones divided by all of either side);
- region: 1 when the candidate covers the request's country, its region or sub-region (or is global), else 0;
- language: 1 when the candidate works in the request's language, else 0;
- text: closeness in meaning of the request's title and description to the candidate's text, from the
  multilingual sentence vectors of search (so a request in Chinese finds a practice written in Spanish):
  the candidate's stored vectors when it is indexed, else its text embedded now (docs/directory.md).

Only what the viewer may see is ever a candidate: consented experts listed for them, published practices.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import AnyUser
from gcmhub.directory.models import SupportRequest
from gcmhub.directory.queries import listed_experts
from gcmhub.knowledge.models import Kind, Resource, ResourceObjective, Status
from gcmhub.knowledge.richtext import plain_text
from gcmhub.reference.models import Organization
from gcmhub.search.registry import doc_id_for
from gcmhub.search.similar import text_similarities

WEIGHTS = {"objectives": 0.4, "region": 0.2, "language": 0.1, "text": 0.3}
# Practices and organizations are narrowed in the database before scoring, so matching stays fast.
CANDIDATE_LIMIT = 400


@dataclass
class Candidate:
    kind: str  # "expert" | "organization" | "practice"
    obj: Any
    objectives: set[int]
    regions: set[int]
    languages: set[str]
    text: str
    is_global: bool = False
    doc_id: str | None = None  # its search document, whose stored vectors are then used


@dataclass
class Match:
    kind: str
    obj: Any
    score: float
    components: dict[str, float] = field(default_factory=dict)

    @property
    def reasons(self) -> list[str]:
        """The score explained in words."""
        c = self.components
        return [
            _("objectives %(value).2f × %(weight).1f")  # noqa: RUF001
            % {"value": c["objectives"], "weight": WEIGHTS["objectives"]},
            _("region %(value).0f × %(weight).1f") % {"value": c["region"], "weight": WEIGHTS["region"]},  # noqa: RUF001
            _("language %(value).0f × %(weight).1f")  # noqa: RUF001
            % {"value": c["language"], "weight": WEIGHTS["language"]},
            _("text %(value).2f × %(weight).1f") % {"value": c["text"], "weight": WEIGHTS["text"]},  # noqa: RUF001
        ]


def jaccard(a: set[int], b: set[int]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def request_regions(support_request: SupportRequest) -> set[int]:
    country = support_request.country
    return {pk for pk in (country.region_id, country.sub_region_id, country.intermediate_region_id) if pk}


def rank(support_request: SupportRequest, candidates: list[Candidate]) -> list[Match]:
    objectives = set(support_request.objectives.values_list("number", flat=True))
    regions = request_regions(support_request)
    query = f"{support_request.title}\n{support_request.description}"
    cosines = text_similarities(query, [(c.doc_id, c.text) for c in candidates])
    matches = []
    for candidate, text_score in zip(candidates, cosines, strict=True):
        components = {
            "objectives": jaccard(objectives, candidate.objectives),
            "region": 1.0 if candidate.is_global or (regions & candidate.regions) else 0.0,
            "language": 1.0 if support_request.language in candidate.languages else 0.0,
            "text": text_score,
        }
        score = sum(WEIGHTS[name] * value for name, value in components.items())
        matches.append(Match(candidate.kind, candidate.obj, round(score, 4), components))
    # Ties are broken by name so the order is stable.
    matches.sort(key=lambda m: (-m.score, str(m.obj)))
    return matches


def _country_regions(countries: Iterable[Any]) -> set[int]:
    return {pk for c in countries for pk in (c.region_id, c.sub_region_id, c.intermediate_region_id) if pk}


def expert_candidates(viewer: AnyUser) -> list[Candidate]:
    experts = (
        listed_experts(viewer)
        .filter(consent=True)
        .select_related("organization")
        .prefetch_related("objectives", "regions")
    )
    return [
        Candidate(
            "expert",
            expert,
            {o.number for o in expert.objectives.all()},
            {r.pk for r in expert.regions.all()},
            set(expert.languages or []),
            f"{expert.position}\n{expert.bio}",
            doc_id=doc_id_for(expert),
        )
        for expert in experts
    ]


def _practices(support_request: SupportRequest) -> list[Resource]:
    numbers = list(support_request.objectives.values_list("number", flat=True))
    sharing = ResourceObjective.objects.filter(objective__number__in=numbers).values("resource_id")
    near = Q(countries=support_request.country) | Q(scope="global")
    return list(
        Resource.objects.filter(status=Status.PUBLISHED, kind=Kind.PRACTICE)
        .filter(Q(pk__in=sharing) | near)
        .annotate(
            shared=Count(
                "objective_links", filter=Q(objective_links__objective__number__in=numbers), distinct=True
            )
        )
        .order_by("-shared", "-published_on", "-pk")
        .prefetch_related("objective_links__objective", "regions", "countries", "translations")[
            :CANDIDATE_LIMIT
        ]
    )


def practice_candidates(support_request: SupportRequest) -> list[Candidate]:
    out = []
    for practice in _practices(support_request):
        countries = list(practice.countries.all())
        out.append(
            Candidate(
                "practice",
                practice,
                {link.objective.number for link in practice.objective_links.all()},
                {r.pk for r in practice.regions.all()} | _country_regions(countries),
                {practice.language, *(t.language for t in practice.translations.all())},
                f"{practice.title}\n{practice.summary}\n{plain_text(practice.body)[:5000]}",
                is_global=practice.scope == "global",
                doc_id=doc_id_for(practice),
            )
        )
    return out


def organization_candidates(support_request: SupportRequest) -> list[Candidate]:
    """Organizations known from their published work: implementers and partners of resources that share an
    objective with the request."""
    numbers = list(support_request.objectives.values_list("number", flat=True))
    sharing = ResourceObjective.objects.filter(objective__number__in=numbers).values("resource_id")
    work = Resource.objects.filter(status=Status.PUBLISHED, pk__in=sharing)
    ids = set(work.exclude(implementer=None).values_list("implementer_id", flat=True)[:CANDIDATE_LIMIT])
    ids |= set(work.values_list("partners", flat=True).exclude(partners=None)[:CANDIDATE_LIMIT])
    organizations = Organization.objects.filter(pk__in=ids).select_related("country")
    resources = (
        Resource.objects.filter(status=Status.PUBLISHED)
        .filter(Q(implementer__in=ids) | Q(partners__in=ids))
        .distinct()
        .prefetch_related("objective_links__objective", "regions", "countries", "partners")
        .order_by("-published_on", "-pk")[: CANDIDATE_LIMIT * 5]
    )
    by_org: dict[int, list[Resource]] = {pk: [] for pk in ids}
    for resource in resources:
        for pk in {resource.implementer_id, *(p.pk for p in resource.partners.all())}:
            if pk in by_org:
                by_org[pk].append(resource)
    out = []
    for organization in organizations:
        own = by_org.get(organization.pk, [])
        home = {organization.country} if organization.country else set()
        out.append(
            Candidate(
                "organization",
                organization,
                {link.objective.number for r in own for link in r.objective_links.all()},
                {reg.pk for r in own for reg in r.regions.all()}
                | _country_regions([c for r in own for c in r.countries.all()] + list(home)),
                {r.language for r in own},
                "\n".join([organization.name, *(f"{r.title} {r.summary}" for r in own[:20])]),
                is_global=any(r.scope == "global" for r in own),
            )
        )
    return out


def matches_for(
    support_request: SupportRequest, viewer: AnyUser, *, limit: int = 5
) -> dict[str, list[Match]]:
    """The best `limit` experts, organizations and practices for the request, each ranked separately."""
    return {
        "expert": rank(support_request, expert_candidates(viewer))[:limit],
        "organization": rank(support_request, organization_candidates(support_request))[:limit],
        "practice": rank(support_request, practice_candidates(support_request))[:limit],
    }
