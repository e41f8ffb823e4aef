"""Reads of IMRF pledges; `access_*` are the permission-checked fetches.

Who may see what (docs/pledges.md):
- a published pledge is public;
- a pledge awaiting moderation, returned or rejected is seen by the members of the pledging organization and
  of its co-pledgers, the secretariat and Executive Committee members; only the pledging organization changes
  it and reports its progress.
"""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from gcmhub.accounts.models import Membership, Role
from gcmhub.accounts.queries import AnyUser, has_role, is_secretariat
from gcmhub.core.exceptions import NotFound, PermissionDenied
from gcmhub.reference.models import Objective, Organization, Region
from gcmhub.reporting.models_pledges import Pledge, PledgerType, PledgeStatus

# The roles in which a member of an organization pledges for it, and the kind of pledging entity each is.
PLEDGING_ROLES = (Role.MEMBER_STATE, Role.FOCAL_POINT, Role.STAKEHOLDER)


def pledger_type_of(organization: Organization) -> str:
    """The kind of pledging entity an organization is: a government pledges as a Member State."""
    if organization.kind == Organization.Kind.GOVERNMENT:
        return PledgerType.MEMBER_STATE
    if organization.kind == Organization.Kind.UN_ENTITY:
        return PledgerType.UN_ENTITY
    return PledgerType.STAKEHOLDER


def pledging_organizations(user: AnyUser) -> "QuerySet[Organization]":
    """The organizations `user` may pledge for: those it is a member of in a pledging role."""
    if not user.is_authenticated:
        return Organization.objects.none()
    mine = Membership.objects.filter(user_id=user.pk, role__in=PLEDGING_ROLES).values("organization_id")
    return Organization.objects.filter(pk__in=mine).order_by("acronym")


def is_pledger(user: AnyUser, pledge: Pledge) -> bool:
    """`user` speaks for the pledging organization of `pledge`."""
    return pledging_organizations(user).filter(pk=pledge.organization_id).exists()


def reads_all_pledges(user: AnyUser) -> bool:
    return is_secretariat(user) or has_role(user, Role.EXECUTIVE_COMMITTEE)


def published_pledges() -> "QuerySet[Pledge]":
    """Pledges everyone may read, newest publication first."""
    return (
        Pledge.objects.filter(status=PledgeStatus.PUBLISHED)
        .select_related("organization", "organization__country")
        .order_by("-published_at", "-pk")
    )


def published_pledges_for_country(iso3: str) -> "QuerySet[Pledge]":
    """The published pledges that name the country with ISO 3166 alpha-3 code `iso3` (for country pages)."""
    return published_pledges().filter(countries__iso3=iso3.strip().upper()).distinct()


def visible_pledges(user: AnyUser) -> "QuerySet[Pledge]":
    """Every pledge `user` may read (see the module's docstring)."""
    pledges = Pledge.objects.select_related("organization", "organization__country")
    if reads_all_pledges(user):
        return pledges
    seen = Q(status=PledgeStatus.PUBLISHED)
    if user.is_authenticated:
        # The pledging organization and its co-pledgers follow the pledge through moderation.
        mine = pledging_organizations(user)
        seen |= Q(organization__in=mine) | Q(co_pledgers__in=mine)
    return pledges.filter(seen).distinct()


def access_pledge(user: AnyUser, public_id: str) -> Pledge:
    """The pledge if `user` may read it; NotFound otherwise, so an unpublished pledge is not revealed."""
    pledge = visible_pledges(user).filter(public_id=public_id).first()
    if pledge is None:
        raise NotFound(_("There is no such pledge."))
    return pledge


def access_pledge_for_edit(user: AnyUser, public_id: str) -> Pledge:
    """The pledge if `user` speaks for its organization and the secretariat returned it for changes."""
    pledge = access_pledge(user, public_id)
    if not is_pledger(user, pledge):
        raise PermissionDenied(_("Only members of the pledging organization may change its pledge."))
    if pledge.status != PledgeStatus.RETURNED:
        raise PermissionDenied(
            _("A pledge can be changed only when the secretariat returned it for changes."),
            code="not_returned",
        )
    return pledge


def access_pledge_for_progress(user: AnyUser, public_id: str) -> Pledge:
    """The pledge if it is published and `user` speaks for its organization."""
    pledge = access_pledge(user, public_id)
    if not is_pledger(user, pledge):
        raise PermissionDenied(_("Only members of the pledging organization may report its progress."))
    if not pledge.is_published:
        raise PermissionDenied(_("Progress is reported on published pledges only."), code="not_published")
    return pledge


def access_pledge_for_moderation(user: AnyUser, public_id: str) -> Pledge:
    pledge = access_pledge(user, public_id)
    if not is_secretariat(user):
        raise PermissionDenied(_("Only the secretariat moderates pledges."))
    return pledge


def moderation_queue() -> "QuerySet[Pledge]":
    """Pledges awaiting moderation, oldest first."""
    return (
        Pledge.objects.filter(status=PledgeStatus.SUBMITTED)
        .select_related("organization")
        .order_by("submitted_at", "pk")
    )


# ---- Dashboard --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    """One row of a dashboard table: a label, its count and its share of the largest count (for the bar)."""

    key: str
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class PledgeDashboard:
    total: int
    by_objective: list[Bar]
    by_region: list[Bar]
    by_type: list[Bar]


def _bars(rows: list[tuple[str, str, int]]) -> list[Bar]:
    top = max((count for _key, _label, count in rows), default=0)
    return [Bar(key, label, count, round(100 * count / top) if top else 0) for key, label, count in rows]


def _objective_rows(pledges: "QuerySet[Pledge]") -> list[tuple[str, str, int]]:
    counts = dict(
        pledges.values_list("objectives__number")
        .annotate(n=Count("pk", distinct=True))
        .values_list("objectives__number", "n")
    )
    return [
        (str(o.number), f"{o.number}. {o.label_display}", counts.get(o.number, 0))
        for o in Objective.objects.order_by("number")
    ]


def _region_rows(pledges: "QuerySet[Pledge]") -> list[tuple[str, str, int]]:
    """A pledge counts in each M49 region where it names a country (once per region)."""
    counts = dict(
        pledges.values_list("countries__region__m49")
        .annotate(n=Count("pk", distinct=True))
        .values_list("countries__region__m49", "n")
    )
    regions = Region.objects.filter(level=Region.Level.REGION).order_by("name")
    rows = [(r.m49, r.name_display, counts.get(r.m49, 0)) for r in regions]
    unplaced = pledges.filter(countries__isnull=True).count()
    rows.append(("", _("No country named"), unplaced))
    return rows


def _type_rows(pledges: "QuerySet[Pledge]") -> list[tuple[str, str, int]]:
    counts = dict(
        pledges.values_list("pledger_type").annotate(n=Count("pk")).values_list("pledger_type", "n")
    )
    return [(value, str(label), counts.get(value, 0)) for value, label in PledgerType.choices]


def pledge_dashboard() -> PledgeDashboard:
    """Published pledges counted by GCM objective, by M49 region of the countries named, and by type of
    pledging entity. A pledge counts once in each objective and region it names, so rows may add up to more
    than the total."""
    pledges = Pledge.objects.filter(status=PledgeStatus.PUBLISHED)
    return PledgeDashboard(
        total=pledges.count(),
        by_objective=_bars(_objective_rows(pledges)),
        by_region=_bars(_region_rows(pledges)),
        by_type=_bars(_type_rows(pledges)),
    )


def with_details(pledges: "QuerySet[Pledge]") -> "QuerySet[Pledge]":
    """`pledges` with everything their API and download rows show, in a fixed number of queries."""
    return pledges.prefetch_related("co_pledgers", "objectives", "principles", "countries", "progress")
