"""A call from creation to reminders: the secretariat prepares and publishes it through the API, three
audiences answer (a Member State, a Network member, a stakeholder), reminders go only to those who have not
submitted, each in their own language, and never twice; a late response is flagged and a reopened one keeps
its first submission date."""

import datetime
import io
from typing import Any

import pytest
from conftest import make_user
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from gcmhub.accounts.models import Preference
from gcmhub.core.models import Job
from gcmhub.reporting import actions, queries
from gcmhub.reporting.models import Call, ReminderLog, Response, ResponseStatus
from gcmhub.reporting.tests.conftest import build_call, days, questions, with_email

JSON = "application/json"


def api(client: Any, method: str, path: str, body: Any = None) -> Any:
    return getattr(client, method)(f"/api/v1/reporting{path}", body, content_type=JSON)


def test_the_secretariat_prepares_and_publishes_a_call_through_the_api(client: Any, secretariat: Any) -> None:
    client.force_login(secretariat)
    created = api(
        client,
        "post",
        "/calls",
        {
            "title": "Regional review for the Americas",
            "purpose": "regional_review",
            "audiences": ["member_states"],
            "region": "019",
            "opens_on": str(days(0)),
            "closes_on": str(days(30)),
            "reminder_days": [7],
        },
    )
    assert created.status_code == 201, created.content
    call_id = created.json()["id"]
    assert created.json()["published"] is False
    section = api(client, "post", f"/calls/{call_id}/sections", {"title": "Decent work"})
    assert section.status_code == 201
    question = api(
        client,
        "post",
        f"/calls/{call_id}/questions",
        {
            "section": section.json()["id"],
            "text": "What changed in labour migration?",
            "answer_type": "text",
            "objective": 6,
        },
    )
    assert question.status_code == 201, question.content
    assert question.json()["objective"] == 6
    published = api(client, "post", f"/calls/{call_id}/publish")
    assert published.status_code == 200
    assert published.json()["sections"][0]["questions"][0]["text"] == "What changed in labour migration?"
    # The questionnaire is fixed once published.
    late_question = api(
        client,
        "post",
        f"/calls/{call_id}/questions",
        {
            "section": section.json()["id"],
            "text": "One more?",
            "answer_type": "text",
        },
    )
    assert late_question.status_code == 422
    # A regional review expects the Member States of its region only.
    call = Call.objects.get(pk=call_id)
    expected = {o.acronym for o in queries.expected_organizations(call, "member_states")}
    assert "GOV-MEX" in expected and "GOV-FRA" not in expected


def test_bad_call_input_is_refused_and_changes_nothing(client: Any, secretariat: Any) -> None:
    client.force_login(secretariat)
    before = Call.objects.count()
    for body in (
        {
            "title": "X",
            "purpose": "biennial_report",
            "audiences": ["everyone"],
            "opens_on": "2026-01-01",
            "closes_on": "2026-02-01",
        },
        {
            "title": "X",
            "purpose": "biennial_report",
            "audiences": ["member_states"],
            "opens_on": "2026-03-01",
            "closes_on": "2026-02-01",
        },
        {
            "title": "X",
            "purpose": "biennial_report",
            "audiences": ["member_states"],
            "opens_on": "2026-01-01",
            "closes_on": "2026-02-01",
            "colour": "blue",
        },
    ):
        answer = api(client, "post", "/calls", body)
        assert answer.status_code == 422, body
        assert answer["Content-Type"].startswith("application/problem+json")
    assert Call.objects.count() == before


def test_three_audiences_answer_and_reminders_reach_only_those_who_have_not(
    client: Any,
    secretariat: Any,
    member_state: Any,
    focal_point: Any,
    stakeholder: Any,
    other_focal_point: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    for user in (member_state, focal_point, stakeholder, other_focal_point):
        with_email(user)
    french_state = with_email(make_user("french_state", "member_state", "GOV-FRA"))
    Preference.objects.create(user=french_state, language="fr")
    call = build_call(secretariat)
    ids = questions(call)

    # A Member State answers through the API: a draft first, then the submission.
    client.force_login(member_state)
    draft = api(
        client,
        "put",
        f"/calls/{call.pk}/responses/GOV-MEX",
        {
            "answers": [
                {"question": ids["text"], "text": "Clinics serve everyone."},
                {"question": ids["number"], "number": "12"},
            ],
            "language": "es",
        },
    )
    assert draft.status_code == 200, draft.content
    assert draft.json()["status"] == "draft" and draft.json()["language"] == "es"
    submitted = api(client, "post", f"/responses/{draft.json()['id']}/submit")
    assert submitted.status_code == 200 and submitted.json()["is_late"] is False

    # A Network member's focal point answers on the page: save a draft, then submit.
    client.force_login(focal_point)
    page = reverse("reporting:respond", args=[call.pk, "IOM"])
    form = {"language": "en", f"q{ids['text']}": "IOM supports health desks.", f"q{ids['choice']}": "Yes"}
    assert client.post(page, {**form, "save": "1"}).status_code == 302
    iom = Response.objects.get(call=call, organization__acronym="IOM")
    assert iom.status == ResponseStatus.DRAFT
    assert iom.answers.get(question_id=ids["choice"]).selected == ["Yes"]
    assert client.post(page, {**form, "submit": "1"}).status_code == 302
    iom.refresh_from_db()
    assert iom.status == ResponseStatus.SUBMITTED and iom.submitted_by == focal_point

    # A stakeholder only starts a draft: it is expected now, and will be reminded.
    actions.save_answers(
        actor=stakeholder,
        call_id=call.pk,
        organization_id=stakeholder.memberships.get().organization_id,
        answers={ids["text"]: {"text": "Half done"}},
    )

    # Fourteen days before closing: reminders to those expected who have not submitted.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "send_call_reminders", "--now", "--date", str(call.closes_on - datetime.timedelta(days=14))
        )
    recipients = {address for message in mail.outbox for address in message.to}
    assert "stakeholder@example.org" in recipients
    assert "other_focal_point@example.org" in recipients  # UNEP, a Network member, has not answered
    assert "member_state@example.org" not in recipients and "focal_point@example.org" not in recipients
    by_address = {message.to[0]: message for message in mail.outbox}
    assert "Reminder:" in by_address["stakeholder@example.org"].subject
    # Each in the recipient's language: France's focal point reads its government's name in French.
    france = by_address["french_state@example.org"].body
    with translation.override("fr"):
        french_name = french_state.memberships.get().organization.name_display
    assert french_name != "Government of France" and french_name in france
    assert "Government of France" not in france
    assert ReminderLog.objects.filter(call=call, organization__acronym="TEST-CSO", days_before=14).exists()

    # Running again the same day sends nothing new; a day without a reminder sends nothing.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "send_call_reminders", "--now", "--date", str(call.closes_on - datetime.timedelta(days=14))
        )
        call_command(
            "send_call_reminders", "--now", "--date", str(call.closes_on - datetime.timedelta(days=13))
        )
    assert mail.outbox == []

    # The dashboard: one of each audience's expected organizations answered; who has not is listed.
    board = queries.response_rates(call)
    rates = {row.audience: row for row in board.audiences}
    assert rates["member_states"].submitted == 1 and rates["member_states"].expected == 193
    assert rates["network_members"].submitted == 1
    assert "UNEP" in {o.acronym for o in rates["network_members"].missing}
    assert rates["stakeholders"].drafts == 1 and rates["stakeholders"].submitted == 0
    assert [row.submitted for row in board.objectives] == [2]  # GOV-MEX and IOM answered objective 15


def test_the_reminder_job_runs_through_the_queue(
    secretariat: Any, stakeholder: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with_email(stakeholder)
    call = build_call(secretariat, closes=3)
    Response.objects.create(
        call=call, organization=stakeholder.memberships.get().organization, audience="stakeholders"
    )
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_call_reminders", stdout=out)
    job = Job.objects.get()
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert ReminderLog.objects.filter(call=call, days_before=3, organization__acronym="TEST-CSO").exists()
    assert any("stakeholder@example.org" in m.to for m in mail.outbox)


def test_a_late_response_is_accepted_and_flagged(secretariat: Any, member_state: Any) -> None:
    call = build_call(secretariat, opens=-30, closes=-1)
    ids = questions(call)
    government = member_state.memberships.get().organization
    response = actions.save_answers(
        actor=member_state,
        call_id=call.pk,
        organization_id=government.pk,
        answers={ids["text"]: {"text": "Late."}},
    )
    response = actions.submit_response(actor=member_state, response_id=response.pk)
    assert response.is_late is True
    assert queries.response_rates(call).audiences[0].late == 1


def test_submission_needs_the_required_answers(secretariat: Any, member_state: Any) -> None:
    from gcmhub.core.exceptions import ValidationFailed

    call = build_call(secretariat)
    ids = questions(call)
    government = member_state.memberships.get().organization
    response = actions.save_answers(
        actor=member_state,
        call_id=call.pk,
        organization_id=government.pk,
        answers={ids["number"]: {"number": "3"}},
    )
    with pytest.raises(ValidationFailed):
        actions.submit_response(actor=member_state, response_id=response.pk)
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT


def test_the_secretariat_reopens_a_response_and_its_authors_resubmit(
    client: Any, secretariat: Any, focal_point: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with_email(focal_point)
    call = build_call(secretariat)
    ids = questions(call)
    iom = focal_point.memberships.get().organization
    response = actions.save_answers(
        actor=focal_point, call_id=call.pk, organization_id=iom.pk, answers={ids["text"]: {"text": "First."}}
    )
    response = actions.submit_response(actor=focal_point, response_id=response.pk)
    first = response.first_submitted_at
    # Submitted: its authors can no longer change it.
    client.force_login(focal_point)
    refused = api(
        client,
        "put",
        f"/calls/{call.pk}/responses/IOM",
        {"answers": [{"question": ids["text"], "text": "x"}]},
    )
    assert refused.status_code == 403
    client.force_login(secretariat)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reopened = client.post(
            reverse("reporting:reopen", args=[response.pk]), {"reason": "Please add figures."}
        )
    assert reopened.status_code == 302
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT and response.reopen_reason == "Please add figures."
    assert [m.to for m in mail.outbox] == [["focal_point@example.org"]]
    assert "Please add figures." in mail.outbox[0].body
    client.force_login(focal_point)
    saved = api(
        client,
        "put",
        f"/calls/{call.pk}/responses/IOM",
        {"answers": [{"question": ids["number"], "number": 4}]},
    )
    assert saved.status_code == 200
    assert api(client, "post", f"/responses/{response.pk}/submit").status_code == 200
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert response.first_submitted_at == first
    assert {a.question_id: a.display for a in response.answers.all()} == {
        ids["text"]: "First.",
        ids["number"]: "4",
    }


def test_a_file_answer_is_checked_and_served_only_to_readers(
    client: Any, secretariat: Any, member_state: Any, outsider: Any
) -> None:
    call = build_call(secretariat)
    ids = questions(call)
    client.force_login(member_state)
    page = reverse("reporting:respond", args=[call.pk, "GOV-MEX"])
    fake = io.BytesIO(b"not a pdf at all")
    fake.name = "report.pdf"
    refused = client.post(page, {"language": "en", f"q{ids['file']}": fake, "save": "1"})
    assert refused.status_code == 422
    assert not Response.objects.filter(call=call).exists()
    pdf = io.BytesIO(b"%PDF-1.4\n% a small report\n")
    pdf.name = "report.pdf"
    assert client.post(page, {"language": "en", f"q{ids['file']}": pdf, "save": "1"}).status_code == 302
    answer = Response.objects.get(call=call).answers.get(question_id=ids["file"])
    assert answer.file_name == "report.pdf"
    download = reverse("reporting:file", args=[answer.pk])
    assert client.get(download).status_code == 200
    client.force_login(outsider)
    assert client.get(download).status_code == 404
