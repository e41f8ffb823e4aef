"""Reviewer assignment rules: the default panel (one UN, two external, configurable), never anyone from the
organizations whose work it is, and conflicts of interest declared and replaced."""

from typing import Any

import pytest
from conftest import make_user
from django.core import mail

from gcmhub.core.exceptions import NotFound, ValidationFailed
from gcmhub.knowledge import actions
from gcmhub.knowledge.models import Resource, ReviewAssignment, Status
from gcmhub.knowledge.tests.conftest import with_email
from gcmhub.knowledge.tests.factories import make_resource
from gcmhub.reference.models import Organization

State = ReviewAssignment.State


@pytest.fixture
def submission(stakeholder: Any) -> Resource:
    return make_resource(
        "A practice under review", status=Status.SUBMITTED, organization="TEST-CSO", submitted_by=stakeholder
    )


def test_default_panel_is_one_un_and_two_external(submission: Resource, secretariat: Any, panel: Any) -> None:
    assignments = actions.assign_reviewers(actor=secretariat, resource_id=submission.pk)
    assert sum(a.is_un for a in assignments) == 1
    assert sum(not a.is_un for a in assignments) == 2
    assert all(a.organization.kind != "un_entity" for a in assignments if not a.is_un)


def test_the_panel_size_is_configurable(
    submission: Resource, secretariat: Any, panel: Any, settings: Any
) -> None:
    settings.GCMHUB_REVIEWERS_UN = 2
    settings.GCMHUB_REVIEWERS_EXTERNAL = 1
    assignments = actions.assign_reviewers(actor=secretariat, resource_id=submission.pk)
    assert sorted(a.is_un for a in assignments) == [False, True, True]


def test_too_few_eligible_reviewers_is_refused_and_nothing_is_assigned(
    submission: Resource, secretariat: Any, reviewer: Any
) -> None:
    with pytest.raises(ValidationFailed) as failure:
        actions.assign_reviewers(actor=secretariat, resource_id=submission.pk)
    assert "at least 1" in failure.value.message
    assert not ReviewAssignment.objects.exists()
    submission.refresh_from_db()
    assert submission.status == Status.SUBMITTED


def test_never_a_reviewer_from_the_submitting_organization(
    submission: Resource, secretariat: Any, panel: Any
) -> None:
    insider = make_user("insider", "reviewer", "TEST-CSO")
    assignments = actions.assign_reviewers(actor=secretariat, resource_id=submission.pk)
    assert insider.pk not in {a.reviewer_id for a in assignments}
    with pytest.raises(ValidationFailed) as failure:
        actions.assign_reviewers(actor=secretariat, resource_id=submission.pk, reviewer_ids=[insider.pk])
    assert "involved" in failure.value.message
    assert not ReviewAssignment.objects.filter(reviewer=insider).exists()


def test_never_a_reviewer_who_acts_for_the_implementer_in_another_role(
    stakeholder: Any, secretariat: Any, panel: Any
) -> None:
    from gcmhub.accounts.models import Membership

    resource = make_resource(
        "Implemented by UNHCR",
        status=Status.SUBMITTED,
        organization="TEST-CSO",
        implementer="UNHCR",
        submitted_by=stakeholder,
    )
    # A UNICEF reviewer who is also a UNHCR focal point is barred as well.
    Membership.objects.create(
        user=panel["un_reviewer2"], organization=Organization.objects.get(acronym="UNHCR"), role="focal_point"
    )
    with pytest.raises(ValidationFailed):
        actions.assign_reviewers(actor=secretariat, resource_id=resource.pk)
    assert not ReviewAssignment.objects.exists()


def test_explicit_reviewers_must_still_make_a_full_panel(
    submission: Resource, secretariat: Any, panel: Any
) -> None:
    with pytest.raises(ValidationFailed):
        actions.assign_reviewers(
            actor=secretariat, resource_id=submission.pk, reviewer_ids=[panel["ext_uni"].pk]
        )
    chosen = [panel["un_reviewer2"].pk, panel["ext_uni"].pk, panel["ext_cso"].pk]
    assignments = actions.assign_reviewers(actor=secretariat, resource_id=submission.pk, reviewer_ids=chosen)
    assert sorted(a.reviewer_id for a in assignments) == sorted(chosen)


def test_a_user_without_the_reviewer_role_cannot_be_assigned(
    submission: Resource, secretariat: Any, panel: Any, focal_point: Any
) -> None:
    with pytest.raises(ValidationFailed):
        actions.assign_reviewers(
            actor=secretariat,
            resource_id=submission.pk,
            reviewer_ids=[focal_point.pk, panel["ext_uni"].pk, panel["ext_cso"].pk],
        )
    with pytest.raises(NotFound):
        actions.assign_reviewers(actor=secretariat, resource_id=submission.pk, reviewer_ids=[999_999])


def test_a_declared_conflict_is_replaced_by_a_reviewer_of_the_same_kind(
    submission: Resource, secretariat: Any, panel: Any, django_capture_on_commit_callbacks: Any
) -> None:
    assignments = actions.assign_reviewers(actor=secretariat, resource_id=submission.pk)
    un = next(a for a in assignments if a.is_un)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        conflicted, replacement = actions.declare_conflict(
            actor=un.reviewer, assignment_id=un.pk, note="I advised them."
        )
    assert conflicted.state == State.CONFLICT
    assert replacement is not None and replacement.is_un
    assert replacement.reviewer_id not in {a.reviewer_id for a in assignments}
    assert [m.to for m in mail.outbox] == [[replacement.reviewer.email]]
    # The conflicted reviewer loses access and is never picked again.
    from gcmhub.knowledge.queries import visible_resources

    assert not visible_resources(un.reviewer).filter(pk=submission.pk).exists()
    from gcmhub.knowledge.actions import eligible_reviewers

    assert un.reviewer_id not in {c.user.pk for c in eligible_reviewers(submission)}


def test_without_a_replacement_the_secretariat_is_told(
    submission: Resource, secretariat: Any, panel: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with_email(secretariat)
    assignments = actions.assign_reviewers(
        actor=secretariat,
        resource_id=submission.pk,
        reviewer_ids=[
            panel["un_reviewer"].pk,
            panel["un_reviewer2"].pk,
            panel["ext_uni"].pk,
            panel["ext_nhri"].pk,
        ],
    )
    un = next(a for a in assignments if a.is_un)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _conflicted, replacement = actions.declare_conflict(actor=un.reviewer, assignment_id=un.pk)
    assert replacement is None
    assert [m.to for m in mail.outbox] == [[secretariat.email]]


def test_only_the_reviewer_declares_their_conflict(
    submission: Resource, secretariat: Any, panel: Any, outsider: Any
) -> None:
    assignment = actions.assign_reviewers(actor=secretariat, resource_id=submission.pk)[0]
    for user in (outsider, secretariat):
        with pytest.raises(NotFound):
            actions.declare_conflict(actor=user, assignment_id=assignment.pk)
    assignment.refresh_from_db()
    assert assignment.state == State.PENDING


def test_least_busy_reviewers_are_picked_first(stakeholder: Any, secretariat: Any, panel: Any) -> None:
    first = make_resource("First", status=Status.SUBMITTED, organization="TEST-CSO", submitted_by=stakeholder)
    second = make_resource(
        "Second", status=Status.SUBMITTED, organization="TEST-CSO", submitted_by=stakeholder
    )
    one = {a.reviewer_id for a in actions.assign_reviewers(actor=secretariat, resource_id=first.pk)}
    two = {a.reviewer_id for a in actions.assign_reviewers(actor=secretariat, resource_id=second.pk)}
    # Five reviewers, three per panel: the second panel takes the two idle ones first.
    assert len(two - one) == 2
