"""Every consultation write refuses an outsider (signed in, no organization) and an anonymous caller, on the
pages and in the API, and changes nothing; members of organizations cannot do the secretariat's part."""

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from gcmhub.reporting.actions import consultations as actions
from gcmhub.reporting.models import Comment, Consultation, DraftVersion, Paragraph, ParagraphText
from gcmhub.reporting.tests.conftest import days
from gcmhub.reporting.tests.test_consultations import open_consultation, paragraph_ids

JSON = "application/json"


def state() -> list[Any]:
    """Row counts (audit events included) and every comment's moderation and disposition."""
    counts = [
        m.objects.count() for m in (Consultation, DraftVersion, Paragraph, ParagraphText, Comment, LogEntry)
    ]
    comments = Comment.objects.order_by("pk").values_list("hidden_at", "disposition", "text")
    return [counts, list(comments), list(Consultation.objects.values_list("title", flat=True))]


@pytest.fixture
def commented(secretariat: Any, stakeholder: Any) -> Comment:
    consultation = open_consultation(secretariat)
    return actions.add_comment(
        actor=stakeholder,
        consultation_id=consultation.pk,
        paragraph_id=paragraph_ids(consultation)[0],
        text="Ok.",
    )


def api_writes(comment: Comment) -> list[tuple[str, dict[str, Any]]]:
    base = "/api/v1/reporting/consultations"
    consultation = comment.consultation_id
    return [
        (
            base,
            {
                "title": "T",
                "kind": "statement",
                "opens_on": str(days(0)),
                "closes_on": str(days(9)),
                "text": "One.\n\nTwo.",
            },
        ),
        (f"{base}/{consultation}/versions", {"text": "Other."}),
        (f"{base}/{consultation}/comments", {"paragraph": comment.paragraph_id, "text": "Mine"}),
        (f"{base}/comments/{comment.pk}/replies", {"text": "Mine"}),
        (f"{base}/comments/{comment.pk}/moderation", {"hidden": True, "reason": "No."}),
        (f"{base}/comments/{comment.pk}/disposition", {"disposition": "accepted"}),
    ]


def page_writes(comment: Comment) -> list[tuple[str, dict[str, Any]]]:
    consultation = comment.consultation_id
    return [
        (
            reverse("reporting:consultation_create"),
            {
                "title": "T",
                "kind": "statement",
                "language": "en",
                "opens_on": str(days(0)),
                "closes_on": str(days(9)),
                "text": "One.",
            },
        ),
        (reverse("reporting:consultation_version_add", args=[consultation]), {"text": "Other."}),
        (
            reverse("reporting:consultation_comment", args=[consultation, comment.paragraph_id]),
            {"text": "Mine", "language": "en"},
        ),
        (reverse("reporting:consultation_reply", args=[comment.pk]), {"text": "Mine", "language": "en"}),
        (reverse("reporting:consultation_moderate", args=[comment.pk]), {"hidden": "1", "reason": "No."}),
        (reverse("reporting:consultation_disposition", args=[comment.pk]), {"disposition": "accepted"}),
    ]


def test_it_rejects_an_outsider_on_every_api_write(client: Any, outsider: Any, commented: Comment) -> None:
    client.force_login(outsider)
    before = state()
    for path, body in api_writes(commented):
        answer = client.post(path, body, content_type=JSON)
        assert answer.status_code in (403, 404), (path, answer.status_code, answer.content)
        assert answer["Content-Type"].startswith("application/problem+json")
    assert state() == before


def test_it_rejects_an_anonymous_caller_on_every_api_write(client: Any, commented: Comment) -> None:
    before = state()
    for path, body in api_writes(commented):
        assert client.post(path, body, content_type=JSON).status_code == 401, path
    assert state() == before


def test_it_rejects_an_outsider_on_every_page_write(client: Any, outsider: Any, commented: Comment) -> None:
    client.force_login(outsider)
    before = state()
    for path, body in page_writes(commented):
        answer = client.post(path, body)
        assert answer.status_code in (403, 404), (path, answer.status_code)
    assert state() == before
    assert (
        client.get(reverse("reporting:consultation_moderation", args=[commented.consultation_id])).status_code
        == 403
    )


def test_it_sends_an_anonymous_visitor_to_sign_in_on_every_page_write(
    client: Any, commented: Comment
) -> None:
    before = state()
    for path, body in page_writes(commented):
        answer = client.post(path, body)
        assert answer.status_code == 302 and "/accounts/login/" in answer["Location"], path
    assert state() == before


def test_a_member_of_an_organization_cannot_moderate_or_publish(
    client: Any, member_state: Any, commented: Comment
) -> None:
    """Commenting is open to members of any organization; the secretariat's writes are not."""
    client.force_login(member_state)
    before = state()
    secretariat_only = [w for w in api_writes(commented) if not w[0].endswith(("/comments", "/replies"))]
    assert len(secretariat_only) == 4
    for path, body in secretariat_only:
        answer = client.post(path, body, content_type=JSON)
        assert answer.status_code == 403, (path, answer.status_code)
    assert state() == before


def test_a_member_of_any_organization_comments_for_it(
    client: Any, focal_point: Any, commented: Comment
) -> None:
    client.force_login(focal_point)
    answer = client.post(
        f"/api/v1/reporting/consultations/{commented.consultation_id}/comments",
        {"paragraph": commented.paragraph_id, "text": "IOM's view.", "language": "fr"},
        content_type=JSON,
    )
    assert answer.status_code == 201
    assert (answer.json()["organization"], answer.json()["language"]) == ("IOM", "fr")
    page = client.post(
        reverse("reporting:consultation_reply", args=[commented.pk]), {"text": "And more.", "language": "en"}
    )
    assert page.status_code == 302 and page["Location"].endswith(f"#p-{commented.paragraph_id}")
    assert Comment.objects.filter(organization__acronym="IOM").count() == 2


def test_unknown_fields_and_bad_values_are_refused(client: Any, secretariat: Any, commented: Comment) -> None:
    client.force_login(secretariat)
    before = state()
    base = f"/api/v1/reporting/consultations/comments/{commented.pk}"
    for path, body in (
        (f"{base}/disposition", {"disposition": "maybe"}),
        (f"{base}/disposition", {"disposition": "not_accepted"}),
        (f"{base}/disposition", {"disposition": "accepted", "mood": "happy"}),
        (f"{base}/moderation", {"hidden": True}),
        (f"{base}/replies", {"text": ""}),
    ):
        assert client.post(path, body, content_type=JSON).status_code == 422, (path, body)
    assert state() == before
