"""The pages: the secretariat builds a call through its editor; the list, the call, the answer form, a
response and the dashboard render, in Arabic right to left too."""

from typing import Any

from django.urls import reverse

from gcmhub.core.tests.typed import present
from gcmhub.reporting.models import Call, Question
from gcmhub.reporting.tests.conftest import build_call, days


def test_the_secretariat_builds_a_call_through_the_editor(client: Any, secretariat: Any) -> None:
    client.force_login(secretariat)
    assert client.get(reverse("reporting:call_create")).status_code == 200
    created = client.post(
        reverse("reporting:call_create"),
        {
            "title": "IMRF 2026 inputs",
            "purpose": "imrf",
            "language": "en",
            "audiences": ["member_states", "stakeholders"],
            "opens_on": str(days(0)),
            "closes_on": str(days(20)),
            "reminder_days": "10, 2",
        },
    )
    assert created.status_code == 302
    call = Call.objects.get(title="IMRF 2026 inputs")
    assert call.reminder_days == [10, 2] and call.audiences == ["member_states", "stakeholders"]
    assert (
        client.post(reverse("reporting:section_add", args=[call.pk]), {"title": "Pathways"}).status_code
        == 302
    )
    section = call.sections.get()
    added = client.post(
        reverse("reporting:question_add", args=[call.pk]),
        {
            "section": section.pk,
            "text": "Which pathways exist?",
            "answer_type": "choice",
            "choices": "Work\nStudy\nFamily",
            "multiple": "on",
            "objective": "5",
        },
    )
    assert added.status_code == 302
    question = Question.objects.get()
    assert (
        question.choices == ["Work", "Study", "Family"]
        and question.multiple
        and present(question.objective).number == 5
    )
    bad = client.post(
        reverse("reporting:question_add", args=[call.pk]),
        {
            "section": section.pk,
            "text": "Only one option?",
            "answer_type": "choice",
            "choices": "Alone",
        },
    )
    assert bad.status_code == 422 and Question.objects.count() == 1
    assert client.post(reverse("reporting:call_publish", args=[call.pk])).status_code == 302
    call.refresh_from_db()
    assert call.is_published


def test_every_page_renders(client: Any, secretariat: Any, member_state: Any) -> None:
    call = build_call(secretariat)
    client.force_login(member_state)
    detail = client.get(reverse("reporting:call", args=[call.pk])).content.decode()
    assert reverse("reporting:respond", args=[call.pk, "GOV-MEX"]) in detail
    form = client.get(reverse("reporting:respond", args=[call.pk, "GOV-MEX"]))
    assert form.status_code == 200 and "How do migrants reach health care?" in form.content.decode()
    arabic = client.get("/ar" + reverse("reporting:calls"))
    assert arabic.status_code == 200 and 'dir="rtl"' in arabic.content.decode()
    assert call.title in arabic.content.decode()
    client.force_login(secretariat)
    for name in ("reporting:call", "reporting:call_edit", "reporting:dashboard"):
        assert client.get(reverse(name, args=[call.pk])).status_code == 200, name


def test_each_reporting_page_links_to_the_others(client: Any, db: None) -> None:
    pages = {
        "calls": reverse("reporting:calls"),
        "consultations": reverse("reporting:consultations"),
        "coverage": reverse("reporting:coverage"),
        "open_data": reverse("reporting:open_data"),
    }
    for name, url in pages.items():
        html = client.get(url).content.decode()
        for other in pages.values():
            assert f'href="{other}"' in html, (name, other)
        assert f'href="{url}" aria-current="page"' in html


def test_the_secretariat_finds_the_report_builder_from_the_calls(client: Any, secretariat: Any) -> None:
    builder = f'href="{reverse("reporting:report_builder")}"'
    assert builder not in client.get(reverse("reporting:calls")).content.decode()
    client.force_login(secretariat)
    assert builder in client.get(reverse("reporting:calls")).content.decode()
