"""The registry of related lists (core/related.py) and its template tag: each provider of a model is asked
with the reader, an empty list is not shown at all, labels are escaped and marked with their own language."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, Group, User
from django.template import Context, Template
from django.test import RequestFactory

from gcmhub.core import related
from gcmhub.core.actors import AnyUser
from gcmhub.core.related import RelatedLink, RelatedList, register_related, related_lists


@pytest.fixture(autouse=True)
def no_providers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Only this file's providers (the apps' own stay registered for the other tests)."""
    monkeypatch.setattr(related, "_providers", {})


def readers_name(reader: AnyUser, group: Group) -> RelatedList:
    """One link, named after the reader, so a test sees the provider was asked with the page's reader."""
    name = reader.get_username() if reader.is_authenticated else "anonymous"
    return RelatedList(
        key="readers", title="Readers", links=[RelatedLink(label=name, url=f"/r/{group.name}/")]
    )


def nothing(reader: AnyUser, group: Group) -> RelatedList:
    return RelatedList(key="nothing", title="Nothing here", links=[])


def script_titled(reader: AnyUser, group: Group) -> RelatedList:
    link = RelatedLink(
        label="<script>alert(1)</script>",
        url="/s/1/",
        language="fr",
        status="Closed",
        date=datetime.date(2026, 5, 4),
    )
    return RelatedList(key="scripts", title="Scripts", links=[link], note="Members only.")


def render(reader: User | AnonymousUser, instance: Group) -> str:
    request = RequestFactory().get("/")
    request.user = reader
    return Template("{% load related %}{% related_lists obj %}").render(
        Context({"request": request, "obj": instance})
    )


def test_a_model_without_providers_has_no_lists() -> None:
    assert related_lists(AnonymousUser(), Group(name="g")) == []
    assert render(AnonymousUser(), Group(name="g")).strip() == ""


def test_each_provider_of_the_model_is_asked_in_order_and_empty_lists_are_left_out() -> None:
    register_related("auth.Group", readers_name)
    register_related("auth.group", nothing)
    register_related("auth.group", script_titled)
    register_related("auth.group", readers_name)  # registering again adds nothing

    lists = related_lists(User(username="ana"), Group(name="g"))

    assert [(listed.key, [link.label for link in listed.links]) for listed in lists] == [
        ("readers", ["ana"]),
        ("scripts", ["<script>alert(1)</script>"]),
    ]
    assert related_lists(AnonymousUser(), User(username="x")) == []  # another model: none of these


def test_the_tag_renders_the_lists_the_pages_reader_may_see() -> None:
    register_related("auth.group", readers_name)
    register_related("auth.group", nothing)

    html = render(User(username="ana"), Group(name="g"))

    assert '<section aria-labelledby="related-readers"><h2 id="related-readers">Readers</h2>' in html
    assert '<a href="/r/g/" dir="auto">ana</a>' in html
    assert "anonymous" in render(AnonymousUser(), Group(name="g"))
    assert "Nothing here" not in html and "related-nothing" not in html


def test_a_link_is_escaped_and_carries_its_language_status_and_date() -> None:
    register_related("auth.group", script_titled)

    html = render(AnonymousUser(), Group(name="g"))

    assert '<p class="muted">Members only.</p>' in html
    assert (
        '<a href="/s/1/" dir="auto" lang="fr">&lt;script&gt;alert(1)&lt;/script&gt;</a>'
        ' <span class="muted">Closed · <time datetime="2026-05-04">May 4, 2026</time></span>'
    ) in html
    assert "<script>" not in html
