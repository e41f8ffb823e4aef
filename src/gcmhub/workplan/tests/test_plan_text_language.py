"""The work plan's text is English (its source document's language): inside pages in Arabic or any other
language it carries lang="en", so screen readers read it with an English voice, and dir="auto" or <bdi>, so
its Latin text is not reordered by the right-to-left page around it."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from gcmhub.workplan.models import Activity

pytestmark = pytest.mark.django_db


def first_activity() -> Activity:
    activity = Activity.objects.filter(result__section__version__is_current=True).order_by("pk").first()
    assert activity is not None
    return activity


def page(client: Client, name: str, *args: object, language: str = "ar") -> str:
    with translation.override(language):
        url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    return html


def test_activity_links_in_the_arabic_overview_are_english_text(client: Client) -> None:
    activity = first_activity()
    html = page(client, "workplan:overview")
    link = re.search(rf'<a href="/ar/plan/activities/{activity.pk}/"([^>]*)>', html)
    assert link is not None
    assert 'dir="auto"' in link.group(1) and 'lang="en"' in link.group(1)


def test_result_and_section_headings_are_english_text(client: Client) -> None:
    activity = first_activity()
    html = page(client, "workplan:result", activity.result_id)
    assert f'<h1><bdi lang="en">{activity.result.title}</bdi></h1>' in html
    overview = page(client, "workplan:overview")
    assert f'<bdi lang="en">{activity.result.section.title}</bdi>' in overview


def test_the_activity_page_heading_is_english_text(client: Client) -> None:
    activity = first_activity()
    html = page(client, "workplan:activity", activity.pk)
    assert re.search(r'<h1><bdi lang="en">[^<]*' + re.escape(activity.text[:30]), html)


@pytest.mark.parametrize("name", ["workplan:timeline", "workplan:activity_history"])
def test_every_plan_link_on_other_pages_is_marked(client: Client, name: str) -> None:
    args = [first_activity().pk] if name == "workplan:activity_history" else []
    html = page(client, name, *args, language="fr")
    # Links whose text is the plan's own (the others are navigation in the page's language).
    links = re.findall(r'<a href="/fr/plan/(?:activities|results)/\d+/"([^>]*dir="auto"[^>]*)>', html)
    assert links
    assert all('lang="en"' in attributes for attributes in links), links
