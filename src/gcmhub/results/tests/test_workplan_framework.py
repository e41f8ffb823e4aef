"""The work plan's own results framework: an outcome per expected result, found by its stable key, so it
survives a re-import of the plan; the organizations the plan names report on it."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from gcmhub.core.exceptions import PermissionDenied
from gcmhub.results import actions
from gcmhub.results.models import Result
from gcmhub.results.queries import can_report
from gcmhub.results.tests.conftest import TODAY
from gcmhub.workplan.models import ExpectedResult
from gcmhub.workplan.queries import current_version


def test_it_gives_each_expected_result_an_outcome_once(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("sync_workplan_framework")
    assert "outcome(s) added" in capsys.readouterr().out
    expected = ExpectedResult.objects.filter(section__version=current_version()).count()
    framework_results = Result.objects.filter(framework__code="workplan")
    assert framework_results.count() == expected
    first = framework_results.get(workplan_key="cc.1")
    assert first.title.startswith("Establishment of the Migration Multi-Partner Trust Fund")
    call_command("sync_workplan_framework")
    assert framework_results.count() == expected


def test_only_the_secretariat_sets_it_up(db: None, fund_manager: User, secretariat: User) -> None:
    with pytest.raises(PermissionDenied):
        actions.sync_workplan_framework(actor=fund_manager)
    framework, added = actions.sync_workplan_framework(actor=secretariat)
    assert added > 0 and framework.is_public


def test_the_plan_s_members_report_on_their_result(
    db: None, focal_point: User, other_focal_point: User
) -> None:
    framework, _added = actions.sync_workplan_framework(actor=None)
    # The plan names IOM (with DESA) as the members of cross-cutting result 6.
    outcome = framework.results.get(workplan_key="cc.6")
    indicator = actions.add_indicator(
        actor=None, result_id=outcome.pk, code="WP6.1", title="Review forums supported", value_type="number"
    )
    assert can_report(focal_point, indicator)
    assert not can_report(other_focal_point, indicator)
    report = actions.save_report(
        actor=focal_point, indicator_id=indicator.pk, period="2025", values=[{"value": "2"}], today=TODAY
    )
    assert report.created_by == focal_point
    with pytest.raises(PermissionDenied):
        actions.save_report(
            actor=other_focal_point,
            indicator_id=indicator.pk,
            period="2024",
            values=[{"value": "1"}],
            today=TODAY,
        )
