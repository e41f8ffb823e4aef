"""Who may see and change which resource: the `access_*` fetches used by pages, API and commands alike."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from gcmhub.accounts.models import Membership, Role
from gcmhub.accounts.queries import AnyUser, has_role, is_secretariat, organizations_for
from gcmhub.core.exceptions import NotFound, PermissionDenied
from gcmhub.knowledge.models import Attachment, Kind, Resource, ReviewAssignment, Status
from gcmhub.reference.models import Organization

# Roles that may submit resources for their organization.
SUBMITTER_ROLES = (Role.STAKEHOLDER, Role.FOCAL_POINT, Role.MEMBER_STATE, Role.SECRETARIAT)
# National plans and reviews belong to a Member State's government.
GOVERNMENT_KINDS = (Kind.NATIONAL_PLAN, Kind.REVIEW)
EDITABLE_STATUSES = (Status.DRAFT, Status.CHANGES_REQUESTED)
ACTIVE_ASSIGNMENT = (ReviewAssignment.State.PENDING, ReviewAssignment.State.COMPLETED)


def reads_everything(user: AnyUser) -> bool:
    """The secretariat and Executive Committee members read drafts too (DESIGN.md §1)."""
    return is_secretariat(user) or has_role(user, Role.EXECUTIVE_COMMITTEE)


def visible_resources(user: AnyUser) -> "QuerySet[Resource]":
    """Every resource `user` may see: published ones, plus their organization's own and those they review."""
    resources = Resource.objects.all()
    if reads_everything(user):
        return resources
    visible = Q(status=Status.PUBLISHED)
    if user.is_authenticated:
        mine = Membership.objects.filter(user_id=user.pk, role__in=SUBMITTER_ROLES).values("organization_id")
        reviewing = ReviewAssignment.objects.filter(reviewer_id=user.pk, state__in=ACTIVE_ASSIGNMENT).values(
            "resource_id"
        )
        visible |= Q(organization_id__in=mine) | Q(submitted_by_id=user.pk) | Q(pk__in=reviewing)
    return resources.filter(visible)


def is_submitter(user: AnyUser, resource: Resource) -> bool:
    """`user` submitted the resource or acts for the organization that did."""
    if not user.is_authenticated:
        return False
    if resource.submitted_by_id == user.pk:
        return True
    return bool(
        resource.organization_id
        and Membership.objects.filter(
            user_id=user.pk, organization_id=resource.organization_id, role__in=SUBMITTER_ROLES
        ).exists()
    )


def can_edit(user: AnyUser, resource: Resource) -> bool:
    if is_secretariat(user):
        return True
    return resource.status in EDITABLE_STATUSES and is_submitter(user, resource)


def get_resource(resource_id: int) -> Resource:
    resource = (
        Resource.objects.select_related("implementer", "organization", "submitted_by", "call")
        .filter(pk=resource_id)
        .first()
    )
    if resource is None:
        raise NotFound(_("There is no such resource."))
    return resource


def access_resource(user: AnyUser, resource_id: int) -> Resource:
    """The resource if `user` may see it; NotFound otherwise, so unpublished work is not even revealed."""
    resource = get_resource(resource_id)
    if not visible_resources(user).filter(pk=resource.pk).exists():
        raise NotFound(_("There is no such resource."))
    return resource


def access_resource_for_edit(user: AnyUser, resource_id: int) -> Resource:
    resource = access_resource(user, resource_id)
    if not can_edit(user, resource):
        if resource.status not in EDITABLE_STATUSES and is_submitter(user, resource):
            raise PermissionDenied(
                _("This resource is %(status)s and cannot be changed now.")
                % {"status": resource.get_status_display()}
            )
        raise PermissionDenied(
            _("Only the submitting organization or the secretariat may change this resource.")
        )
    return resource


def access_attachment(user: AnyUser, attachment_id: int) -> Attachment:
    """An attachment of a resource `user` may see."""
    attachment = Attachment.objects.select_related("resource").filter(pk=attachment_id).first()
    if attachment is None or not visible_resources(user).filter(pk=attachment.resource_id).exists():
        raise NotFound(_("There is no such attachment."))
    return attachment


def submitting_organizations(user: AnyUser, kind: str | None = None) -> "QuerySet[Organization]":
    """The organizations `user` may submit a resource of `kind` for."""
    if kind in GOVERNMENT_KINDS:
        return organizations_for(user, Role.MEMBER_STATE, Role.SECRETARIAT)
    return organizations_for(user, *SUBMITTER_ROLES)


def can_submit(user: AnyUser) -> bool:
    return submitting_organizations(user).exists()


def is_reviewer(user: AnyUser) -> bool:
    return has_role(user, Role.REVIEWER)
