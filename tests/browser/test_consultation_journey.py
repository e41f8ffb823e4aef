"""Journey: a civil-society focal point comments on paragraph 2 of a draft open for consultation and replies
to another organization's comment; the comment shows under that paragraph; the secretariat records how it was
taken into account. In English, and in Arabic on a phone (right to left, no sideways scrolling), with axe
finding no serious violation on the consultation, moderation and dispositions pages."""

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gcmhub.reporting.actions import consultations as actions
from gcmhub.reporting.models import Comment, Consultation, Disposition, ParagraphText
from tests.browser.journeys import (
    PHONE,
    fits_a_phone,
    in_language,
    is_arabic,
    reads_right_to_left_in_arabic,
    url_in,
)

pytestmark = pytest.mark.browser

TITLE = "Draft statement on safe and dignified return"
PARAGRAPHS = [
    "The Network recalls that return must be safe and dignified.",
    "States should ensure access to legal aid before any return decision.",
    "The Network stands ready to support States in reintegration.",
]
OTHER_COMMENT = "Please refer to objective 21 by name."


@pytest.fixture
def consultation(secretariat: Any, focal_point: Any) -> Consultation:
    """An open consultation on a three-paragraph statement, opened by the secretariat, where IOM's focal
    point already commented on paragraph 1."""
    today = timezone.localdate()
    consultation = actions.create_consultation(
        actor=secretariat,
        data={
            "title": TITLE,
            "kind": "statement",
            "language": "en",
            "opens_on": today - datetime.timedelta(days=1),
            "closes_on": today + datetime.timedelta(days=20),
        },
        draft=actions.Draft("\n\n".join(PARAGRAPHS)),
    )
    actions.add_comment(
        actor=focal_point,
        consultation_id=consultation.pk,
        paragraph_id=paragraph_id(consultation, 1),
        text=OTHER_COMMENT,
    )
    return consultation


def paragraph_id(consultation: Consultation, position: int) -> int:
    """The identity of the paragraph at `position` of the newest version."""
    text = ParagraphText.objects.filter(version__consultation=consultation).order_by("-version__number")
    return int(text.filter(position=position).values_list("paragraph_id", flat=True)[0])


def open_every_form(tab: Any) -> None:
    """Unfold every comment and reply form, so their fields are laid out and checked too."""
    tab.evaluate("document.querySelectorAll('details').forEach((d) => { d.open = true; })")


def comment_and_reply(tab: Any, consultation: Consultation, language: str, comment: str, reply: str) -> None:
    """The stakeholder's part: open the consultation from the list, comment on paragraph 2, reply to IOM's
    comment on paragraph 1; after each, the page shows it in its place."""

    def tr(message: str) -> str:
        return in_language(language, message)

    tab.goto(url_in(language, "reporting:consultations"))
    tab.locator("main").get_by_role("link", name=TITLE).click()
    expect(tab.locator("h1")).to_have_text(TITLE)
    first, second = (tab.locator(f"#p-{paragraph_id(consultation, n)}") for n in (1, 2))
    expect(second.locator(".draft-paragraph")).to_have_text(PARAGRAPHS[1])

    second.locator("summary", has_text=tr("Comment on this paragraph")).click()
    second.get_by_label(tr("Your comment")).fill(comment)
    second.get_by_role("button", name=tr("Send the comment")).click()
    expect(tab.locator(".messages")).to_contain_text(tr("Your comment was added."))
    assert tab.url.endswith(f"#p-{paragraph_id(consultation, 2)}"), tab.url
    mine = second.locator(".comment", has_text=comment)
    expect(mine.locator(".comment-meta")).to_contain_text("TEST-CSO")
    expect(first).not_to_contain_text(comment)
    expect(tab.locator(f"#p-{paragraph_id(consultation, 3)}")).not_to_contain_text(comment)

    thread = first.locator(".thread", has_text=OTHER_COMMENT)
    thread.locator("summary", has_text=tr("Reply")).click()
    thread.get_by_label(tr("Your reply")).fill(reply)
    thread.get_by_role("button", name=tr("Send the reply")).click()
    expect(tab.locator(".messages")).to_contain_text(tr("Your reply was added."))
    expect(first.locator(".thread", has_text=OTHER_COMMENT).locator(".replies")).to_contain_text(reply)
    expect(second).not_to_contain_text(reply)


def record_disposition(tab: Any, comment: Comment, language: str, reason: str) -> None:
    """The secretariat's part: from the consultation to the moderation page, "partly accepted" with a
    reason for the stakeholder's comment."""

    def tr(message: str) -> str:
        return in_language(language, message)

    tab.goto(url_in(language, "reporting:consultation", comment.consultation_id))
    tab.get_by_role("link", name=tr("Moderate the comments")).click()
    form = tab.locator(f"form[action='{url_in(language, 'reporting:consultation_disposition', comment.pk)}']")
    form.get_by_label(tr("How it was taken into account")).select_option(Disposition.PARTLY.value)
    form.get_by_label(tr("Reason")).fill(reason)
    form.get_by_role("button", name=tr("Record")).click()
    expect(tab.locator(".messages")).to_contain_text(
        tr("How the comment was taken into account is recorded.")
    )


def stored_comments(consultation: Consultation) -> tuple[Comment, Comment]:
    """The stakeholder's comment and reply, as stored."""
    theirs = Comment.objects.filter(consultation=consultation, organization__acronym="TEST-CSO")
    return theirs.get(parent__isnull=True), theirs.get(parent__isnull=False)


def test_a_stakeholder_comments_and_the_secretariat_takes_it_into_account(
    person_tab: Any, consultation: Consultation, stakeholder: Any, secretariat: Any
) -> None:
    comment_text = "Add that legal aid must be free of charge."
    reply_text = "We agree, and objective 21 should be cited."
    cso = person_tab("stakeholder")
    comment_and_reply(cso, consultation, "en", comment_text, reply_text)

    comment, reply = stored_comments(consultation)
    assert (comment.paragraph_id, comment.text, comment.author, comment.language) == (
        paragraph_id(consultation, 2),
        comment_text,
        stakeholder,
        "en",
    )
    other = Comment.objects.get(consultation=consultation, text=OTHER_COMMENT)
    assert (reply.parent_id, reply.paragraph_id, reply.text) == (other.pk, other.paragraph_id, reply_text)
    assert not comment.is_official and not reply.is_official

    desk = person_tab("secretariat")
    record_disposition(desk, comment, "en", "Free legal aid is added where resources allow.")
    comment.refresh_from_db()
    assert (comment.disposition, comment.disposition_reason, comment.disposition_by) == (
        Disposition.PARTLY,
        "Free legal aid is added where resources allow.",
        secretariat,
    )

    # The secretariat's table of dispositions has it, against paragraph 2 and the stakeholder.
    desk.goto(url_in("en", "reporting:consultation_dispositions", consultation.pk))
    row = desk.locator(f"tr#c-{comment.pk}")
    for cell, value in enumerate(
        [
            "Paragraph 2",
            "TEST-CSO",
            comment_text,
            "Partly accepted",
            "Free legal aid is added where resources allow.",
        ]
    ):
        expect(row.locator("td").nth(cell)).to_have_text(value)
    # While the consultation is open, the disposition is not yet public, even to the comment's author.
    cso.reload()
    expect(cso.locator(f"#c-{comment.pk}")).to_be_visible()
    expect(cso.locator(f"#c-{comment.pk} .disposition")).to_have_count(0)


def test_a_stakeholder_comments_in_arabic_on_a_phone(
    person_tab: Any, consultation: Consultation, stakeholder: Any, secretariat: Any
) -> None:
    comment_text = "يجب أن تكون المساعدة القانونية مجانية."
    reply_text = "نوافق على ذلك."
    cso = person_tab("stakeholder", "ar", PHONE)
    reads_right_to_left_in_arabic(cso)
    home = cso.get_by_role("navigation", name=in_language("ar", "Main")).get_by_role(
        "link", name=in_language("ar", "Home"), exact=True
    )
    assert is_arabic(home.inner_text()), home.inner_text()

    cso.goto(url_in("ar", "reporting:consultation", consultation.pk))
    reads_right_to_left_in_arabic(cso)
    fits_a_phone(cso)
    comment_and_reply(cso, consultation, "ar", comment_text, reply_text)
    assert cso.url.split("#")[0].endswith(url_in("ar", "reporting:consultation", consultation.pk)), cso.url
    reads_right_to_left_in_arabic(cso)
    # The forms open, the page still fits the phone.
    open_every_form(cso)
    fits_a_phone(cso)
    # The comment keeps its own language, read in its own direction.
    text = cso.locator(".comment-text", has_text=comment_text)
    assert (text.get_attribute("lang"), text.get_attribute("dir")) == ("ar", "auto")

    comment, reply = stored_comments(consultation)
    assert (comment.paragraph_id, comment.text, comment.language) == (
        paragraph_id(consultation, 2),
        comment_text,
        "ar",
    )
    assert reply.text == reply_text and reply.parent is not None and reply.parent.text == OTHER_COMMENT

    desk = person_tab("secretariat", "ar", PHONE)
    record_disposition(desk, comment, "ar", "أضيفت جزئيا.")
    reads_right_to_left_in_arabic(desk)
    fits_a_phone(desk)
    comment.refresh_from_db()
    assert (comment.disposition, comment.disposition_reason) == (Disposition.PARTLY, "أضيفت جزئيا.")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_consultation_pages_have_no_serious_accessibility_violations(
    person_tab: Any, axe: Any, consultation: Consultation, stakeholder: Any, secretariat: Any, language: str
) -> None:
    comment = actions.add_comment(
        actor=stakeholder,
        consultation_id=consultation.pk,
        paragraph_id=paragraph_id(consultation, 2),
        text="Add that legal aid must be free of charge.",
    )
    actions.add_reply(actor=secretariat, comment_id=comment.pk, text="Thank you; we will consider it.")
    actions.record_disposition(
        actor=secretariat, comment_id=comment.pk, disposition=Disposition.ACCEPTED, reason=""
    )
    problems: list[str] = []

    def check(tab: Any, label: str, url: str) -> None:
        response = tab.goto(url)
        if response is None or response.status != 200:
            problems.append(f"{label} {url}: HTTP {response.status if response else 'no response'}")
            return
        if tab.evaluate("document.documentElement.lang") != language:
            problems.append(f"{label} {url}: not in {language}")
        open_every_form(tab)
        problems.extend(f"{label}: {line}" for line in axe(tab))

    cso = person_tab("stakeholder", language)
    check(cso, "list", url_in(language, "reporting:consultations"))
    check(
        cso,
        "consultation (stakeholder, forms open)",
        url_in(language, "reporting:consultation", consultation.pk),
    )
    desk = person_tab("secretariat", language)
    check(desk, "moderation", url_in(language, "reporting:consultation_moderation", consultation.pk))
    check(desk, "dispositions", url_in(language, "reporting:consultation_dispositions", consultation.pk))

    assert not problems, "\n".join(problems)
