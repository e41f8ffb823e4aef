"""Journey: Mexico's focal point answers an open call for inputs in two sittings (a draft, then the rest and
the submission), sees the submitted response, and the secretariat's dashboard counts Mexico as answered; the
same in Arabic on a phone, right to left and without sideways scrolling; and axe finds no serious violation
on the call page, the answer form and the response, in English and in Arabic."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from gcmhub.reference.models import Organization
from gcmhub.reporting import actions, queries
from gcmhub.reporting.models import Answer, Call, Question, Response, ResponseStatus
from tests.browser.journeys import (
    PHONE,
    fits_a_phone,
    in_language,
    is_arabic,
    reads_right_to_left_in_arabic,
    url_in,
)

pytestmark = pytest.mark.browser

TITLE = "Inputs to the 2026 biennial report"
TEXT_QUESTION = "How do migrants reach health care whatever their status?"
CHOICE_QUESTION = "Do health services share data with immigration enforcement?"
NUMBER_QUESTION = "How many clinics take part?"


@pytest.fixture
def call(secretariat: Any) -> Call:
    """A published call that opened yesterday, asking Member States three questions, made by the actions
    the secretariat's pages use."""
    today = timezone.localdate()
    call = actions.create_call(
        actor=secretariat,
        data={
            "title": TITLE,
            "purpose": "biennial_report",
            "description": "Tell us how you implement the Global Compact.",
            "audiences": ["member_states"],
            "opens_on": today - datetime.timedelta(days=1),
            "closes_on": today + datetime.timedelta(days=30),
        },
    )
    section = actions.add_section(actor=secretariat, call_id=call.pk, title="Access to basic services")
    for data in (
        {"text": TEXT_QUESTION, "answer_type": "text", "objective": 15, "required": True},
        {"text": CHOICE_QUESTION, "answer_type": "choice", "choices": ["Never", "Sometimes", "Always"]},
        {"text": NUMBER_QUESTION, "answer_type": "number"},
    ):
        actions.add_question(actor=secretariat, call_id=call.pk, section_id=section.pk, data=data)
    return actions.publish_call(actor=secretariat, call_id=call.pk)


def answers_of(response: Response) -> dict[str, Any]:
    """The stored answers by question text: text, number or chosen options, and who wrote each last."""
    stored = {}
    for answer in Answer.objects.filter(response=response).select_related("question", "updated_by"):
        value: Any = answer.text or answer.number or answer.selected
        stored[answer.question.text] = (
            value,
            answer.updated_by.get_username() if answer.updated_by else None,
        )
    return stored


def mexico(language: str = "en") -> str:
    with translation.override(language):
        return str(Organization.objects.get(acronym="GOV-MEX").name_display)


def test_mexico_answers_in_two_sittings_and_the_dashboard_counts_it(
    person_tab: Any, call: Call, member_state: Any, secretariat: Any
) -> None:
    state = person_tab("member_state")

    # From the navigation to the call, then to its answer form.
    state.get_by_role("navigation", name="Main").get_by_role("link", name="Calls for inputs").click()
    expect(state.locator("h1")).to_have_text("Calls for inputs")
    state.locator("main").get_by_role("link", name=TITLE).click()
    expect(state.locator("h1")).to_have_text(TITLE)
    expect(state.locator(".question-meta").first).to_contain_text("Objective 15")
    state.locator(".answering").get_by_role("link", name="Answer").click()
    expect(state.locator("h1")).to_have_text(f"Response of {mexico()}")

    # First sitting: the choice and the number, then "Save draft".
    state.get_by_label(CHOICE_QUESTION).select_option("Sometimes")
    state.get_by_label(NUMBER_QUESTION).fill("12")
    state.get_by_role("button", name="Save draft").click()
    expect(state.locator(".messages")).to_contain_text("Your draft was saved.")
    response = Response.objects.get(call=call, organization__acronym="GOV-MEX")
    assert response.status == ResponseStatus.DRAFT
    assert answers_of(response) == {
        CHOICE_QUESTION: (["Sometimes"], "member_state"),
        NUMBER_QUESTION: (Decimal("12"), "member_state"),
    }

    # Submitting without the required answer is refused and submits nothing.
    state.get_by_role("button", name="Submit the response").click()
    expect(state.locator(".message.error")).to_be_visible()
    response.refresh_from_db()
    assert response.status == ResponseStatus.DRAFT and response.submitted_at is None

    # Second sitting: back through the call page, the draft is as it was left.
    state.goto(call.get_absolute_url())
    state.locator(".answering").get_by_role("link", name="Continue the draft").click()
    expect(state.get_by_label(CHOICE_QUESTION)).to_have_value("Sometimes")
    expect(state.get_by_label(NUMBER_QUESTION)).to_have_value("12")
    state.get_by_label(TEXT_QUESTION).fill("Clinics serve everyone, whatever their papers.")
    state.get_by_role("button", name="Submit the response").click()

    # The confirmation, then the submitted response as stored.
    expect(state.locator(".messages")).to_contain_text("Your response was submitted. Thank you.")
    assert state.url.endswith(response.get_absolute_url()), state.url
    expect(state.locator(".facts .badge").first).to_have_text("Submitted")
    shown = state.locator("dl.answers")
    for question, value in (
        (TEXT_QUESTION, "Clinics serve everyone, whatever their papers."),
        (CHOICE_QUESTION, "Sometimes"),
        (NUMBER_QUESTION, "12"),
    ):
        expect(shown.locator("dt", has_text=question).locator("xpath=following-sibling::dd[1]")).to_have_text(
            value
        )
    expect(state.get_by_role("link", name="Continue the draft")).to_have_count(0)
    response.refresh_from_db()
    assert response.status == ResponseStatus.SUBMITTED
    assert response.submitted_by == member_state and not response.is_late
    assert answers_of(response)[TEXT_QUESTION] == (
        "Clinics serve everyone, whatever their papers.",
        "member_state",
    )

    # The secretariat's dashboard counts Mexico among the Member States that answered.
    expected = queries.expected_organizations(call, "member_states").count()
    assert expected > 100, "every UN Member State's government is expected"
    desk = person_tab("secretariat")
    desk.goto(call.get_absolute_url())
    desk.get_by_role("link", name="Response rates").click()
    card = desk.locator(".cards .card", has_text="Member States")
    expect(card.locator(".number")).to_have_text(f"1 / {expected}")
    missing = desk.locator("details", has_text="without a submitted response")
    expect(missing.locator("summary")).to_contain_text(f"{expected - 1} without a submitted response")
    expect(missing).not_to_contain_text("(GOV-MEX)")
    expect(missing).to_contain_text("(GOV-FRA)")


def test_mexico_answers_in_arabic_on_a_phone(person_tab: Any, call: Call, member_state: Any) -> None:
    state = person_tab("member_state", "ar", PHONE)
    assert state.url.endswith(url_in("ar", "workplan:home")), state.url
    reads_right_to_left_in_arabic(state)
    # The navigation is in Arabic (its labels are translated already).
    navigation = state.get_by_role("navigation", name=in_language("ar", "Main"))
    home = navigation.get_by_role("link", name=in_language("ar", "Home"), exact=True)
    assert is_arabic(home.inner_text()), home.inner_text()
    expect(state.locator(".site-header")).to_contain_text(in_language("ar", "Sign out"))

    navigation.get_by_role("link", name=in_language("ar", "Calls for inputs")).click()
    assert state.url.endswith(url_in("ar", "reporting:calls")), state.url
    state.locator("main").get_by_role("link", name=TITLE).click()
    assert state.url.endswith(url_in("ar", "reporting:call", call.pk)), state.url
    reads_right_to_left_in_arabic(state)
    fits_a_phone(state)

    state.locator(".answering").get_by_role("link", name=in_language("ar", "Answer")).click()
    assert state.url.endswith(url_in("ar", "reporting:respond", call.pk, "GOV-MEX")), state.url
    reads_right_to_left_in_arabic(state)
    expect(state.locator("h1")).to_contain_text(mexico("ar"))
    save = state.get_by_role("button", name=in_language("ar", "Save draft"))
    assert is_arabic(save.inner_text()), save.inner_text()
    fits_a_phone(state)

    # A draft in Arabic, then the submission.
    state.get_by_label(in_language("ar", "Language of the response")).select_option("ar")
    state.get_by_label(TEXT_QUESTION).fill("العيادات تخدم الجميع")
    save.click()
    expect(state.locator(".messages")).to_contain_text(in_language("ar", "Your draft was saved."))
    assert state.url.endswith(url_in("ar", "reporting:respond", call.pk, "GOV-MEX")), state.url
    reads_right_to_left_in_arabic(state)
    fits_a_phone(state)
    expect(state.get_by_label(TEXT_QUESTION)).to_have_value("العيادات تخدم الجميع")
    state.get_by_label(NUMBER_QUESTION).fill("7")
    state.get_by_role("button", name=in_language("ar", "Submit the response")).click()

    expect(state.locator(".messages")).to_contain_text(
        in_language("ar", "Your response was submitted. Thank you.")
    )
    response = Response.objects.get(call=call, organization__acronym="GOV-MEX")
    assert state.url.endswith(url_in("ar", "reporting:response", response.pk)), state.url
    reads_right_to_left_in_arabic(state)
    fits_a_phone(state)
    # The answer keeps its own language and reads in its own direction.
    answer = state.locator("dl.answers dt", has_text=TEXT_QUESTION).locator("xpath=following-sibling::dd[1]")
    expect(answer).to_have_text("العيادات تخدم الجميع")
    assert (answer.get_attribute("lang"), answer.get_attribute("dir")) == ("ar", "auto")
    assert response.status == ResponseStatus.SUBMITTED and response.language == "ar"
    assert answers_of(response) == {
        TEXT_QUESTION: ("العيادات تخدم الجميع", "member_state"),
        NUMBER_QUESTION: (Decimal("7"), "member_state"),
    }


@pytest.mark.parametrize("language", ["en", "ar"])
def test_call_pages_have_no_serious_accessibility_violations(
    person_tab: Any, axe: Any, call: Call, member_state: Any, language: str
) -> None:
    # A saved draft, so the form shows stored answers and who wrote them.
    question = Question.objects.get(section__call=call, text=CHOICE_QUESTION)
    actions.save_answers(
        actor=member_state,
        call_id=call.pk,
        organization_id=Organization.objects.get(acronym="GOV-MEX").pk,
        answers={question.pk: {"selected": ["Always"]}},
    )
    state = person_tab("member_state", language)
    problems: list[str] = []

    def check(label: str) -> None:
        if state.evaluate("document.documentElement.lang") != language:
            problems.append(f"{label} {state.url}: not in {language}")
        problems.extend(f"{label}: {line}" for line in axe(state))

    state.goto(url_in(language, "reporting:call", call.pk))
    check("call page")
    state.locator(".answering a.button").click()
    expect(state.locator("form.answer-form")).to_be_visible()
    check("answer form")
    # The form again, showing why it cannot be submitted yet.
    state.locator("form.answer-form button[name=submit]").click()
    expect(state.locator(".message.error")).to_be_visible()
    check("answer form with an error")
    state.get_by_label(TEXT_QUESTION).fill("Clinics serve everyone.")
    state.locator("form.answer-form button[name=submit]").click()
    expect(state.locator("dl.answers")).to_be_visible()
    check("submitted response")

    assert not problems, "\n".join(problems)
