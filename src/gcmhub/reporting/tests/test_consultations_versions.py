"""A new version of a draft: paragraphs kept or slightly edited keep their comments, a removed one keeps its
comments on the old version (flagged), and the diff shows what changed, word by word and escaped."""

import io
from typing import Any

import docx
import pytest
from django.urls import reverse

from gcmhub.core.exceptions import PermissionDenied, ValidationFailed
from gcmhub.reporting import paragraphs
from gcmhub.reporting.actions import consultations as actions
from gcmhub.reporting.models import Comment, DraftVersion, Paragraph
from gcmhub.reporting.tests.test_consultations import open_consultation, paragraph_ids

V1 = """The Network supports safe pathways for all migrants.

States share data on missing migrants every two years.

The secretariat publishes a yearly summary of practices."""

# Paragraph 1 kept, paragraph 2 edited slightly, paragraph 3 removed, a new paragraph inserted first.
V2 = """Capacity building comes first, with <b>regional</b> hubs.

The Network supports safe pathways for all migrants.

States share data on missing migrants every year."""


@pytest.fixture
def revised(secretariat: Any, stakeholder: Any, member_state: Any) -> dict[str, Any]:
    consultation = open_consultation(secretariat, text=V1)
    kept, edited, removed = paragraph_ids(consultation)
    comments = {
        "kept": actions.add_comment(
            actor=stakeholder, consultation_id=consultation.pk, paragraph_id=kept, text="Name the pathways."
        ),
        "edited": actions.add_comment(
            actor=member_state,
            consultation_id=consultation.pk,
            paragraph_id=edited,
            text="Every year, please.",
        ),
        "removed": actions.add_comment(
            actor=stakeholder, consultation_id=consultation.pk, paragraph_id=removed, text="Who reads it?"
        ),
    }
    version = actions.add_version(
        actor=secretariat,
        consultation_id=consultation.pk,
        draft=actions.Draft(text=V2),
        note="Second reading.",
    )
    return {
        "consultation": consultation,
        "version": version,
        "ids": {"kept": kept, "edited": edited, "removed": removed},
        "comments": comments,
    }


def test_kept_and_edited_paragraphs_keep_their_identity(revised: dict[str, Any]) -> None:
    consultation, ids = revised["consultation"], revised["ids"]
    new = paragraph_ids(consultation)
    assert revised["version"].number == 2
    assert new[1:] == [ids["kept"], ids["edited"]]
    assert new[0] not in ids.values()
    assert Paragraph.objects.get(pk=new[0]).introduced_in == revised["version"]
    assert ids["removed"] not in new


def test_comments_follow_the_paragraphs_that_survive(client: Any, revised: dict[str, Any]) -> None:
    consultation, ids, comments = revised["consultation"], revised["ids"], revised["comments"]
    detail = client.get(f"/api/v1/reporting/consultations/{consultation.pk}").json()
    assert detail["version"] == 2
    assert [(p["id"], p["position"], p["comments"]) for p in detail["paragraphs"]] == [
        (paragraph_ids(consultation)[0], 1, 0),
        (ids["kept"], 2, 1),
        (ids["edited"], 3, 1),
    ]
    assert detail["removed_paragraphs"] == [
        {
            "id": ids["removed"],
            "position": None,
            "removed_in": 2,
            "text": "The secretariat publishes a yearly summary of practices.",
            "comments": 1,
        }
    ]
    # The comment stays on the version it was made on.
    assert Comment.objects.get(pk=comments["removed"].pk).version.number == 1
    page = client.get(consultation.get_absolute_url()).content.decode()
    kept_at = page.index(f'id="p-{ids["kept"]}"')
    assert kept_at < page.index("Name the pathways.") < page.index(f'id="p-{ids["edited"]}"')
    assert "On a paragraph removed in version 2" in page
    assert page.index("On a paragraph removed in version 2") < page.index("Who reads it?")


def test_a_removed_paragraph_takes_no_new_comment_but_its_thread_goes_on(
    revised: dict[str, Any], stakeholder: Any, member_state: Any
) -> None:
    with pytest.raises(ValidationFailed):
        actions.add_comment(
            actor=stakeholder,
            consultation_id=revised["consultation"].pk,
            paragraph_id=revised["ids"]["removed"],
            text="Still there?",
        )
    reply = actions.add_reply(
        actor=member_state, comment_id=revised["comments"]["removed"].pk, text="Nobody."
    )
    assert reply.paragraph_id == revised["ids"]["removed"] and reply.version.number == 2


def test_the_diff_shows_what_changed_word_by_word(client: Any, revised: dict[str, Any]) -> None:
    consultation = revised["consultation"]
    page = client.get(reverse("reporting:consultation_diff", args=[consultation.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="diff-inserted"' in html and 'class="diff-removed"' in html and 'class="diff-kept"' in html
    assert "every <del>two years</del><ins>year</ins>." in html
    # User text is escaped in the diff.
    assert "<b>regional</b>" not in html and "&lt;b&gt;regional&lt;/b&gt;" in html
    assert "<del>The secretariat publishes a yearly summary of practices.</del>" in html
    bad = client.get(reverse("reporting:consultation_diff", args=[consultation.pk]) + "?from=9")
    assert bad.status_code == 404
    assert (
        client.get(reverse("reporting:consultation_diff", args=[consultation.pk]) + "?to=x").status_code
        == 422
    )


def test_diff_rows() -> None:
    old = [(1, "Alpha beta gamma."), (2, "Delta epsilon zeta eta."), (3, "Gone paragraph here.")]
    new = [(4, "Brand new."), (1, "Alpha  beta gamma."), (2, "Delta epsilon zeta theta.")]
    rows = paragraphs.diff_versions(old, new)
    assert [(r.kind, r.identity, r.old_position, r.new_position) for r in rows] == [
        ("inserted", 4, None, 1),
        ("kept", 1, 1, 2),
        ("changed", 2, 2, 3),
        ("removed", 3, 3, None),
    ]
    assert str(rows[2].words) == "Delta epsilon zeta <del>eta</del><ins>theta</ins>."
    assert str(paragraphs.word_diff("a <i>", "a &")) == "a <del>&lt;i&gt;</del><ins>&amp;</ins>"


def test_matching_prefers_the_exact_text_then_the_most_similar() -> None:
    old = [(1, "The Network meets twice a year in Geneva."), (2, "Completely different words entirely here.")]
    new = [
        "Completely different words entirely here.",
        "The Network meets three times a year in Geneva.",
        "Nothing like the others at all.",
    ]
    assert paragraphs.match_paragraphs(old, new) == [2, 1, None]
    # Below the similarity threshold a paragraph is new, not an edit.
    assert paragraphs.match_paragraphs([(1, "one two three four five")], ["six seven eight nine ten"]) == [
        None
    ]
    # One old paragraph continues at most once.
    assert paragraphs.match_paragraphs([(1, "Same text.")], ["Same text.", "Same text."]) == [1, None]


def test_an_unchanged_text_or_an_empty_one_is_refused(revised: dict[str, Any], secretariat: Any) -> None:
    consultation = revised["consultation"]
    for text in (V2, "  \n\n "):
        with pytest.raises(ValidationFailed):
            actions.add_version(
                actor=secretariat, consultation_id=consultation.pk, draft=actions.Draft(text=text)
            )
    assert DraftVersion.objects.filter(consultation=consultation).count() == 2


def test_only_the_secretariat_publishes_a_version(revised: dict[str, Any], stakeholder: Any) -> None:
    with pytest.raises(PermissionDenied):
        actions.add_version(
            actor=stakeholder, consultation_id=revised["consultation"].pk, draft=actions.Draft(text="New.")
        )
    assert DraftVersion.objects.filter(consultation=revised["consultation"]).count() == 2


def _docx(*texts: str) -> bytes:
    document = docx.Document()
    for text in texts:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_version_is_read_paragraph_by_paragraph(
    client: Any, revised: dict[str, Any], secretariat: Any
) -> None:
    consultation = revised["consultation"]
    client.force_login(secretariat)
    upload = io.BytesIO(_docx("The Network supports safe pathways for all migrants.", "", "A closing word."))
    upload.name = "draft-v3.docx"
    answer = client.post(
        reverse("reporting:consultation_version_add", args=[consultation.pk]),
        {"document": upload, "note": "Third reading."},
    )
    assert answer.status_code == 302, answer.content
    version = consultation.versions.get(number=3)
    assert version.source_name == "draft-v3.docx"
    texts = list(version.texts.order_by("position").values_list("paragraph_id", "text"))
    assert texts[0] == (revised["ids"]["kept"], "The Network supports safe pathways for all migrants.")
    assert [t for _id, t in texts] == [
        "The Network supports safe pathways for all migrants.",
        "A closing word.",
    ]


def test_a_file_that_is_not_a_document_is_refused(
    client: Any, revised: dict[str, Any], secretariat: Any
) -> None:
    consultation = revised["consultation"]
    client.force_login(secretariat)
    upload = io.BytesIO(b"PK\x03\x04 not really a zip")
    upload.name = "draft.docx"
    answer = client.post(
        reverse("reporting:consultation_version_add", args=[consultation.pk]), {"document": upload}
    )
    assert answer.status_code == 422
    assert consultation.versions.count() == 2
