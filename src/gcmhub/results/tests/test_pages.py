"""Results pages: the matrix with progress bars, the indicator page with its chart and disaggregation tables,
data entry for focal points and review for fund managers; refusals change nothing."""

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gcmhub.results import actions
from gcmhub.results.models import Framework, Indicator, Report
from gcmhub.results.tests.conftest import TODAY, SignIn, approved, indicator, outcome, output
from gcmhub.results.tests.test_api import state


@pytest.fixture
def ind(programme_framework: Framework) -> Indicator:
    first = outcome(programme_framework)
    found = indicator(output(first, "1.1"), "1.1.a", baseline_value="0", dimensions=["sex", "nationality"])
    actions.set_targets(actor=None, indicator_id=found.pk, targets=[{"period": "2024", "value": "100"}])
    approved(found, "2024", value="75")
    return found


def test_the_matrix_shows_the_tree_with_progress(programme_framework: Framework, ind: Indicator) -> None:
    page = Client().get(reverse("results:framework", args=[programme_framework.code])).content.decode()
    assert "Outcome 1" in page and "Output 1.1" in page and ind.title in page
    assert "gcm-bar" in page and "75%" in page and "At risk" in page


def test_the_indicator_page_shows_chart_and_disaggregation(
    programme_framework: Framework, ind: Indicator
) -> None:
    actions.save_report(
        actor=None,
        indicator_id=ind.pk,
        period="2025",
        today=TODAY,
        submit=True,
        values=[
            {"value": "10"},
            {"disaggregation": {"sex": "female"}, "value": "6"},
        ],
    )
    page = Client().get(reverse("results:indicator", args=[ind.pk])).content.decode()
    assert "gcm-chart" in page and "Target and actual by period" in page
    assert "Submit for review" not in page  # the public has no data entry


def test_disaggregation_tables_for_an_approved_period(
    programme_framework: Framework, login: SignIn, fund_manager: User
) -> None:
    found = indicator(
        outcome(programme_framework, "2"), "2.a", baseline_value="0", dimensions=["sex", "nationality"]
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
        ],
    )
    report = Report.objects.get(indicator=found)
    actions.approve_report(actor=fund_manager, report_id=report.pk)
    page = Client().get(reverse("results:indicator", args=[found.pk]) + "?period=2024").content.decode()
    assert "By Sex" in page and "Female" in page and "Mexico" in page


def test_a_focal_point_enters_values_and_a_fund_manager_approves(
    login: SignIn, programme_framework: Framework, ind: Indicator, focal_point: User, fund_manager: User
) -> None:
    client = login(focal_point)
    url = reverse("results:report_form", args=[ind.pk])
    form = client.get(url)
    assert form.status_code == 200 and "Female" in form.content.decode()
    bad = client.post(
        url, {"period": "2025", "total_value": "10", "d__sex__female_value": "11", "submit": "1"}
    )
    assert bad.status_code == 422 and not Report.objects.filter(period="2025").exists()
    done = client.post(
        url,
        {
            "period": "2025",
            "total_value": "10",
            "d__sex__female_value": "6",
            "n0_country": "MEX",
            "n0_value": "3",
            "submit": "1",
        },
    )
    assert done.status_code == 302
    report = Report.objects.get(period="2025")
    assert report.status == "submitted"
    assert set(report.values.values_list("disaggregation_key", flat=True)) == {
        "",
        "sex=female",
        "nationality=MEX",
    }
    assert (
        client.post(reverse("results:report_review", args=[report.pk]), {"decision": "approve"}).status_code
        == 403
    )
    reviewer = login(fund_manager)
    page = reviewer.get(reverse("results:indicator", args=[ind.pk])).content.decode()
    assert reverse("results:report_review", args=[report.pk]) in page
    response = reviewer.post(reverse("results:report_review", args=[report.pk]), {"decision": "approve"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == "approved"
    again = client.post(url, {"period": "2025", "total_value": "12", "save": "1"})
    assert again.status_code == 422 and "locked" in again.content.decode()


def test_anonymous_and_outsiders_are_refused(
    login: SignIn, programme_framework: Framework, ind: Indicator, outsider: User, other_focal_point: User
) -> None:
    draft = actions.save_report(
        actor=None, indicator_id=ind.pk, period="2025", values=[{"value": "1"}], submit=True, today=TODAY
    )
    before = state()
    urls = [
        (reverse("results:report_form", args=[ind.pk]), {"period": "2025", "total_value": "5"}),
        (reverse("results:report_submit", args=[draft.pk]), {}),
        (reverse("results:report_review", args=[draft.pk]), {"decision": "approve"}),
    ]
    for url, data in urls:
        response = Client().post(url, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for user in (outsider, other_focal_point):
        client = login(user)
        for url, data in urls:
            assert client.post(url, data).status_code in (403, 404), (user, url)
        assert client.get(urls[0][0]).status_code == 403
    assert state() == before


def test_the_index_lists_what_each_person_may_see(
    db: None, login: SignIn, focal_point: User, programme_framework: Framework
) -> None:
    hidden = actions.new_framework(code="JP-H", title="Hidden concept", kind="programme")
    assert "Hidden concept" not in Client().get(reverse("results:index")).content.decode()
    assert Client().get(reverse("results:framework", args=[hidden.code])).status_code == 404
    assert programme_framework.title in Client().get(reverse("results:index")).content.decode()


def test_the_public_pages_never_show_drafts(
    programme_framework: Framework, ind: Indicator, login: SignIn, focal_point: User
) -> None:
    actions.save_report(
        actor=None, indicator_id=ind.pk, period="2025", values=[{"value": "98765"}], submit=True, today=TODAY
    )
    actions.save_report(
        actor=None,
        indicator_id=ind.pk,
        period="2026",
        values=[{"value": "43210"}],
        today=TODAY.replace(year=2026),
    )
    client = Client()
    for url in (
        reverse("results:framework", args=[programme_framework.code]),
        reverse("results:indicator", args=[ind.pk]),
        reverse("results:indicator", args=[ind.pk]) + "?period=2025",
        reverse("results:indicator", args=[ind.pk]) + "?period=2026",
    ):
        page = client.get(url).content.decode()
        assert "98,765" not in page and "98765" not in page and "43,210" not in page, url
    mine = (
        login(focal_point).get(reverse("results:indicator", args=[ind.pk]) + "?period=2025").content.decode()
    )
    assert "98,765" in mine and "Submitted" in mine
