"""The review workflow: each transition allowed for the right role and refused for everyone else, with
e-mails at each step and time-to-publish measured."""

import datetime
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation

from gcmhub.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from gcmhub.core.tests.typed import present
from gcmhub.knowledge import actions
from gcmhub.knowledge.models import Decision, Resource, ReviewAssignment, Status
from gcmhub.knowledge.tests.conftest import with_email

SCORES = {"relevance": 5, "coherence": 4, "innovation": 3, "replicability": 4, "sustainability": 5}
DRAFT: dict[str, Any] = {
    "title": "Case management instead of detention",
    "summary": "Caseworkers support families through their procedures in the community.",
    "body": "<p>Families live in the community with a caseworker.</p>",
    "objectives": [13],
    "countries": ["MEX"],
}


@pytest.fixture
def draft(stakeholder: Any) -> Resource:
    with_email(stakeholder)
    return actions.create_resource(actor=stakeholder, kind="practice", data=DRAFT)


@pytest.fixture
def secretary(secretariat: Any) -> Any:
    return with_email(secretariat)


def submitted(draft: Resource, stakeholder: Any) -> Resource:
    return actions.submit_resource(actor=stakeholder, resource_id=draft.pk)


def under_review(draft: Resource, stakeholder: Any, secretariat: Any) -> list[ReviewAssignment]:
    submitted(draft, stakeholder)
    return actions.assign_reviewers(actor=secretariat, resource_id=draft.pk)


def test_a_stakeholder_creates_a_draft_for_its_organization(draft: Resource) -> None:
    assert draft.status == Status.DRAFT
    assert present(draft.organization).acronym == "TEST-CSO"
    assert list(draft.objective_links.values_list("objective__number", flat=True)) == [13]


@pytest.mark.parametrize("persona", ["outsider", "reviewer"])
def test_it_rejects_creation_by_who_acts_for_no_submitting_organization(persona: str, request: Any) -> None:
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        actions.create_resource(actor=user, kind="practice", data=DRAFT)
    assert not Resource.objects.exists()


def test_only_a_member_state_records_its_own_national_plan(member_state: Any, stakeholder: Any) -> None:
    plan = {**DRAFT, "national_plan": {"country": "MEX", "plan_status": "adopted"}}
    created = actions.create_resource(actor=member_state, kind="national_plan", data=plan)
    assert created.national_plan.country.iso3 == "MEX"
    with pytest.raises(PermissionDenied):
        actions.create_resource(actor=stakeholder, kind="national_plan", data=plan)
    with pytest.raises(PermissionDenied):
        actions.create_resource(
            actor=member_state,
            kind="national_plan",
            data={**plan, "national_plan": {"country": "FRA", "plan_status": "adopted"}},
        )
    assert Resource.objects.count() == 1


def test_submitting_emails_the_secretariat_and_sets_the_clock(
    draft: Resource, stakeholder: Any, secretary: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        resource = submitted(draft, stakeholder)
    assert resource.status == Status.SUBMITTED
    assert resource.first_submitted_at is not None
    assert [m.to for m in mail.outbox] == [[secretary.email]]
    assert DRAFT["title"] in str(mail.outbox[0].subject)


def test_an_incomplete_draft_cannot_be_submitted(stakeholder: Any) -> None:
    resource = actions.create_resource(actor=stakeholder, kind="practice", data={"title": "Only a title"})
    with pytest.raises(ValidationFailed):
        actions.submit_resource(actor=stakeholder, resource_id=resource.pk)
    resource.refresh_from_db()
    assert resource.status == Status.DRAFT


@pytest.mark.parametrize("persona", ["outsider", "other_focal_point", "reviewer"])
def test_it_rejects_submission_by_others(persona: str, request: Any, draft: Resource) -> None:
    user = request.getfixturevalue(persona)
    with pytest.raises((NotFound, PermissionDenied)):
        actions.submit_resource(actor=user, resource_id=draft.pk)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_only_the_secretariat_assigns_reviewers(
    draft: Resource, stakeholder: Any, focal_point: Any, panel: Any
) -> None:
    submitted(draft, stakeholder)
    for user in (stakeholder, focal_point, panel["un_reviewer"]):
        with pytest.raises(PermissionDenied):
            actions.assign_reviewers(actor=user, resource_id=draft.pk)
    assert not ReviewAssignment.objects.exists()


def test_the_secretariat_assigns_the_default_panel_and_reviewers_are_emailed(
    draft: Resource, stakeholder: Any, secretary: Any, panel: Any, django_capture_on_commit_callbacks: Any
) -> None:
    submitted(draft, stakeholder)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assignments = actions.assign_reviewers(actor=secretary, resource_id=draft.pk)
    assert sorted(a.is_un for a in assignments) == [False, False, True]
    draft.refresh_from_db()
    assert draft.status == Status.UNDER_REVIEW
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.reviewer.email for a in assignments)


def test_a_reviewer_requests_changes_the_submitter_revises_and_the_secretariat_publishes(
    draft: Resource, stakeholder: Any, secretary: Any, panel: Any, django_capture_on_commit_callbacks: Any
) -> None:
    assignments = under_review(draft, stakeholder, secretary)
    first = assignments[0]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_review(
            actor=first.reviewer,
            assignment_id=first.pk,
            scores=SCORES,
            recommendation="changes",
            comments="Add the results of the evaluation.",
        )
    draft.refresh_from_db()
    assert draft.status == Status.CHANGES_REQUESTED
    decision = draft.decisions.get()
    assert (decision.outcome, decision.rationale) == (
        Decision.Outcome.CHANGES,
        "Add the results of the evaluation.",
    )
    assert stakeholder.email in [m.to[0] for m in mail.outbox]
    assert "Add the results of the evaluation." in next(
        m.body for m in mail.outbox if m.to == [stakeholder.email]
    )

    actions.update_resource(
        actor=stakeholder, resource_id=draft.pk, data={"results": "Detention fell by 40%."}
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_resource(actor=stakeholder, resource_id=draft.pk)
    draft.refresh_from_db()
    assert (draft.status, draft.review_round) == (Status.UNDER_REVIEW, 2)
    second_round = list(draft.assignments.filter(round=2))
    assert {a.reviewer_id for a in second_round} == {a.reviewer_id for a in assignments}
    assert {a.reviewer.email for a in second_round} <= {m.to[0] for m in mail.outbox}

    for assignment in second_round:
        actions.submit_review(
            actor=assignment.reviewer, assignment_id=assignment.pk, scores=SCORES, recommendation="approve"
        )
    actions.decide(actor=secretary, resource_id=draft.pk, outcome="approve", rationale="Strong evidence.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish_resource(actor=secretary, resource_id=draft.pk)
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.time_to_publish is not None
    assert [d.outcome for d in draft.decisions.all()] == ["changes", "approve", "publish"]
    assert [m.to for m in mail.outbox] == [[stakeholder.email]]


def test_approval_needs_a_completed_review(
    draft: Resource, stakeholder: Any, secretary: Any, panel: Any
) -> None:
    under_review(draft, stakeholder, secretary)
    with pytest.raises(ValidationFailed):
        actions.decide(actor=secretary, resource_id=draft.pk, outcome="approve", rationale="Looks fine.")
    draft.refresh_from_db()
    assert draft.status == Status.UNDER_REVIEW


@pytest.mark.parametrize("persona", ["stakeholder", "reviewer", "outsider", "focal_point"])
def test_only_the_secretariat_decides_publishes_and_archives(
    persona: str, request: Any, draft: Resource, stakeholder: Any, secretary: Any, panel: Any
) -> None:
    assignments = under_review(draft, stakeholder, secretary)
    user = request.getfixturevalue(persona)
    with pytest.raises(PermissionDenied):
        actions.decide(actor=user, resource_id=draft.pk, outcome="approve", rationale="Fine.")
    actions.submit_review(
        actor=assignments[0].reviewer,
        assignment_id=assignments[0].pk,
        scores=SCORES,
        recommendation="approve",
    )
    actions.decide(actor=secretary, resource_id=draft.pk, outcome="approve", rationale="Fine.")
    with pytest.raises(PermissionDenied):
        actions.publish_resource(actor=user, resource_id=draft.pk)
    actions.publish_resource(actor=secretary, resource_id=draft.pk)
    with pytest.raises(PermissionDenied):
        actions.archive_resource(actor=user, resource_id=draft.pk, rationale="Outdated.")
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED


def test_publishing_skips_no_step(draft: Resource, stakeholder: Any, secretary: Any) -> None:
    with pytest.raises(ValidationFailed):
        actions.publish_resource(actor=secretary, resource_id=draft.pk)
    submitted(draft, stakeholder)
    with pytest.raises(ValidationFailed):
        actions.publish_resource(actor=secretary, resource_id=draft.pk)
    draft.refresh_from_db()
    assert draft.status == Status.SUBMITTED


def test_archiving_keeps_the_resource_and_its_rationale(secretary: Any) -> None:
    from gcmhub.knowledge.tests.factories import make_resource

    resource = make_resource()
    actions.archive_resource(
        actor=secretary, resource_id=resource.pk, rationale="Superseded by a newer practice."
    )
    resource.refresh_from_db()
    assert resource.status == Status.ARCHIVED
    assert resource.decisions.get().rationale == "Superseded by a newer practice."


def test_a_submitter_cannot_edit_while_under_review(
    draft: Resource, stakeholder: Any, secretary: Any, panel: Any
) -> None:
    under_review(draft, stakeholder, secretary)
    with pytest.raises(PermissionDenied):
        actions.update_resource(actor=stakeholder, resource_id=draft.pk, data={"title": "Changed"})
    draft.refresh_from_db()
    assert draft.title == DRAFT["title"]


def test_scores_must_be_from_one_to_five(
    draft: Resource, stakeholder: Any, secretary: Any, panel: Any
) -> None:
    assignment = under_review(draft, stakeholder, secretary)[0]
    with pytest.raises(ValidationFailed):
        actions.submit_review(
            actor=assignment.reviewer,
            assignment_id=assignment.pk,
            scores={**SCORES, "innovation": 6},
            recommendation="approve",
        )
    assignment.refresh_from_db()
    assert assignment.state == ReviewAssignment.State.PENDING


def test_only_the_assigned_reviewer_reviews(
    draft: Resource, stakeholder: Any, secretary: Any, panel: Any
) -> None:
    assignments = under_review(draft, stakeholder, secretary)
    assigned = {a.reviewer_id for a in assignments}
    other = next(user for user in panel.values() if user.pk not in assigned)
    with pytest.raises(NotFound):
        actions.submit_review(
            actor=other, assignment_id=assignments[0].pk, scores=SCORES, recommendation="approve"
        )
    assert not ReviewAssignment.objects.filter(state=ReviewAssignment.State.COMPLETED).exists()


def test_time_to_publish_is_measured_for_the_secretariat(secretary: Any) -> None:
    from gcmhub.knowledge.queries import time_to_publish
    from gcmhub.knowledge.tests.factories import make_resource

    now = timezone.now()
    for days in (2, 4, 10):
        make_resource(
            f"Practice {days}", first_submitted_at=now - datetime.timedelta(days=days), published_at=now
        )
    stats = time_to_publish()
    assert stats.count == 3
    assert stats.median == datetime.timedelta(days=4)
    assert stats.longest == datetime.timedelta(days=10)


def test_a_call_groups_submissions_and_refuses_them_after_its_deadline(
    secretary: Any, stakeholder: Any
) -> None:
    call = actions.create_call(
        actor=secretary,
        title="Alternatives to detention",
        theme="ATD",
        deadline=timezone.localdate() + datetime.timedelta(days=5),
    )
    resource = actions.create_resource(actor=stakeholder, kind="practice", data=DRAFT, call=call)
    assert list(call.resources.all()) == [resource]
    call.deadline = timezone.localdate() - datetime.timedelta(days=1)
    call.save()
    with pytest.raises(ValidationFailed):
        actions.submit_resource(actor=stakeholder, resource_id=resource.pk)
    with pytest.raises(PermissionDenied):
        actions.create_call(actor=stakeholder, title="x", theme="y", deadline=timezone.localdate())


def test_audit_records_who_published(draft: Resource, stakeholder: Any, secretary: Any, panel: Any) -> None:
    from gcmhub.core.audit import history_for

    assignments = under_review(draft, stakeholder, secretary)
    actions.submit_review(
        actor=assignments[0].reviewer,
        assignment_id=assignments[0].pk,
        scores=SCORES,
        recommendation="approve",
    )
    actions.decide(actor=secretary, resource_id=draft.pk, outcome="approve", rationale="Good.")
    actions.publish_resource(actor=secretary, resource_id=draft.pk)
    entry = present(history_for(draft).first())
    assert entry.actor == secretary
    assert entry.changes_dict["status"] == ["approved", "published"]


def test_each_recipient_is_written_to_in_the_language_they_read_the_site_in(
    draft: Resource, stakeholder: Any, secretary: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from conftest import make_user

    from gcmhub.accounts.actions import remember_language

    colleague = with_email(make_user("colleague", "secretariat", "UNNM"))
    remember_language(user=colleague, language="fr")
    with translation.override("ru"), django_capture_on_commit_callbacks(execute=True):
        submitted(draft, stakeholder)  # the submitter's own language plays no part
    by_address = {m.to[0]: m for m in mail.outbox}
    french, default = by_address[colleague.email], by_address[secretary.email]
    assert french.subject.startswith("Nouvelle soumission") and french.subject.endswith(DRAFT["title"])
    assert f"/fr/knowledge/r/{draft.pk}/" in french.body
    assert default.subject == f"New submission: {DRAFT['title']}"
    assert "/fr/knowledge/" not in default.body and f"/knowledge/r/{draft.pk}/" in default.body
