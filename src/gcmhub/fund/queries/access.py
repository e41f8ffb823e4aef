"""Who may see and change the fund's books and programmes; the permission-checked fetches."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from gcmhub.accounts.models import Role
from gcmhub.accounts.queries import has_role, is_secretariat, organizations_for
from gcmhub.core.actors import Actor
from gcmhub.core.exceptions import NotFound, PermissionDenied
from gcmhub.fund.models import (
    PUBLIC_STATUSES,
    Fund,
    JointProgramme,
    ParticipatingOrganization,
    ProgrammeDocument,
    ProgrammeStatus,
)
from gcmhub.reference.models import Organization

# None is the operator at the command line, who already controls the installation.

EDITABLE_BY_TEAM = (ProgrammeStatus.CONCEPT_NOTE,)


def can_manage_books(user: Actor) -> bool:
    """Fund managers and the secretariat write the books and run the pipeline."""
    if user is None:
        return True
    return is_secretariat(user) or has_role(user, Role.FUND_MANAGER)


def focal_point_org_ids(user: Actor) -> set[int]:
    if user is None or not user.is_authenticated:
        return set()
    return set(organizations_for(user, Role.FOCAL_POINT).values_list("pk", flat=True))


def team_org_ids(user: Actor, programme: JointProgramme) -> set[int]:
    """The participating organizations of `programme` that `user` is a focal point of."""
    mine = focal_point_org_ids(user)
    if not mine:
        return set()
    return mine & set(programme.participants.values_list("organization_id", flat=True))


def visible_funds(user: Actor) -> "QuerySet[Fund]":
    funds = Fund.objects.select_related("administrative_agent").order_by("code")
    return funds if can_manage_books(user) else funds.filter(is_published=True)


def access_fund(user: Actor, code: str) -> Fund:
    fund = visible_funds(user).filter(code=code).first()
    if fund is None:
        raise NotFound(_("There is no fund %(code)s.") % {"code": code})
    return fund


def access_fund_books(user: Actor, code: str) -> Fund:
    """The fund, for a write to its books."""
    fund = access_fund(user, code)
    if not can_manage_books(user):
        raise PermissionDenied(_("Only fund managers and the secretariat may write the fund's books."))
    return fund


def can_view_programme(user: Actor, programme: JointProgramme) -> bool:
    if can_manage_books(user):
        return True
    if programme.status in PUBLIC_STATUSES and programme.fund.is_published:
        return True
    return bool(team_org_ids(user, programme))


def visible_programmes(user: Actor, fund: Fund | None = None) -> "QuerySet[JointProgramme]":
    programmes = JointProgramme.objects.select_related("fund", "thematic_area").order_by("code")
    if fund is not None:
        programmes = programmes.filter(fund=fund)
    if can_manage_books(user):
        return programmes
    condition = Q(status__in=PUBLIC_STATUSES, fund__is_published=True)
    mine = focal_point_org_ids(user)
    if mine:
        condition |= Q(participants__organization__in=mine)
    return programmes.filter(condition).distinct()


def get_programme(code: str) -> JointProgramme:
    programme = (
        JointProgramme.objects.select_related("fund", "thematic_area", "framework").filter(code=code).first()
    )
    if programme is None:
        raise NotFound(_("There is no joint programme %(code)s.") % {"code": code})
    return programme


def access_programme(user: Actor, code: str) -> JointProgramme:
    """The programme if `user` may see it; one they may not see does not exist for them."""
    programme = get_programme(code)
    if not can_view_programme(user, programme):
        raise NotFound(_("There is no joint programme %(code)s.") % {"code": code})
    return programme


def can_edit_programme(user: Actor, programme: JointProgramme) -> bool:
    """Fund managers always; the programme's own focal points while it is a concept note."""
    if can_manage_books(user):
        return True
    return programme.status in EDITABLE_BY_TEAM and bool(team_org_ids(user, programme))


def access_programme_for_edit(user: Actor, code: str) -> JointProgramme:
    programme = access_programme(user, code)
    if not can_edit_programme(user, programme):
        raise PermissionDenied(
            _(
                "Only fund managers, or the programme's focal points while it is a concept note, "
                "may change it."
            )
        )
    return programme


def access_programme_for_books(user: Actor, code: str) -> JointProgramme:
    programme = access_programme(user, code)
    if not can_manage_books(user):
        raise PermissionDenied(_("Only fund managers and the secretariat may write the fund's books."))
    return programme


def expenditure_organizations(user: Actor, programme: JointProgramme) -> list[Organization]:
    """The participating organizations whose expenditure `user` may report on `programme`."""
    participants = ParticipatingOrganization.objects.filter(programme=programme).select_related(
        "organization"
    )
    if can_manage_books(user):
        return [p.organization for p in participants]
    mine = focal_point_org_ids(user)
    return [p.organization for p in participants if p.organization_id in mine]


def can_submit_for_review(user: Actor, programme: JointProgramme) -> bool:
    return can_manage_books(user) or bool(team_org_ids(user, programme))


def access_document(user: Actor, document_id: int) -> ProgrammeDocument:
    document = ProgrammeDocument.objects.select_related("programme__fund").filter(pk=document_id).first()
    if document is None or not can_view_programme(user, document.programme):
        raise NotFound(_("There is no such document."))
    if not document.is_public and not (can_manage_books(user) or team_org_ids(user, document.programme)):
        raise NotFound(_("There is no such document."))
    return document


def visible_documents(user: Actor, programme: JointProgramme) -> "QuerySet[ProgrammeDocument]":
    documents = programme.documents.order_by("-uploaded_at")
    if can_manage_books(user) or team_org_ids(user, programme):
        return documents
    return documents.filter(is_public=True)
