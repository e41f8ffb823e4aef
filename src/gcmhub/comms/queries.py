"""Reads of the comms app and who may do what (`access_*`), used by pages, API, commands and tasks alike.

Who: the secretariat drafts, sends for clearance, resolves comments and publishes; a Network member focal
point may also draft for its organization; Executive Committee members clear for their organization;
Network members (focal points, Executive Committee, secretariat) see talking points and the situations watch.
"""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.accounts.models import Role
from gcmhub.accounts.queries import (
    AnyUser,
    is_network_member,
    is_secretariat,
    network_organizations_for,
    organizations_for,
)
from gcmhub.comms.models import (
    Clearance,
    Decision,
    Situation,
    SituationStatus,
    Statement,
    StatementStatus,
    TalkingPoint,
)
from gcmhub.core.exceptions import NotFound, PermissionDenied
from gcmhub.directory import queries as directory_queries
from gcmhub.fund import queries as fund_queries
from gcmhub.reference.models import Organization

if TYPE_CHECKING:  # other apps' models are only named here, for the types of what their queries return
    from gcmhub.directory.models import SupportRequest
    from gcmhub.fund.models import JointProgramme


def drafting_organizations(user: AnyUser) -> "QuerySet[Organization]":
    return network_organizations_for(user, Role.FOCAL_POINT)


def can_draft(user: AnyUser) -> bool:
    return is_secretariat(user) or drafting_organizations(user).exists()


def clearing_organizations(user: AnyUser) -> "QuerySet[Organization]":
    """The Executive Committee members `user` answers for."""
    return organizations_for(user, Role.EXECUTIVE_COMMITTEE).filter(is_executive_committee=True)


def check_secretariat(user: AnyUser) -> None:
    if not is_secretariat(user):
        raise PermissionDenied(
            _("Only the secretariat may do this to a Network statement."), code="not_secretariat"
        )


def check_network_member(user: AnyUser) -> None:
    if not is_network_member(user):
        raise PermissionDenied(_("This is for members of the Network only."), code="not_network_member")


# ---- Statements -------------------------------------------------------------------------------------------


def published_statements() -> "QuerySet[Statement]":
    return Statement.objects.filter(status=StatementStatus.PUBLISHED).prefetch_related("translations")


def visible_statements(user: AnyUser) -> "QuerySet[Statement]":
    """Published statements for everyone; drafts too for the secretariat, the Executive Committee and the
    drafting organization."""
    if is_secretariat(user) or clearing_organizations(user).exists():
        return Statement.objects.all()
    mine = Q(organization__in=drafting_organizations(user)) if user.is_authenticated else Q(pk__in=[])
    return Statement.objects.filter(Q(status=StatementStatus.PUBLISHED) | mine)


def access_statement(user: AnyUser, statement_id: int) -> Statement:
    """A statement `user` may read; a draft they may not see is NotFound, so its existence is not revealed."""
    statement = visible_statements(user).filter(pk=statement_id).first()
    if statement is None:
        raise NotFound(_("There is no such statement."), code="no_such_statement")
    return statement


def can_edit(user: AnyUser, statement: Statement) -> bool:
    if statement.status == StatementStatus.PUBLISHED:
        return False
    if is_secretariat(user):
        return True
    return statement.organization_id is not None and (
        drafting_organizations(user).filter(pk=statement.organization_id).exists()
    )


def access_statement_for_edit(user: AnyUser, statement_id: int) -> Statement:
    statement = access_statement(user, statement_id)
    if not can_edit(user, statement):
        raise PermissionDenied(_("You may not change this statement."), code="may_not_edit")
    return statement


def current_clearances(statement: Statement) -> "QuerySet[Clearance]":
    """The clearance sheet: each member's answer in the current round."""
    return statement.clearances.filter(round=statement.round).select_related("organization", "decided_by")


def access_clearance(user: AnyUser, statement_id: int, organization: Organization | None = None) -> Clearance:
    """The answer `user` gives for an Executive Committee member on the current round of a statement."""
    statement = access_statement(user, statement_id)
    organizations = clearing_organizations(user)
    if organization is not None:
        organizations = organizations.filter(pk=organization.pk)
    clearance = current_clearances(statement).filter(organization__in=organizations).first()
    if clearance is None:
        raise PermissionDenied(
            _("Only the Executive Committee members asked to clear this statement may answer."),
            code="not_asked_to_clear",
        )
    return clearance


def open_clearances_for(user: AnyUser) -> "QuerySet[Clearance]":
    """Answers `user` still owes on statements in clearance."""
    return Clearance.objects.filter(
        organization__in=clearing_organizations(user),
        decision=Decision.PENDING,
        statement__status=StatementStatus.IN_CLEARANCE,
    ).select_related("statement", "organization")


def statements_past_deadline(now: datetime.datetime) -> "QuerySet[Statement]":
    return Statement.objects.filter(status=StatementStatus.IN_CLEARANCE, deadline__lte=now)


# ---- Situations and talking points ------------------------------------------------------------------------


def situations(user: AnyUser, status: str = "") -> "QuerySet[Situation]":
    check_network_member(user)
    found = Situation.objects.select_related("region").prefetch_related("countries", "lead_agencies")
    return found.filter(status=status) if status else found


def access_situation(user: AnyUser, situation_id: int) -> Situation:
    situation = situations(user).filter(pk=situation_id).first()
    if situation is None:
        raise NotFound(_("There is no such situation."), code="no_such_situation")
    return situation


@dataclass(frozen=True)
class SituationLinks:
    """What a situation links to, each side as the reader may see it."""

    statements: "QuerySet[Statement]"
    programmes: "QuerySet[JointProgramme]"
    support_requests: "QuerySet[SupportRequest]"


def situation_links(user: AnyUser, situation: Situation) -> SituationLinks:
    """A situation's statements, joint programmes and support requests, leaving out those `user` may not see
    (a draft of another organization, a programme in the pipeline, another State's request)."""
    return SituationLinks(
        statements=visible_statements(user).filter(situations=situation),
        programmes=fund_queries.visible_programmes(user).filter(pk__in=situation.programmes.values("pk")),
        support_requests=directory_queries.visible_requests(user).filter(
            pk__in=situation.support_requests.values("pk")
        ),
    )


def statement_situations(user: AnyUser, statement: Statement) -> "QuerySet[Situation]":
    """The situations a statement is about, for Network members only (the watch is members-only)."""
    if not is_network_member(user):
        return Situation.objects.none()
    return statement.situations.all()


def programme_situations(user: AnyUser, programme: "JointProgramme") -> "QuerySet[Situation]":
    """The situations linked to a joint programme, for Network members only (the watch is members-only)."""
    if not is_network_member(user):
        return Situation.objects.none()
    return Situation.objects.filter(programmes=programme)


def request_situations(user: AnyUser, support_request: "SupportRequest") -> "QuerySet[Situation]":
    """The situations linked to a support request, for Network members only (the watch is members-only)."""
    if not is_network_member(user):
        return Situation.objects.none()
    return Situation.objects.filter(support_requests=support_request)


def statements_about_event(user: AnyUser, event_id: int) -> "QuerySet[Statement]":
    """The statements `user` may read that mention an event (for the event's page)."""
    return visible_statements(user).filter(events=event_id)


def talking_points(user: AnyUser) -> "QuerySet[TalkingPoint]":
    check_network_member(user)
    return TalkingPoint.objects.select_related("owner").prefetch_related("versions")


def access_talking_point(user: AnyUser, talking_point_id: int) -> TalkingPoint:
    found = talking_points(user).filter(pk=talking_point_id).first()
    if found is None:
        raise NotFound(_("There are no such talking points."), code="no_such_talking_point")
    return found


def stale_talking_points(today: datetime.date) -> "QuerySet[TalkingPoint]":
    """Notes whose review-by date has passed."""
    return TalkingPoint.objects.filter(review_by__lt=today).select_related("owner")


# ---- The secretariat's dashboard --------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardItem:
    kind: str  # "clearance_waiting" | "clearance_overdue" | "stale_talking_points" | "situation_in_response"
    label: str
    url: str
    date: datetime.date | datetime.datetime | None = None


def _clearance_items(now: datetime.datetime) -> list[DashboardItem]:
    items = []
    for statement in Statement.objects.filter(status=StatementStatus.IN_CLEARANCE).order_by("deadline"):
        overdue = statement.deadline is not None and statement.deadline <= now
        items.append(
            DashboardItem(
                kind="clearance_overdue" if overdue else "clearance_waiting",
                label=statement.title,
                url=statement.get_absolute_url() + "clearance/",
                date=statement.deadline,
            )
        )
    return items


def dashboard_items(user: AnyUser) -> list[DashboardItem]:
    """What the signed-in secretariat should look at: clearances waiting and overdue, stale talking points,
    situations in response, each with a link. Empty for anyone else."""
    if not is_secretariat(user):
        return []
    now = timezone.now()
    items = _clearance_items(now)
    items += [
        DashboardItem("stale_talking_points", note.title, note.get_absolute_url(), note.review_by)
        for note in stale_talking_points(timezone.localdate(now))
    ]
    items += [
        DashboardItem(
            "situation_in_response",
            situation.title,
            situation.get_absolute_url(),
            situation.response_agreed_on,
        )
        for situation in Situation.objects.filter(status=SituationStatus.RESPONSE_AGREED)
    ]
    return items
