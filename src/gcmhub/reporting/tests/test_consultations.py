"""Consultations on draft texts: comments on paragraphs, replies, the secretariat's answers, moderation and
dispositions, and the exports by paragraph (XLSX and DOCX, Arabic right to left)."""

import io
from typing import Any

import docx
import openpyxl
import pytest
from django.urls import reverse

from gcmhub.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from gcmhub.reporting.actions import consultations as actions
from gcmhub.reporting.models import Comment, Consultation, Disposition
from gcmhub.reporting.tests.conftest import days

TEXT = """# Draft statement on safe migration

Member States commit to **safe** and regular pathways.

The Network will support national implementation plans.

Data on migrant deaths shall be published each year."""

JSON = "application/json"


def open_consultation(
    secretariat: Any, *, opens: int = -3, closes: int = 10, text: str = TEXT
) -> Consultation:
    return actions.create_consultation(
        actor=secretariat,
        data={
            "title": "Draft statement on safe migration",
            "kind": "statement",
            "language": "en",
            "opens_on": days(opens),
            "closes_on": days(closes),
        },
        draft=actions.Draft(text=text),
    )


def paragraph_ids(consultation: Consultation) -> list[int]:
    version = consultation.versions.order_by("-number").first()
    assert version is not None
    return list(version.texts.order_by("position").values_list("paragraph_id", flat=True))


def close(consultation: Consultation) -> None:
    Consultation.objects.filter(pk=consultation.pk).update(opens_on=days(-20), closes_on=days(-1))
    consultation.refresh_from_db()


def test_the_text_is_split_into_paragraphs_without_markdown(secretariat: Any) -> None:
    consultation = open_consultation(secretariat)
    version = consultation.versions.get()
    texts = list(version.texts.order_by("position").values_list("position", "text"))
    assert texts == [
        (1, "Draft statement on safe migration"),
        (2, "Member States commit to safe and regular pathways."),
        (3, "The Network will support national implementation plans."),
        (4, "Data on migrant deaths shall be published each year."),
    ]


@pytest.fixture
def discussed(secretariat: Any, stakeholder: Any, member_state: Any) -> dict[str, Any]:
    """An open consultation: the CSO comments on paragraph 2, Mexico on paragraphs 2 and 4; the secretariat
    answers the CSO officially and Mexico replies to it."""
    consultation = open_consultation(secretariat)
    ids = paragraph_ids(consultation)
    cso = actions.add_comment(
        actor=stakeholder, consultation_id=consultation.pk, paragraph_id=ids[1], text="Say “safe, orderly”."
    )
    mexico = actions.add_comment(
        actor=member_state,
        consultation_id=consultation.pk,
        paragraph_id=ids[1],
        text="Proponemos añadir «regular».",
        language="es",
    )
    deaths = actions.add_comment(
        actor=member_state,
        consultation_id=consultation.pk,
        paragraph_id=ids[3],
        text="Each year is too often.",
    )
    answer = actions.add_reply(actor=secretariat, comment_id=cso.pk, text="We will consider it.")
    reply = actions.add_reply(actor=member_state, comment_id=cso.pk, text="We agree with the CSO.")
    return {
        "consultation": consultation,
        "ids": ids,
        "cso": cso,
        "mexico": mexico,
        "deaths": deaths,
        "answer": answer,
        "reply": reply,
    }


def test_comments_and_replies_are_threaded_by_paragraph(client: Any, discussed: dict[str, Any]) -> None:
    consultation, ids = discussed["consultation"], discussed["ids"]
    cso, answer, reply = discussed["cso"], discussed["answer"], discussed["reply"]
    assert (cso.organization.acronym, answer.organization.acronym) == ("TEST-CSO", "UNNM")
    assert answer.is_official and not reply.is_official and not cso.is_official
    assert answer.parent_id == cso.pk and reply.parent_id == cso.pk
    detail = client.get(f"/api/v1/reporting/consultations/{consultation.pk}").json()
    assert [(p["id"], p["position"], p["comments"]) for p in detail["paragraphs"]] == [
        (ids[0], 1, 0),
        (ids[1], 2, 4),
        (ids[2], 3, 0),
        (ids[3], 4, 1),
    ]
    page = client.get(reverse("reporting:consultation", args=[consultation.pk])).content.decode()
    assert f'id="p-{ids[1]}"' in page
    assert '<div class="comment-text" lang="es" dir="auto">Proponemos añadir «regular».</div>' in page
    assert "Say “safe, orderly”." in page and "Answer of the secretariat" in page


def test_comment_text_is_escaped(client: Any, secretariat: Any, stakeholder: Any) -> None:
    consultation = open_consultation(secretariat)
    ids = paragraph_ids(consultation)
    actions.add_comment(
        actor=stakeholder, consultation_id=consultation.pk, paragraph_id=ids[0], text="<script>x()</script>"
    )
    page = client.get(reverse("reporting:consultation", args=[consultation.pk])).content.decode()
    assert "<script>x()</script>" not in page and "&lt;script&gt;x()&lt;/script&gt;" in page


def test_a_hidden_comment_is_shown_to_its_author_only(
    client: Any, discussed: dict[str, Any], secretariat: Any, stakeholder: Any, member_state: Any
) -> None:
    consultation, cso = discussed["consultation"], discussed["cso"]
    actions.moderate_comment(actor=secretariat, comment_id=cso.pk, hidden=True, reason="Off topic.")
    comments = f"/api/v1/reporting/consultations/{consultation.pk}/comments"
    # Others see neither the comment nor the thread under it, on the page or in the API.
    client.force_login(member_state)
    listed = client.get(comments).json()
    assert cso.pk not in [c["id"] for c in listed["items"]]
    assert discussed["answer"].pk not in [c["id"] for c in listed["items"]]
    assert "Say “safe, orderly”." not in client.get(consultation.get_absolute_url()).content.decode()
    client.logout()
    assert cso.pk not in [c["id"] for c in client.get(comments).json()["items"]]
    # Its author sees it, marked hidden with the reason.
    client.force_login(stakeholder)
    mine = [c for c in client.get(comments).json()["items"] if c["id"] == cso.pk]
    assert mine and mine[0]["hidden"] and mine[0]["hidden_reason"] == "Off topic."
    page = client.get(consultation.get_absolute_url()).content.decode()
    assert "Say “safe, orderly”." in page and "Hidden by the secretariat: Off topic." in page
    # A hidden comment cannot be replied to (others do not even find it); shown again, it is public.
    with pytest.raises(NotFound):
        actions.add_reply(actor=member_state, comment_id=cso.pk, text="?")
    with pytest.raises(ValidationFailed):
        actions.add_reply(actor=secretariat, comment_id=cso.pk, text="?")
    actions.moderate_comment(actor=secretariat, comment_id=cso.pk, hidden=False)
    client.logout()
    assert cso.pk in [c["id"] for c in client.get(comments).json()["items"]]


def test_hiding_needs_a_reason(discussed: dict[str, Any], secretariat: Any) -> None:
    with pytest.raises(ValidationFailed):
        actions.moderate_comment(actor=secretariat, comment_id=discussed["cso"].pk, hidden=True, reason=" ")
    assert not Comment.objects.get(pk=discussed["cso"].pk).is_hidden


def test_comments_on_a_closed_consultation_are_refused(
    client: Any, discussed: dict[str, Any], secretariat: Any, stakeholder: Any
) -> None:
    consultation, ids = discussed["consultation"], discussed["ids"]
    close(consultation)
    before = Comment.objects.count()
    client.force_login(stakeholder)
    api = client.post(
        f"/api/v1/reporting/consultations/{consultation.pk}/comments",
        {"paragraph": ids[0], "text": "Late"},
        content_type=JSON,
    )
    assert api.status_code == 422 and api.json()["type"].endswith("#closed")
    page = client.post(
        reverse("reporting:consultation_comment", args=[consultation.pk, ids[0]]),
        {"text": "Late", "language": "en"},
    )
    assert page.status_code == 422
    reply = client.post(
        f"/api/v1/reporting/consultations/comments/{discussed['cso'].pk}/replies",
        {"text": "Late reply"},
        content_type=JSON,
    )
    assert reply.status_code == 422
    assert Comment.objects.count() == before
    # The secretariat's answer is still given after closing.
    answer = actions.add_reply(actor=secretariat, comment_id=discussed["deaths"].pk, text="Noted.")
    assert answer.is_official


def test_a_consultation_not_yet_open_takes_no_comment(secretariat: Any, stakeholder: Any) -> None:
    consultation = open_consultation(secretariat, opens=2, closes=10)
    with pytest.raises(ValidationFailed):
        actions.add_comment(
            actor=stakeholder,
            consultation_id=consultation.pk,
            paragraph_id=paragraph_ids(consultation)[0],
            text="Early",
        )
    assert not Comment.objects.exists()


def test_dispositions_need_a_reason_unless_accepted_and_are_public_once_closed(
    client: Any, discussed: dict[str, Any], secretariat: Any
) -> None:
    consultation, cso, mexico = discussed["consultation"], discussed["cso"], discussed["mexico"]
    with pytest.raises(ValidationFailed):
        actions.record_disposition(actor=secretariat, comment_id=mexico.pk, disposition="partly")
    with pytest.raises(ValidationFailed):
        actions.record_disposition(
            actor=secretariat, comment_id=discussed["reply"].pk, disposition="accepted"
        )
    actions.record_disposition(actor=secretariat, comment_id=cso.pk, disposition="accepted")
    actions.record_disposition(
        actor=secretariat, comment_id=mexico.pk, disposition="partly", reason="“Regular” is already there."
    )
    actions.record_disposition(
        actor=secretariat,
        comment_id=discussed["deaths"].pk,
        disposition="not_accepted",
        reason="GCM wording.",
    )
    table = reverse("reporting:consultation_dispositions", args=[consultation.pk])
    assert client.get(table).status_code == 403
    comments = client.get(f"/api/v1/reporting/consultations/{consultation.pk}/comments").json()["items"]
    assert {c["disposition"] for c in comments} == {None}
    close(consultation)
    page = client.get(table)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Partly accepted" in html and "“Regular” is already there." in html and "GCM wording." in html
    comments = client.get(f"/api/v1/reporting/consultations/{consultation.pk}/comments").json()["items"]
    by_id = {c["id"]: (c["disposition"], c["disposition_reason"]) for c in comments}
    assert by_id[mexico.pk] == ("partly", "“Regular” is already there.")
    assert by_id[cso.pk] == ("accepted", None)


def _record_all(discussed: dict[str, Any], secretariat: Any) -> None:
    actions.record_disposition(actor=secretariat, comment_id=discussed["cso"].pk, disposition="accepted")
    actions.record_disposition(
        actor=secretariat, comment_id=discussed["mexico"].pk, disposition="partly", reason="In part."
    )
    actions.record_disposition(
        actor=secretariat,
        comment_id=discussed["deaths"].pk,
        disposition="not_accepted",
        reason="GCM wording.",
    )
    actions.moderate_comment(actor=secretariat, comment_id=discussed["reply"].pk, hidden=True, reason="Spam.")


def test_the_xlsx_export_groups_comments_by_paragraph(
    client: Any, discussed: dict[str, Any], secretariat: Any
) -> None:
    consultation = discussed["consultation"]
    _record_all(discussed, secretariat)
    close(consultation)
    answer = client.get(reverse("reporting:consultation_xlsx", args=[consultation.pk]))
    assert answer.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "Paragraph" and rows[0][10] == "How it was taken into account"
    assert not sheet.sheet_view.rightToLeft
    # Paragraph, comment text, official, disposition, reason; the hidden reply is left out for the public.
    assert [(r[0], r[7], r[8], r[10], r[11]) for r in rows[1:]] == [
        ("Paragraph 2", "Say “safe, orderly”.", None, "Accepted", None),
        ("Paragraph 2", "We will consider it.", "Yes", None, None),
        ("Paragraph 2", "Proponemos añadir «regular».", None, "Partly accepted", "In part."),
        ("Paragraph 4", "Each year is too often.", None, "Not accepted", "GCM wording."),
    ]
    assert rows[1][1] == "Member States commit to safe and regular pathways."
    # The secretariat's export has the hidden reply too, marked.
    client.force_login(secretariat)
    sheet = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("reporting:consultation_xlsx", args=[consultation.pk])).content)
    ).active
    hidden = [r for r in sheet.iter_rows(values_only=True) if r[7] == "We agree with the CSO."]
    assert (
        hidden
        and hidden[0][9] == "Hidden by the secretariat: Spam."
        and hidden[0][3] == str(discussed["cso"].pk)
    )


def test_the_arabic_xlsx_is_right_to_left(client: Any, discussed: dict[str, Any]) -> None:
    consultation = discussed["consultation"]
    answer = client.get("/ar" + reverse("reporting:consultation_xlsx", args=[consultation.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    assert sheet.sheet_view.rightToLeft is True


def test_a_formula_in_a_comment_is_not_run_by_the_spreadsheet(
    client: Any, secretariat: Any, stakeholder: Any
) -> None:
    consultation = open_consultation(secretariat)
    ids = paragraph_ids(consultation)
    actions.add_comment(actor=stakeholder, consultation_id=consultation.pk, paragraph_id=ids[0], text="=1+1")
    answer = client.get(reverse("reporting:consultation_xlsx", args=[consultation.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(answer.content)).active
    assert sheet.cell(row=2, column=8).value == "'=1+1"


def styled(document: Any, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == style]


def test_the_docx_export_has_a_table_per_paragraph(
    client: Any, discussed: dict[str, Any], secretariat: Any
) -> None:
    consultation = discussed["consultation"]
    _record_all(discussed, secretariat)
    close(consultation)
    answer = client.get(reverse("reporting:consultation_docx", args=[consultation.pk]))
    document = docx.Document(io.BytesIO(answer.content))
    headings = styled(document, "Heading 2")
    assert headings == ["Paragraph 2", "Paragraph 4"]
    quotes = styled(document, "Quote")
    assert quotes == [
        "Member States commit to safe and regular pathways.",
        "Data on migrant deaths shall be published each year.",
    ]
    tables = [[[c.text for c in row.cells] for row in table.rows[1:]] for table in document.tables]
    assert tables == [
        [
            ["TEST-CSO", "Say “safe, orderly”.", "Accepted", ""],
            ["UNNM (answer of the secretariat)", "We will consider it.", "", ""],
            ["GOV-MEX", "Proponemos añadir «regular».", "Partly accepted", "In part."],
        ],
        [["GOV-MEX", "Each year is too often.", "Not accepted", "GCM wording."]],
    ]


def test_the_arabic_docx_is_right_to_left(client: Any, discussed: dict[str, Any]) -> None:
    answer = client.get("/ar" + reverse("reporting:consultation_docx", args=[discussed["consultation"].pk]))
    document = docx.Document(io.BytesIO(answer.content))
    bidi = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}bidi"
    assert all(p._p.pPr is not None and p._p.pPr.find(bidi) is not None for p in document.paragraphs)


def test_an_unknown_paragraph_or_language_is_refused(secretariat: Any, stakeholder: Any) -> None:
    consultation = open_consultation(secretariat)
    other = open_consultation(secretariat)
    with pytest.raises(ValidationFailed):
        actions.add_comment(
            actor=stakeholder, consultation_id=consultation.pk, paragraph_id=paragraph_ids(other)[0], text="x"
        )
    with pytest.raises(ValidationFailed):
        actions.add_comment(
            actor=stakeholder,
            consultation_id=consultation.pk,
            paragraph_id=paragraph_ids(consultation)[0],
            text="x",
            language="xx",
        )
    with pytest.raises(NotFound):
        actions.add_comment(actor=stakeholder, consultation_id=999_999, paragraph_id=1, text="x")
    assert not Comment.objects.exists()


def test_someone_in_two_organizations_says_which_one(secretariat: Any, stakeholder: Any) -> None:
    from gcmhub.accounts.models import Membership
    from gcmhub.reference.models import Organization

    iom = Organization.objects.get(acronym="IOM")
    Membership.objects.create(user=stakeholder, organization=iom, role="focal_point")
    consultation = open_consultation(secretariat)
    paragraph = paragraph_ids(consultation)[0]
    with pytest.raises(ValidationFailed):
        actions.add_comment(
            actor=stakeholder, consultation_id=consultation.pk, paragraph_id=paragraph, text="x"
        )
    unep = Organization.objects.get(acronym="UNEP")
    with pytest.raises(PermissionDenied):
        actions.add_comment(
            actor=stakeholder,
            consultation_id=consultation.pk,
            paragraph_id=paragraph,
            text="x",
            organization_id=unep.pk,
        )
    comment = actions.add_comment(
        actor=stakeholder,
        consultation_id=consultation.pk,
        paragraph_id=paragraph,
        text="x",
        organization_id=iom.pk,
    )
    assert comment.organization == iom and Comment.objects.count() == 1
    # A choice equals the string stored for it; mypy sees two unrelated literals.
    assert Disposition.ACCEPTED == "accepted"  # type: ignore[comparison-overlap]


def test_the_secretariat_opens_a_consultation_through_the_page(client: Any, secretariat: Any) -> None:
    client.force_login(secretariat)
    assert client.get(reverse("reporting:consultation_create")).status_code == 200
    answer = client.post(
        reverse("reporting:consultation_create"),
        {
            "title": "Chapter 3 of the biennial report",
            "kind": "report_chapter",
            "language": "fr",
            "opens_on": str(days(0)),
            "closes_on": str(days(30)),
            "text": "Premier paragraphe.\r\n\r\nDeuxième\r\nparagraphe.",
        },
    )
    assert answer.status_code == 302
    consultation = Consultation.objects.get(title="Chapter 3 of the biennial report")
    texts = list(consultation.versions.get().texts.order_by("position").values_list("text", flat=True))
    assert texts == ["Premier paragraphe.", "Deuxième\nparagraphe."]
    bad = client.post(
        reverse("reporting:consultation_create"),
        {
            "title": "Backwards",
            "kind": "statement",
            "language": "en",
            "opens_on": str(days(5)),
            "closes_on": str(days(1)),
            "text": "x",
        },
    )
    assert bad.status_code == 422 and not Consultation.objects.filter(title="Backwards").exists()


def test_every_page_renders(client: Any, discussed: dict[str, Any], secretariat: Any) -> None:
    consultation = discussed["consultation"]
    listing = client.get(reverse("reporting:consultations")).content.decode()
    assert consultation.get_absolute_url() in listing
    arabic = client.get("/ar" + consultation.get_absolute_url())
    assert arabic.status_code == 200 and 'dir="rtl"' in arabic.content.decode()
    client.force_login(secretariat)
    moderation = client.get(reverse("reporting:consultation_moderation", args=[consultation.pk]))
    assert moderation.status_code == 200
    assert (
        reverse("reporting:consultation_disposition", args=[discussed["mexico"].pk])
        in moderation.content.decode()
    )
    assert (
        client.get(reverse("reporting:consultation_dispositions", args=[consultation.pk])).status_code == 200
    )
    assert client.get(reverse("reporting:consultation_diff", args=[consultation.pk])).status_code == 200
