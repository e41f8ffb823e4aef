"""A statement's clearance round: every answer, the silence procedure, comments resolved, publication, and a
cleared text that cannot change without going back to clearance."""

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gcmhub.comms import actions, queries
from gcmhub.comms.models import Decision, StatementStatus
from gcmhub.comms.tests.helpers import draft, in_clearance, snapshot, with_french
from gcmhub.core.audit import record_event
from gcmhub.core.exceptions import DomainError, PermissionDenied, ValidationFailed


def answer_all(committee: dict[str, Any], statement_id: int, decision: str = Decision.CLEARED) -> None:
    for member in committee.values():
        actions.answer_clearance(actor=member, statement_id=statement_id, decision=decision, comment="")


def test_a_round_asks_every_committee_member_and_emails_them(
    secretariat: Any, committee: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        statement = in_clearance(secretariat, draft(secretariat))
    sheet = queries.current_clearances(statement)
    assert sorted(c.organization.acronym for c in sheet) == sorted(committee)
    assert {c.decision for c in sheet} == {Decision.PENDING}
    assert statement.status == StatementStatus.IN_CLEARANCE and statement.round == 1
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(member.email for member in committee.values())


def test_all_clear_then_the_secretariat_publishes(secretariat: Any, committee: dict[str, Any]) -> None:
    statement = in_clearance(secretariat, draft(secretariat))
    answer_all(committee, statement.pk)
    statement.refresh_from_db()
    assert statement.status == StatementStatus.CLEARED
    published = actions.publish_statement(actor=secretariat, statement_id=statement.pk)
    assert published.status == StatementStatus.PUBLISHED and published.published_at is not None


def test_one_objection_stops_the_text(secretariat: Any, committee: dict[str, Any]) -> None:
    statement = in_clearance(secretariat, draft(secretariat))
    objector, *others = committee.values()
    actions.answer_clearance(
        actor=objector,
        statement_id=statement.pk,
        decision=Decision.OBJECTED,
        comment="Paragraph 2 is inaccurate.",
    )
    for member in others:
        actions.answer_clearance(actor=member, statement_id=statement.pk, decision=Decision.CLEARED)
    statement.refresh_from_db()
    assert statement.status == StatementStatus.OBJECTED
    with pytest.raises(ValidationFailed) as caught:
        actions.publish_statement(actor=secretariat, statement_id=statement.pk)
    assert caught.value.code == "not_cleared"
    assert (
        queries.current_clearances(statement).get(decision=Decision.OBJECTED).comment
        == "Paragraph 2 is inaccurate."
    )


@pytest.mark.parametrize("decision", [Decision.OBJECTED, Decision.COMMENTS])
def test_an_objection_or_comments_need_a_reason(
    secretariat: Any, committee: dict[str, Any], decision: str
) -> None:
    statement = in_clearance(secretariat, draft(secretariat))
    before = snapshot(statement)
    with pytest.raises(ValidationFailed) as caught:
        actions.answer_clearance(
            actor=committee["IOM"], statement_id=statement.pk, decision=decision, comment=" "
        )
    assert caught.value.code == "no_reason"
    assert snapshot(statement) == before


def test_a_member_answers_once_per_round(secretariat: Any, committee: dict[str, Any]) -> None:
    statement = in_clearance(secretariat, draft(secretariat))
    actions.answer_clearance(actor=committee["ILO"], statement_id=statement.pk, decision=Decision.CLEARED)
    before = snapshot(statement)
    with pytest.raises(ValidationFailed) as caught:
        actions.answer_clearance(
            actor=committee["ILO"],
            statement_id=statement.pk,
            decision=Decision.OBJECTED,
            comment="Changed my mind",
        )
    assert caught.value.code == "answered"
    assert snapshot(statement) == before


def test_comments_must_be_resolved_before_publishing(secretariat: Any, committee: dict[str, Any]) -> None:
    statement = in_clearance(secretariat, draft(secretariat))
    commenter, *others = committee.values()
    comment = actions.answer_clearance(
        actor=commenter,
        statement_id=statement.pk,
        decision=Decision.COMMENTS,
        comment="Cite the 2022 review.",
    )
    for member in others:
        actions.answer_clearance(actor=member, statement_id=statement.pk, decision=Decision.CLEARED)
    statement.refresh_from_db()
    assert statement.status == StatementStatus.CLEARED
    with pytest.raises(ValidationFailed) as caught:
        actions.publish_statement(actor=secretariat, statement_id=statement.pk)
    assert caught.value.code == "unresolved_comments"
    actions.resolve_comment(
        actor=secretariat, clearance_id=comment.pk, resolution="Citation added in a footnote."
    )
    assert (
        actions.publish_statement(actor=secretariat, statement_id=statement.pk).status
        == StatementStatus.PUBLISHED
    )


def test_silence_counts_as_clearance_after_the_deadline_when_the_draft_says_so(
    secretariat: Any, committee: dict[str, Any]
) -> None:
    statement = in_clearance(secretariat, draft(secretariat), silence=True)
    actions.answer_clearance(actor=committee["WHO"], statement_id=statement.pk, decision=Decision.CLEARED)
    early = actions.pass_deadlines(now=timezone.now())
    assert early.silent == 0 and early.closed == []
    after = timezone.now() + datetime.timedelta(days=6)
    report = actions.pass_deadlines(now=after)
    assert report.silent == len(committee) - 1 and report.closed == [statement.pk]
    statement.refresh_from_db()
    assert statement.status == StatementStatus.CLEARED
    assert queries.current_clearances(statement).get(organization__acronym="WHO").decision == Decision.CLEARED
    # A second pass changes nothing.
    assert actions.pass_deadlines(now=after).silent == 0


def test_without_silence_procedure_the_deadline_changes_nothing(
    secretariat: Any, committee: dict[str, Any]
) -> None:
    statement = in_clearance(secretariat, draft(secretariat), silence=False)
    before = snapshot(statement)
    report = actions.pass_deadlines(now=timezone.now() + datetime.timedelta(days=6))
    assert report.silent == 0
    assert snapshot(statement) == before
    overdue = [item for item in queries.dashboard_items(secretariat) if item.kind == "clearance_waiting"]
    assert [item.label for item in overdue] == [statement.title]


def test_silence_with_an_objection_is_still_objected(secretariat: Any, committee: dict[str, Any]) -> None:
    statement = in_clearance(secretariat, draft(secretariat), silence=True)
    actions.answer_clearance(
        actor=committee["UNHCR"], statement_id=statement.pk, decision=Decision.OBJECTED, comment="Not agreed."
    )
    actions.pass_deadlines(now=timezone.now() + datetime.timedelta(days=6))
    statement.refresh_from_db()
    assert statement.status == StatementStatus.OBJECTED


def test_a_cleared_text_changed_goes_back_to_clearance(secretariat: Any, committee: dict[str, Any]) -> None:
    statement = in_clearance(secretariat, draft(secretariat))
    answer_all(committee, statement.pk)
    text = actions.StatementText(title=statement.title, body="A different text.")
    edited = actions.edit_statement(actor=secretariat, statement_id=statement.pk, text=text)
    assert edited.status == StatementStatus.DRAFT
    with pytest.raises(ValidationFailed):
        actions.publish_statement(actor=secretariat, statement_id=statement.pk)
    again = in_clearance(secretariat, edited)
    assert again.round == 2
    assert {c.decision for c in queries.current_clearances(again)} == {Decision.PENDING}


def test_a_published_statement_cannot_be_edited(secretariat: Any, committee: dict[str, Any]) -> None:
    statement = in_clearance(secretariat, draft(secretariat))
    answer_all(committee, statement.pk)
    actions.publish_statement(actor=secretariat, statement_id=statement.pk)
    before = snapshot(statement)
    with pytest.raises(PermissionDenied):
        actions.edit_statement(
            actor=secretariat, statement_id=statement.pk, text=actions.StatementText(title="New", body="New")
        )
    assert snapshot(statement) == before


def test_every_clearance_step_is_audited(secretariat: Any, committee: dict[str, Any]) -> None:
    statement = in_clearance(secretariat, draft(secretariat))
    actions.answer_clearance(
        actor=committee["IOM"], statement_id=statement.pk, decision=Decision.OBJECTED, comment="No."
    )
    notes = [e.additional_data for e in LogEntry.objects.get_for_object(statement) if e.additional_data]
    # Stored language-neutral: the English msgid and its parameters, translated when shown.
    assert {"note": "Clearance round %(round)d opened.", "note_params": {"round": 1}} in notes
    clearance = queries.current_clearances(statement).get(organization__acronym="IOM")
    answers = LogEntry.objects.get_for_object(clearance)
    assert [(e.actor, e.changes_dict["decision"][1]) for e in answers if "decision" in e.changes_dict] == [
        (committee["IOM"], "objected")
    ]


def test_a_focal_point_drafts_for_its_own_organization(focal_point: Any) -> None:
    statement = draft(focal_point)
    assert statement.organization is not None and statement.organization.acronym == "IOM"
    assert queries.can_edit(focal_point, statement)


def test_it_rejects_outsider(outsider: Any, secretariat: Any, committee: dict[str, Any]) -> None:
    statement = in_clearance(secretariat, draft(secretariat))
    before = snapshot(statement)
    attempts: list[Callable[[], object]] = [
        lambda: draft(outsider),
        lambda: actions.answer_clearance(
            actor=outsider, statement_id=statement.pk, decision=Decision.CLEARED
        ),
        lambda: actions.publish_statement(actor=outsider, statement_id=statement.pk),
        lambda: actions.edit_statement(
            actor=outsider, statement_id=statement.pk, text=actions.StatementText(title="x", body="y")
        ),
        lambda: actions.save_translation(
            actor=outsider, statement_id=statement.pk, language="fr", title="x", body="y", publish=True
        ),
    ]
    for attempt in attempts:
        with pytest.raises(DomainError) as caught:
            attempt()
        assert caught.value.status_code in (403, 404)
    assert snapshot(statement) == before


def test_only_the_secretariat_opens_a_round_or_publishes(
    focal_point: Any, secretariat: Any, committee: dict[str, Any]
) -> None:
    statement = draft(focal_point)
    before = snapshot(statement)
    with pytest.raises(PermissionDenied):
        in_clearance(focal_point, statement)
    with pytest.raises(PermissionDenied):
        in_clearance(committee["IOM"], statement)
    assert snapshot(statement) == before


def test_a_deadline_in_the_past_is_refused(secretariat: Any, committee: dict[str, Any]) -> None:
    statement = draft(secretariat)
    before = snapshot(statement)
    with pytest.raises(ValidationFailed) as caught:
        in_clearance(secretariat, statement, days=-1)
    assert caught.value.code == "deadline_past"
    assert snapshot(statement) == before


def test_unknown_links_are_refused(secretariat: Any) -> None:
    with pytest.raises(ValidationFailed) as caught:
        draft(secretariat, objectives=[24])
    assert caught.value.code == "unknown_objective"
    with pytest.raises(ValidationFailed) as caught:
        draft(secretariat, countries=["XXX"])
    assert caught.value.code == "unknown_country"


def test_the_trail_shows_its_notes_in_the_readers_language(
    secretariat: Any, committee: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    statement = in_clearance(secretariat, draft(secretariat))
    answer_all(committee, statement.pk)
    text = actions.StatementText(title=statement.title, body="A different text.")
    actions.edit_statement(actor=secretariat, statement_id=statement.pk, text=text)
    record_event(statement, actor=secretariat, note="clearance round 9 opened")  # a row from before
    with_french(
        monkeypatch,
        {
            actions.ROUND_OPENED: "Cycle de validation %(round)d ouvert.",
            actions.RETURNED_TO_DRAFTING: "Revenu en rédaction : le texte a changé après validation.",
        },
    )
    browser = Client()
    browser.force_login(secretariat)
    url = reverse("comms:clearance", args=[statement.pk])
    english = browser.get(url).content.decode()
    assert "Clearance round 1 opened." in english
    assert "Returned to drafting: the text changed after clearance." in english
    french = browser.get(f"/fr{url}").content.decode()
    assert "Cycle de validation 1 ouvert." in french
    assert "Revenu en rédaction : le texte a changé après validation." in french
    assert "Clearance round 1 opened." not in french
    assert "clearance round 9 opened" in french  # an old English row, shown as it was stored
