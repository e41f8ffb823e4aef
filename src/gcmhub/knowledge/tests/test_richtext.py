"""Rich text is sanitized when saved and again when rendered: no script, event handler or javascript: link
survives."""

from typing import Any

import pytest
from django.urls import reverse

from gcmhub.knowledge import actions
from gcmhub.knowledge.models import Resource
from gcmhub.knowledge.richtext import clean_html, plain_text, render_html
from gcmhub.knowledge.tests.factories import make_resource

ATTACKS = [
    "<script>alert(1)</script><p>ok</p>",
    '<img src="x" onerror="alert(1)"><p>ok</p>',
    '<p onclick="alert(1)">ok</p>',
    '<a href="javascript:alert(1)">ok</a>',
    '<svg onload="alert(1)"><p>ok</p></svg>',
    '<iframe src="https://evil.example"></iframe><p>ok</p>',
    "<style>body{display:none}</style><p>ok</p>",
    '<p style="background:url(javascript:alert(1))">ok</p>',
    "<scr<script>ipt>alert(1)</script>",
]


@pytest.mark.parametrize("html", ATTACKS)
def test_nothing_executable_survives(html: str) -> None:
    cleaned = clean_html(html).lower()
    for danger in (
        "<script",
        "onerror",
        "onclick",
        "onload",
        "javascript:",
        "<iframe",
        "<style",
        "style=",
        "<svg",
    ):
        assert danger not in cleaned


def test_formatting_and_links_are_kept() -> None:
    html = '<h3>Results</h3><p><strong>40%</strong> fewer <a href="https://example.org">detentions</a></p><ul><li>a</li></ul>'
    cleaned = clean_html(html)
    assert "<h3>Results</h3>" in cleaned
    assert "<strong>40%</strong>" in cleaned
    assert 'href="https://example.org"' in cleaned and 'rel="noopener noreferrer nofollow"' in cleaned
    assert "<li>a</li>" in cleaned


def test_plain_text_paragraphs_are_kept() -> None:
    assert clean_html("First paragraph.\n\nSecond one.") == "<p>First paragraph.</p><p>Second one.</p>"
    assert plain_text("<p>One</p><p>Two</p>") == "One Two"


def test_the_body_is_sanitized_on_save(stakeholder: Any) -> None:
    resource = actions.create_resource(
        actor=stakeholder,
        kind="practice",
        data={"title": "T", "body": '<p>ok</p><img src=x onerror="alert(1)"><script>x()</script>'},
    )
    resource.refresh_from_db()
    assert "onerror" not in resource.body and "<script" not in resource.body
    assert "<p>ok</p>" in resource.body


def test_unsafe_html_already_in_the_database_is_sanitized_on_render(client: Any, db: None) -> None:
    resource = make_resource("Stored attack")
    Resource.objects.filter(pk=resource.pk).update(
        body='<p>ok</p><script>alert("stored")</script><img src=x onerror=alert(2)>'
    )
    assert "<script" not in render_html(Resource.objects.get(pk=resource.pk).body)
    page = client.get(reverse("knowledge:resource", args=[resource.pk])).content.decode()
    assert 'alert("stored")' not in page
    assert "onerror" not in page
