"""The review workflow: draft → submitted → under review → changes requested → approved → published →
archived. Reviewers never come from the submitting, implementing or partner organizations."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.accounts.models import Membership, Role
from gcmhub.accounts.queries import AnyUser, is_secretariat
from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from gcmhub.knowledge import notifications
from gcmhub.knowledge.actions.resources import required_details
from gcmhub.knowledge.models import Decision, Resource, ReviewAssignment, Status
from gcmhub.knowledge.queries import access_resource, is_submitter

State = ReviewAssignment.State
ACTIVE = (State.PENDING, State.COMPLETED)

# The statuses each step of the workflow starts from: the actions enforce them and pages ask `next_steps`
# which steps to offer. Asking for changes may come before any review; approving needs the review stage.
STEPS_FROM: dict[str, tuple[str, ...]] = {
    "submit": (Status.DRAFT, Status.CHANGES_REQUESTED),
    "assign": (Status.SUBMITTED, Status.UNDER_REVIEW),
    "review": (Status.UNDER_REVIEW,),
    "decide": (Status.SUBMITTED, Status.UNDER_REVIEW),
    "approve": (Status.UNDER_REVIEW,),
    "publish": (Status.APPROVED,),
    "archive": (Status.PUBLISHED,),
}


def next_steps(resource: Resource) -> frozenset[str]:
    """The workflow steps the resource's status allows now (who may take them is the actions' check)."""
    return frozenset(step for step, statuses in STEPS_FROM.items() if resource.status in statuses)


def review_is_open(assignment: ReviewAssignment | None, resource: Resource) -> bool:
    """Whether the reviewer of `assignment` may send their review of `resource` now."""
    return assignment is not None and assignment.state == State.PENDING and "review" in next_steps(resource)


def _require_secretariat(actor: AnyUser) -> None:
    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat may do this."))


def _require_step(resource: Resource, step: str) -> None:
    if step not in next_steps(resource):
        raise ValidationFailed(
            _("This cannot be done while the resource is %(status)s.")
            % {"status": resource.get_status_display()},
            code="wrong_status",
        )


def _locked(resource_id: int) -> Resource:
    # Re-read inside the transaction so two reviewers acting at once see each other's change.
    resource = (
        Resource.objects.select_for_update(of=("self",))
        .select_related("organization", "submitted_by")
        .filter(pk=resource_id)
        .first()
    )
    if resource is None:
        raise NotFound(_("There is no such resource."))
    return resource


@dataclass(frozen=True)
class Candidate:
    user: AbstractBaseUser
    organization_id: int
    is_un: bool
    load: int


def excluded_organizations(resource: Resource) -> set[int]:
    """The organizations whose people may not review `resource`: its submitter, implementer and partners."""
    ids = {resource.organization_id, resource.implementer_id, *resource.partners.values_list("pk", flat=True)}
    return {pk for pk in ids if pk is not None}


def eligible_reviewers(resource: Resource, *, exclude_users: set[int] | None = None) -> list[Candidate]:
    """Users with the reviewer role who may review `resource`, least busy first.

    Excluded: anyone acting (in any role) for an excluded organization, the submitter, anyone who declared a
    conflict of interest on this resource, and `exclude_users`."""
    excluded_orgs = excluded_organizations(resource)
    conflicted = set(resource.assignments.filter(state=State.CONFLICT).values_list("reviewer_id", flat=True))
    barred = conflicted | (exclude_users or set())
    if resource.submitted_by_id:
        barred.add(resource.submitted_by_id)
    own_org_users = set(
        Membership.objects.filter(organization_id__in=excluded_orgs).values_list("user_id", flat=True)
    )
    users = (
        get_user_model()
        .objects.filter(is_active=True, memberships__role=Role.REVIEWER)
        .exclude(pk__in=barred | own_org_users)
        .annotate(
            load=Count("review_assignments", filter=Q(review_assignments__state=State.PENDING), distinct=True)
        )
        .distinct()
        .order_by("load", "username")
    )
    memberships = {
        m.user_id: m
        for m in Membership.objects.filter(role=Role.REVIEWER, user__in=users)
        .select_related("organization")
        .order_by("pk")
    }
    return [
        Candidate(
            user,
            memberships[user.pk].organization_id,
            memberships[user.pk].organization.kind == "un_entity",
            user.load,
        )
        for user in users
        if user.pk in memberships
    ]


def why_ineligible(resource: Resource, user: AbstractBaseUser) -> str:
    if not Membership.objects.filter(user_id=user.pk, role=Role.REVIEWER).exists():
        return _("%(user)s is not a reviewer.") % {"user": user.get_username()}
    if Membership.objects.filter(
        user_id=user.pk, organization_id__in=excluded_organizations(resource)
    ).exists():
        return _("%(user)s acts for an organization involved in this resource and may not review it.") % {
            "user": user.get_username()
        }
    if resource.assignments.filter(reviewer_id=user.pk, state=State.CONFLICT).exists():
        return _("%(user)s declared a conflict of interest on this resource.") % {"user": user.get_username()}
    return _("%(user)s may not review this resource.") % {"user": user.get_username()}


def _panel_shortfall(un: int, external: int) -> str | None:
    need_un, need_external = settings.GCMHUB_REVIEWERS_UN, settings.GCMHUB_REVIEWERS_EXTERNAL
    if un >= need_un and external >= need_external:
        return None
    return _(
        "A review panel needs at least %(un)d reviewer(s) from the UN system and %(external)d external "
        "reviewer(s); "
        "it would have %(have_un)d and %(have_external)d."
    ) % {"un": need_un, "external": need_external, "have_un": un, "have_external": external}


@transaction.atomic
def submit_resource(*, actor: AnyUser, resource_id: int) -> Resource:
    """The submitter sends a draft for review, or a revised resource back to its reviewers."""
    access_resource(actor, resource_id)
    resource = _locked(resource_id)
    if not (is_submitter(actor, resource) or is_secretariat(actor)):
        raise PermissionDenied(_("Only the submitting organization may submit this resource."))
    _require_step(resource, "submit")
    if not resource.summary.strip() or not resource.objective_links.exists():
        raise ValidationFailed(
            _("Add a summary and at least one GCM objective before submitting."), code="incomplete"
        )
    required_details(resource)
    if resource.status == Status.DRAFT and resource.call is not None and not resource.call.is_open():
        raise ValidationFailed(
            _("This call for practices closed on %(date)s.") % {"date": resource.call.deadline},
            code="call_closed",
        )
    with acting_as(actor):
        if resource.status == Status.DRAFT:
            resource.first_submitted_at = resource.first_submitted_at or timezone.now()
            resource.status = Status.SUBMITTED
            resource.save()
            notifications.submitted(resource)
            return resource
        # A revision goes back to the same reviewers (less any who declared a conflict), in a new round.
        previous = list(
            resource.assignments.filter(
                round=resource.review_round, state__in=[*ACTIVE, State.WITHDRAWN]
            ).select_related("reviewer")
        )
        resource.review_round += 1
        if previous:
            for old in previous:
                ReviewAssignment.objects.create(
                    resource=resource,
                    reviewer_id=old.reviewer_id,
                    organization_id=old.organization_id,
                    is_un=old.is_un,
                    round=resource.review_round,
                    assigned_by_id=old.assigned_by_id,
                )
            resource.status = Status.UNDER_REVIEW
        else:
            resource.status = Status.SUBMITTED
        resource.save()
        notifications.resubmitted(resource, [a.reviewer for a in previous])
    return resource


@transaction.atomic
def assign_reviewers(
    *, actor: AnyUser, resource_id: int, reviewer_ids: list[int] | None = None
) -> list[ReviewAssignment]:
    """The secretariat forms the review panel: the reviewers named, or (none named) the least busy eligible
    reviewers that make up the configured panel (default one from the UN system and two external)."""
    _require_secretariat(actor)
    resource = _locked(resource_id)
    _require_step(resource, "assign")
    round_ = max(resource.review_round, 1)
    current = list(resource.assignments.filter(round=round_, state__in=ACTIVE))
    current_users = {a.reviewer_id for a in current}
    candidates = eligible_reviewers(resource, exclude_users=current_users)
    by_user = {c.user.pk: c for c in candidates}
    chosen: list[Candidate] = []
    if reviewer_ids:
        for pk in dict.fromkeys(reviewer_ids):
            if pk in current_users:
                continue
            if pk not in by_user:
                user = get_user_model().objects.filter(pk=pk).first()
                if user is None:
                    raise NotFound(_("There is no such user."))
                raise ValidationFailed(why_ineligible(resource, user), code="ineligible_reviewer")
            chosen.append(by_user[pk])
    else:
        need_un = max(settings.GCMHUB_REVIEWERS_UN - sum(a.is_un for a in current), 0)
        need_external = max(settings.GCMHUB_REVIEWERS_EXTERNAL - sum(not a.is_un for a in current), 0)
        chosen = [c for c in candidates if c.is_un][:need_un] + [c for c in candidates if not c.is_un][
            :need_external
        ]
    un = sum(a.is_un for a in current) + sum(c.is_un for c in chosen)
    external = len(current) + len(chosen) - un
    if (shortfall := _panel_shortfall(un, external)) is not None:
        raise ValidationFailed(shortfall, code="panel_incomplete")
    created = []
    with acting_as(actor):
        for candidate in chosen:
            created.append(
                ReviewAssignment.objects.create(
                    resource=resource,
                    reviewer_id=candidate.user.pk,
                    organization_id=candidate.organization_id,
                    is_un=candidate.is_un,
                    round=round_,
                    assigned_by_id=actor.pk,
                )
            )
            notifications.assigned(resource, candidate.user)
        resource.review_round = round_
        resource.status = Status.UNDER_REVIEW
        resource.save()
    return created


def _own_assignment(actor: AnyUser, assignment_id: int) -> ReviewAssignment:
    assignment = ReviewAssignment.objects.select_related("resource").filter(pk=assignment_id).first()
    if assignment is None or not actor.is_authenticated or assignment.reviewer_id != actor.pk:
        raise NotFound(_("There is no such review assignment."))
    return assignment


@transaction.atomic
def declare_conflict(
    *, actor: AnyUser, assignment_id: int, note: str = ""
) -> tuple[ReviewAssignment, ReviewAssignment | None]:
    """The reviewer steps aside; an eligible reviewer of the same kind (UN or external) replaces them."""
    assignment = _own_assignment(actor, assignment_id)
    resource = _locked(assignment.resource_id)
    if assignment.state != State.PENDING:
        raise ValidationFailed(_("This review is no longer pending."), code="not_pending")
    with acting_as(actor):
        assignment.state = State.CONFLICT
        assignment.conflict_note = note.strip()
        assignment.save()
        active = set(
            resource.assignments.filter(round=assignment.round, state__in=ACTIVE).values_list(
                "reviewer_id", flat=True
            )
        )
        same_kind = [
            c for c in eligible_reviewers(resource, exclude_users=active) if c.is_un == assignment.is_un
        ]
        replacement = None
        if same_kind:
            pick = same_kind[0]
            replacement = ReviewAssignment.objects.create(
                resource=resource,
                reviewer_id=pick.user.pk,
                organization_id=pick.organization_id,
                is_un=pick.is_un,
                round=assignment.round,
                assigned_by_id=assignment.assigned_by_id,
            )
            notifications.assigned(resource, pick.user)
        else:
            notifications.replacement_needed(resource)
    return assignment, replacement


@transaction.atomic
def submit_review(
    *,
    actor: AnyUser,
    assignment_id: int,
    scores: dict[str, Any],
    recommendation: str,
    comments: str = "",
) -> ReviewAssignment:
    """Scores from 1 to 5 on each criterion and a recommendation. A request for changes sends the resource
    back to its submitter at once, with the comments kept as the decision's rationale."""
    assignment = _own_assignment(actor, assignment_id)
    resource = _locked(assignment.resource_id)
    if assignment.state != State.PENDING:
        raise ValidationFailed(_("This review is no longer pending."), code="not_pending")
    _require_step(resource, "review")
    problems = []
    clean: dict[str, int] = {}
    for criterion in ReviewAssignment.CRITERIA:
        value = scores.get(criterion)
        try:
            # a missing or non-numeric score is caught just below.
            number = int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= 5:
            problems.append(_("Score %(criterion)s from 1 to 5.") % {"criterion": criterion})
        clean[criterion] = number
    if recommendation not in ReviewAssignment.Recommendation.values:
        problems.append(_("Recommend approval or changes."))
    comments = comments.strip()
    if recommendation == ReviewAssignment.Recommendation.CHANGES and not comments:
        problems.append(_("Say which changes are needed."))
    if problems:
        raise ValidationFailed(" ".join(problems), code="invalid_review")
    with acting_as(actor):
        for criterion, number in clean.items():
            setattr(assignment, criterion, number)
        assignment.recommendation = recommendation
        assignment.comments = comments
        assignment.state = State.COMPLETED
        assignment.completed_at = timezone.now()
        assignment.save()
        notifications.review_completed(resource, actor)
        if recommendation == ReviewAssignment.Recommendation.CHANGES:
            _send_back(resource, actor, comments)
    return assignment


def _send_back(resource: Resource, actor: AnyUser, rationale: str) -> None:
    resource.assignments.filter(round=resource.review_round, state=State.PENDING).update(
        state=State.WITHDRAWN
    )
    Decision.objects.create(
        resource=resource,
        outcome=Decision.Outcome.CHANGES,
        rationale=rationale,
        round=resource.review_round,
        decided_by_id=actor.pk,
    )
    resource.status = Status.CHANGES_REQUESTED
    resource.save()
    notifications.changes_requested(resource, rationale)


@transaction.atomic
def decide(*, actor: AnyUser, resource_id: int, outcome: str, rationale: str) -> Decision:
    """The secretariat approves a reviewed resource or asks for changes, with its rationale."""
    _require_secretariat(actor)
    resource = _locked(resource_id)
    rationale = rationale.strip()
    if not rationale:
        raise ValidationFailed(_("Give the rationale for the decision."), code="no_rationale")
    if outcome == Decision.Outcome.CHANGES:
        _require_step(resource, "decide")
        with acting_as(actor):
            _send_back(resource, actor, rationale)
        return resource.decisions.latest("decided_at", "pk")
    if outcome != Decision.Outcome.APPROVE:
        raise ValidationFailed(_("Decide to approve or to request changes."), code="bad_outcome")
    _require_step(resource, "approve")
    if not resource.assignments.filter(round=resource.review_round, state=State.COMPLETED).exists():
        raise ValidationFailed(_("At least one review must be completed before approval."), code="no_review")
    with acting_as(actor):
        resource.assignments.filter(round=resource.review_round, state=State.PENDING).update(
            state=State.WITHDRAWN
        )
        decision = Decision.objects.create(
            resource=resource,
            outcome=outcome,
            rationale=rationale,
            round=resource.review_round,
            decided_by_id=actor.pk,
        )
        resource.status = Status.APPROVED
        resource.save()
        notifications.approved(resource, rationale)
    return decision


@transaction.atomic
def publish_resource(*, actor: AnyUser, resource_id: int, rationale: str = "") -> Resource:
    """The secretariat publishes an approved resource; from then on everyone can find it."""
    _require_secretariat(actor)
    resource = _locked(resource_id)
    _require_step(resource, "publish")
    with acting_as(actor):
        now = timezone.now()
        resource.status = Status.PUBLISHED
        resource.published_at = now
        resource.published_on = resource.published_on or timezone.localdate()
        resource.save()
        Decision.objects.create(
            resource=resource,
            outcome=Decision.Outcome.PUBLISH,
            rationale=rationale.strip(),
            round=resource.review_round,
            decided_by_id=actor.pk,
        )
        notifications.published(resource)
    return resource


@transaction.atomic
def archive_resource(*, actor: AnyUser, resource_id: int, rationale: str) -> Resource:
    """The secretariat withdraws a published resource from public view (it is kept, not deleted)."""
    _require_secretariat(actor)
    resource = _locked(resource_id)
    _require_step(resource, "archive")
    if not rationale.strip():
        raise ValidationFailed(_("Give the reason for archiving."), code="no_rationale")
    with acting_as(actor):
        resource.status = Status.ARCHIVED
        resource.save()
        Decision.objects.create(
            resource=resource,
            outcome=Decision.Outcome.ARCHIVE,
            rationale=rationale.strip(),
            round=resource.review_round,
            decided_by_id=actor.pk,
        )
        notifications.archived(resource, rationale.strip())
    return resource
