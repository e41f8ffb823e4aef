"""Statement pages, the feeds and search: the public sees published statements only; every page write is
refused to an outsider and changes nothing."""

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gcmhub.comms import actions, indexing
from gcmhub.comms.models import Decision, Statement, StatementStatus
from gcmhub.comms.tests.helpers import draft, in_clearance, snapshot
from gcmhub.core.exceptions import ValidationFailed
from gcmhub.search.service import request_for, search

WORD = "ocelotlan"


def published(secretariat: Any, committee: dict[str, Any], **fields: Any) -> Statement:
    statement = in_clearance(secretariat, draft(secretariat, **fields))
    for member in committee.values():
        actions.answer_clearance(actor=member, statement_id=statement.pk, decision=Decision.CLEARED)
    return actions.publish_statement(actor=secretariat, statement_id=statement.pk)


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_public_page_shows_a_published_statement_and_its_published_translations(
    client: Client, secretariat: Any, committee: dict[str, Any]
) -> None:
    statement = published(secretariat, committee, body="The Network welcomes the pact.")
    actions.save_translation(
        actor=secretariat,
        statement_id=statement.pk,
        language="fr",
        title="Déclaration",
        body="Le Réseau salue.",
        publish=True,
    )
    actions.save_translation(
        actor=secretariat,
        statement_id=statement.pk,
        language="es",
        title="Declaración",
        body="Borrador.",
        publish=False,
    )
    page = client.get(reverse("comms:statement", args=[statement.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "The Network welcomes the pact." in html
    assert "Le Réseau salue." in html and 'lang="fr"' in html
    assert "Borrador." not in html


def test_a_draft_is_not_found_by_the_public_or_an_outsider(
    client: Client, outsider: Any, secretariat: Any
) -> None:
    statement = draft(secretariat)
    url = reverse("comms:statement", args=[statement.pk])
    assert client.get(url).status_code == 404
    assert signed_in(outsider).get(url).status_code == 404
    assert statement.title not in client.get(reverse("comms:statements")).content.decode()
    assert signed_in(secretariat).get(url).status_code == 200


def test_the_feeds_list_published_statements_only(
    client: Client, secretariat: Any, committee: dict[str, Any]
) -> None:
    shown = published(secretariat, committee, title="Statement on climate mobility")
    hidden = draft(secretariat, title="Unpublished draft on returns")
    rss = client.get(reverse("comms:feed_rss"))
    atom = client.get(reverse("comms:feed_atom"))
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert atom["Content-Type"].startswith("application/atom+xml")
    for feed in (rss, atom):
        text = feed.content.decode()
        assert shown.title in text and hidden.title not in text
        assert reverse("comms:statement", args=[shown.pk]) in text


def test_search_finds_a_statement_only_once_published(
    secretariat: Any, committee: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        statement = in_clearance(secretariat, draft(secretariat, body=f"Protect {WORD} communities."))
    assert search(request_for(WORD)).total == 0
    with django_capture_on_commit_callbacks(execute=True):
        for member in committee.values():
            actions.answer_clearance(actor=member, statement_id=statement.pk, decision=Decision.CLEARED)
        actions.publish_statement(actor=secretariat, statement_id=statement.pk)
    page = search(request_for(WORD))
    assert page.total == 1 and page.hits[0].kind == "statement"
    assert indexing.kind_labels(["statement", "pledge"]) == {"statement": "Network statement"}


def test_the_clearance_sheet_is_for_the_secretariat_and_the_committee(
    outsider: Any, focal_point: Any, secretariat: Any, committee: dict[str, Any]
) -> None:
    statement = in_clearance(secretariat, draft(secretariat))
    actions.answer_clearance(
        actor=committee["OHCHR"],
        statement_id=statement.pk,
        decision=Decision.OBJECTED,
        comment="Rights language.",
    )
    url = reverse("comms:clearance", args=[statement.pk])
    sheet = signed_in(secretariat).get(url)
    assert sheet.status_code == 200
    assert (
        "Rights language." in sheet.content.decode() and "Clearance round 1 opened." in sheet.content.decode()
    )
    assert signed_in(committee["IOM"]).get(url).status_code == 200
    assert signed_in(outsider).get(url).status_code == 404
    assert signed_in(focal_point).get(url).status_code == 404


def test_a_committee_member_answers_on_the_page(secretariat: Any, committee: dict[str, Any]) -> None:
    statement = in_clearance(secretariat, draft(secretariat))
    member = signed_in(committee["UNICEF"])
    assert "Your clearance" in member.get(reverse("comms:statement", args=[statement.pk])).content.decode()
    response = member.post(
        reverse("comms:answer", args=[statement.pk]), {"decision": "objected", "comment": "Too long."}
    )
    assert response.status_code == 302
    answer = statement.clearances.get(organization__acronym="UNICEF")
    assert (answer.decision, answer.comment) == ("objected", "Too long.")


def test_an_objection_without_a_reason_is_a_422(secretariat: Any, committee: dict[str, Any]) -> None:
    statement = in_clearance(secretariat, draft(secretariat))
    before = snapshot(statement)
    response = signed_in(committee["UNICEF"]).post(
        reverse("comms:answer", args=[statement.pk]), {"decision": "objected", "comment": ""}
    )
    assert response.status_code == 422
    assert "reason for the objection" in response.content.decode()
    assert snapshot(statement) == before


def test_the_secretariat_sends_for_clearance_on_the_page(secretariat: Any, committee: dict[str, Any]) -> None:
    statement = draft(secretariat)
    deadline = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = signed_in(secretariat).post(
        reverse("comms:clearance", args=[statement.pk]), {"deadline": deadline, "silence_procedure": "on"}
    )
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.status == StatementStatus.IN_CLEARANCE and statement.silence_procedure


def test_it_rejects_outsider_on_every_page_write(
    outsider: Any, focal_point: Any, secretariat: Any, committee: dict[str, Any]
) -> None:
    statement = in_clearance(secretariat, draft(secretariat))
    comment = actions.answer_clearance(
        actor=committee["IOM"], statement_id=statement.pk, decision=Decision.COMMENTS, comment="A comment."
    )
    before = snapshot(statement)
    count = Statement.objects.count()
    deadline = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    writes = [
        (reverse("comms:statement_new"), {"title": "x", "body": "y", "language": "en"}),
        (reverse("comms:statement_edit", args=[statement.pk]), {"title": "x", "body": "y", "language": "en"}),
        (reverse("comms:clearance", args=[statement.pk]), {"deadline": deadline}),
        (reverse("comms:answer", args=[statement.pk]), {"decision": "cleared"}),
        (reverse("comms:resolve", args=[statement.pk, comment.pk]), {"resolution": "Done."}),
        (reverse("comms:publish", args=[statement.pk]), {}),
        (reverse("comms:translation", args=[statement.pk]), {"language": "fr", "title": "x", "body": "y"}),
    ]
    # A focal point may draft its own statements, but not touch the secretariat's.
    for person, attempts in ((outsider, writes), (focal_point, writes[1:])):
        browser = signed_in(person)
        for url, data in attempts:
            assert browser.post(url, data).status_code in (403, 404), (person, url)
    assert snapshot(statement) == before and Statement.objects.count() == count
    anonymous = Client()
    for url, data in writes:
        assert anonymous.post(url, data).status_code == 302  # to the sign-in page
    assert snapshot(statement) == before


def test_a_statement_links_public_events_only(
    client: Client, secretariat: Any, committee: dict[str, Any]
) -> None:
    from gcmhub.events import actions as event_actions
    from gcmhub.events.tests.helpers import details, published_event

    event = published_event(secretariat)
    closed = event_actions.create_event(actor=secretariat, details=details(title="Closed draft meeting"))
    statement = published(secretariat, committee, events=[event.pk])
    html = client.get(reverse("comms:statement", args=[statement.pk])).content.decode()
    assert event.title in html and event.get_absolute_url() in html
    with pytest.raises(ValidationFailed) as caught:
        draft(secretariat, title="Another", events=[closed.pk])
    assert caught.value.code == "unknown_event"


def test_the_statements_page_leads_members_to_the_watch_and_the_talking_points(
    focal_point: Any, outsider: Any
) -> None:
    situations, notes = reverse("comms:situations"), reverse("comms:talking_points")
    member_page = signed_in(focal_point).get(reverse("comms:statements")).content.decode()
    assert situations in member_page and notes in member_page
    for visitor in (Client(), signed_in(outsider)):
        page = visitor.get(reverse("comms:statements")).content.decode()
        assert situations not in page and notes not in page
