"""The knowledge platform's overview pages state their figures: the country table under the national plans
map, and the number of published resources of each kind on the index."""

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gcmhub.knowledge.models import Kind, NationalPlan, Status
from gcmhub.knowledge.tests.factories import make_plan, make_resource


def test_the_map_page_lists_each_country_with_its_plan(client: Client, db: None) -> None:
    plan = make_plan("MEX", NationalPlan.PlanStatus.ADOPTED)
    make_plan("SEN", NationalPlan.PlanStatus.IN_PREPARATION, status=Status.DRAFT)  # not published: not listed
    page = client.get(reverse("knowledge:plans_map")).content.decode()
    table = page[page.index("<table>") :]
    assert '<th scope="row">Mexico</th>' in table
    assert f'<a href="{plan.get_absolute_url()}">{plan.title}</a>' in table
    assert "Senegal" not in table
    assert "No national implementation plan is published yet." not in table


def _count_on_index(page: str, label: Any) -> int:
    found = re.search(rf">{re.escape(str(label))}</a><span class=\"number\">(\d+)</span>", page)
    assert found, label
    return int(found.group(1))


@pytest.mark.parametrize("published", [1, 3])
def test_the_index_counts_the_published_resources_of_each_kind(
    client: Client, db: None, published: int
) -> None:
    before = _count_on_index(client.get(reverse("knowledge:index")).content.decode(), Kind.PRACTICE.label)
    for number in range(published):
        make_resource(f"Practice {number}", kind=Kind.PRACTICE)
    make_resource("A draft practice", kind=Kind.PRACTICE, status=Status.DRAFT)
    page = client.get(reverse("knowledge:index")).content.decode()
    assert _count_on_index(page, Kind.PRACTICE.label) == before + published


def test_a_call_lists_its_published_answers_only(client: Client, db: None) -> None:
    import datetime

    from gcmhub.knowledge.models import CallForPractices

    call = CallForPractices.objects.create(
        title="Call on return", theme="Return", deadline=datetime.date(2030, 1, 1)
    )
    answer = make_resource("A published answer", call=call)
    make_resource("A draft answer", call=call, status=Status.DRAFT)
    page = client.get(call.get_absolute_url()).content.decode()
    assert answer.title in page
    assert "A draft answer" not in page
    assert client.get(reverse("knowledge:call", args=[call.pk + 1000])).status_code == 404
