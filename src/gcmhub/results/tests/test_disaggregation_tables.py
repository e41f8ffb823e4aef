"""The indicator page shows the shown period's values split by each dimension, and the crossed cells."""

from typing import Any

from django.test import Client
from django.urls import reverse

from gcmhub.results import actions
from gcmhub.results.models import Framework, Report
from gcmhub.results.tests.conftest import TODAY, indicator, outcome


def _table(page: str, caption: str) -> str:
    start = page.index(caption)
    return page[start : page.index("</table>", start)]


def test_each_dimension_and_the_crossed_cells_get_their_table(
    programme_framework: Framework, fund_manager: Any
) -> None:
    found = indicator(
        outcome(programme_framework, "3"), "3.a", baseline_value="0", dimensions=["sex", "nationality"]
    )
    actions.save_report(
        actor=None,
        indicator_id=found.pk,
        period="2024",
        today=TODAY,
        submit=True,
        values=[
            {"value": "10"},
            {"disaggregation": {"sex": "female"}, "value": "6"},
            {"disaggregation": {"nationality": "MEX"}, "value": "4"},
            {"disaggregation": {"sex": "female", "nationality": "MEX"}, "value": "3"},
        ],
    )
    actions.approve_report(actor=fund_manager, report_id=Report.objects.get(indicator=found).pk)
    page = Client().get(reverse("results:indicator", args=[found.pk]) + "?period=2024").content.decode()
    by_sex = _table(page, "By Sex")
    assert '<th scope="row">Female</th><td>6</td>' in by_sex
    assert '<th scope="row">Mexico</th><td>4</td>' in _table(page, "By Nationality")
    assert "<td>3</td>" in _table(page, "Crossed disaggregations")
