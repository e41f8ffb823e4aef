"""The results frameworks' access rules, asked directly of each persona: who shapes a framework, who reports
on and reviews an indicator, who sees drafts, which frameworks, results, indicators and reports each user
may reach. Pages and the API reach these rules too, but mostly as the operator."""

import pytest
from conftest import make_user
from django.contrib.auth.models import AnonymousUser, User

from gcmhub.accounts.models import Membership, Role
from gcmhub.core.exceptions import NotFound, PermissionDenied
from gcmhub.reference.models import Organization
from gcmhub.results import actions
from gcmhub.results.models import Framework, Indicator, Report, Result
from gcmhub.results.queries import access
from gcmhub.results.tests.conftest import TODAY, indicator, outcome, output


def org(acronym: str) -> Organization:
    return Organization.objects.get(acronym=acronym)


@pytest.fixture
def private_programme(db: None) -> Framework:
    """A programme's framework, not public, reported on by IOM."""
    return actions.new_framework(
        code="JP-2",
        title="Private programme results",
        kind=Framework.Kind.PROGRAMME,
        organizations=[org("IOM")],
    )


@pytest.fixture
def private_fund(db: None) -> Framework:
    """The fund's own framework, not public, with IOM among its reporting organizations."""
    return actions.new_framework(
        code="FUND-2", title="Private fund results", kind=Framework.Kind.FUND, organizations=[org("IOM")]
    )


@pytest.fixture
def workplan(db: None) -> Framework:
    """The work plan's framework, made private here so only its reporters and the secretariat see drafts."""
    framework, _added = actions.sync_workplan_framework(actor=None)
    Framework.objects.filter(pk=framework.pk).update(is_public=False)
    framework.refresh_from_db()
    return framework


def wp_indicator(framework: Framework, key: str, code: str) -> Indicator:
    """An indicator of the outcome of the plan's expected result `key`."""
    return indicator(framework.results.get(workplan_key=key), code)


def report(ind: Indicator, period: str, *, approve: bool) -> Report:
    saved = actions.save_report(
        actor=None, indicator_id=ind.pk, period=period, values=[{"value": "3"}], submit=approve, today=TODAY
    )
    return actions.approve_report(actor=None, report_id=saved.pk) if approve else saved


def test_fund_staff_are_the_operator_the_secretariat_and_fund_managers(
    secretariat: User, fund_manager: User, focal_point: User, outsider: User
) -> None:
    assert access.is_fund_staff(None) is True
    assert access.is_fund_staff(secretariat) is True
    assert access.is_fund_staff(fund_manager) is True
    assert access.is_fund_staff(focal_point) is False
    assert access.is_fund_staff(outsider) is False


def test_who_shapes_each_kind_of_framework(
    private_programme: Framework,
    private_fund: Framework,
    workplan: Framework,
    secretariat: User,
    fund_manager: User,
    focal_point: User,
    other_focal_point: User,
) -> None:
    for framework in (private_programme, private_fund, workplan):
        assert access.can_manage_framework(None, framework) is True
        assert access.can_manage_framework(secretariat, framework) is True
    assert access.can_manage_framework(fund_manager, private_fund) is True
    assert access.can_manage_framework(fund_manager, private_programme) is True
    assert access.can_manage_framework(fund_manager, workplan) is False
    # A programme's participants design its framework; the fund's and the plan's are not theirs to shape.
    assert access.can_manage_framework(focal_point, private_programme) is True
    assert access.can_manage_framework(focal_point, private_fund) is False
    workplan.reporting_organizations.add(org("IOM"))
    assert access.can_manage_framework(focal_point, workplan) is False
    assert access.can_manage_framework(other_focal_point, private_programme) is False


def test_who_reports_on_the_fund_and_programme_frameworks(
    private_programme: Framework,
    private_fund: Framework,
    secretariat: User,
    fund_manager: User,
    focal_point: User,
) -> None:
    on_fund = indicator(outcome(private_fund), "F.1")
    on_programme = indicator(outcome(private_programme), "P.1")
    assert access.can_report(None, on_fund) is True
    assert access.can_report(secretariat, on_programme) is True
    assert access.can_report(fund_manager, on_fund) is True
    assert (
        access.can_report(focal_point, on_fund) is False
    )  # IOM reports on it, but fund managers enter its values
    assert access.can_report(focal_point, on_programme) is True
    assert access.can_report(fund_manager, on_programme) is False


def test_the_plans_members_report_on_an_output_of_their_result(
    workplan: Framework, focal_point: User, other_focal_point: User
) -> None:
    # The plan names IOM (with DESA) as the members of cross-cutting result 6; the output has no key.
    below = output(workplan.results.get(workplan_key="cc.6"), "6.1")
    ind = indicator(below, "WP6.1.a")
    assert access.can_report(focal_point, ind) is True
    assert access.can_report(other_focal_point, ind) is False
    assert access.can_report(focal_point, wp_indicator(workplan, "cc.6", "WP6.a")) is True


def test_a_reporting_organization_of_the_plans_framework_reports_on_every_result(
    workplan: Framework, focal_point: User, other_focal_point: User
) -> None:
    workplan.reporting_organizations.add(org("UNEP"))
    ind = wp_indicator(workplan, "cc.6", "WP6.a")
    assert access.can_report(other_focal_point, ind) is True
    assert access.can_report(focal_point, ind) is True


def test_fund_managers_review_the_fund_and_its_programmes_and_the_secretariat_everything(
    private_programme: Framework,
    private_fund: Framework,
    workplan: Framework,
    secretariat: User,
    fund_manager: User,
    focal_point: User,
) -> None:
    on_fund = indicator(outcome(private_fund), "F.1")
    on_programme = indicator(outcome(private_programme), "P.1")
    on_plan = wp_indicator(workplan, "cc.6", "WP6.a")
    assert access.can_review(None, on_plan) is True
    assert access.can_review(secretariat, on_plan) is True
    assert access.can_review(fund_manager, on_fund) is True
    assert access.can_review(fund_manager, on_programme) is True
    assert access.can_review(fund_manager, on_plan) is False
    assert access.can_review(focal_point, on_programme) is False


def test_drafts_are_for_those_who_report_and_review_them(
    private_programme: Framework,
    private_fund: Framework,
    workplan: Framework,
    secretariat: User,
    fund_manager: User,
    focal_point: User,
    other_focal_point: User,
    outsider: User,
) -> None:
    assert access.can_see_drafts(None, workplan) is True
    assert access.can_see_drafts(secretariat, workplan) is True
    assert access.can_see_drafts(fund_manager, private_fund) is True
    assert access.can_see_drafts(fund_manager, private_programme) is True
    assert access.can_see_drafts(fund_manager, workplan) is False
    assert access.can_see_drafts(focal_point, private_programme) is True
    assert access.can_see_drafts(focal_point, workplan) is True  # the plan names IOM
    assert access.can_see_drafts(other_focal_point, private_programme) is False
    assert access.can_see_drafts(other_focal_point, workplan) is False  # the plan names UNEP nowhere
    assert access.can_see_drafts(outsider, private_programme) is False


def test_a_private_framework_is_seen_by_its_reporters_and_shapers_only(
    private_programme: Framework, programme_framework: Framework, focal_point: User, other_focal_point: User
) -> None:
    assert access.can_view_framework(other_focal_point, programme_framework) is True  # public
    assert access.can_view_framework(AnonymousUser(), programme_framework) is True
    assert access.can_view_framework(focal_point, private_programme) is True
    assert access.can_view_framework(other_focal_point, private_programme) is False
    assert access.access_framework(focal_point, "JP-2") == private_programme
    with pytest.raises(NotFound) as hidden:
        access.access_framework(other_focal_point, "JP-2")
    assert hidden.value.message == "There is no results framework JP-2."
    with pytest.raises(NotFound):  # not found for change either, rather than forbidden
        access.access_framework_for_change(other_focal_point, "JP-2")
    with pytest.raises(NotFound) as missing:
        access.get_framework("NOPE")
    assert missing.value.message == "There is no results framework NOPE."


def test_a_framework_the_user_may_see_but_not_shape_is_refused_for_change(
    private_fund: Framework, fund_manager: User, focal_point: User
) -> None:
    # IOM reports on it, so its focal point sees it, but only fund staff shape the fund's framework.
    assert access.access_framework_for_change(fund_manager, "FUND-2") == private_fund
    with pytest.raises(PermissionDenied) as refused:
        access.access_framework_for_change(focal_point, "FUND-2")
    assert refused.value.message == "You may not change this results framework."


def test_the_framework_list_shows_each_user_what_they_may_see(
    fund_framework: Framework,
    programme_framework: Framework,
    private_programme: Framework,
    private_fund: Framework,
    workplan: Framework,
    fund_manager: User,
    focal_point: User,
    outsider: User,
) -> None:
    def codes(user: User | AnonymousUser | None) -> list[str]:
        return [f.code for f in access.visible_frameworks(user)]

    # Made last, and first by its code alone: the list is by kind (fund, programme, workplan), then code.
    actions.new_framework(
        code="AAA", title="Made last", kind=Framework.Kind.PROGRAMME, organizations=[org("IOM"), org("UNHCR")]
    )
    two_hats = make_user("two_hats", Role.FOCAL_POINT, "IOM")
    Membership.objects.create(user=two_hats, organization=org("UNHCR"), role=Role.FOCAL_POINT)
    assert codes(None) == ["FUND", "FUND-2", "AAA", "JP-1", "JP-2", "workplan"]
    assert codes(fund_manager) == ["FUND", "FUND-2", "AAA", "JP-1", "JP-2"]
    # IOM reports on FUND-2, AAA, JP-1 and JP-2; AAA, reported on by both of two_hats' organizations, once.
    assert codes(focal_point) == ["FUND", "FUND-2", "AAA", "JP-1", "JP-2"]
    assert codes(two_hats) == ["FUND", "FUND-2", "AAA", "JP-1", "JP-2"]
    assert codes(outsider) == ["FUND", "JP-1"]
    assert codes(AnonymousUser()) == ["FUND", "JP-1"]
    # A public framework of any kind is everyone's, fund managers' too.
    Framework.objects.filter(pk=workplan.pk).update(is_public=True)
    assert codes(fund_manager) == ["FUND", "FUND-2", "AAA", "JP-1", "JP-2", "workplan"]
    assert codes(outsider) == ["FUND", "JP-1", "workplan"]


def test_a_result_is_changed_only_by_those_who_shape_its_framework(
    private_programme: Framework, private_fund: Framework, focal_point: User, other_focal_point: User
) -> None:
    mine = outcome(private_programme)
    theirs = outcome(private_fund)
    assert access.access_result_for_change(focal_point, mine.pk) == mine
    with pytest.raises(PermissionDenied) as refused:
        access.access_result_for_change(focal_point, theirs.pk)
    assert refused.value.message == "You may not change this results framework."
    with pytest.raises(NotFound) as hidden:
        access.access_result_for_change(other_focal_point, mine.pk)
    assert hidden.value.message == "There is no such result."
    with pytest.raises(NotFound):
        access.access_result_for_change(
            None, Result.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1
        )


def test_an_indicator_is_reached_for_change_and_for_reporting_by_the_right_people(
    private_programme: Framework, private_fund: Framework, focal_point: User, other_focal_point: User
) -> None:
    mine = indicator(outcome(private_programme), "P.1")
    fund_owned = indicator(outcome(private_fund), "F.1")
    assert access.access_indicator(focal_point, mine.pk) == mine
    assert access.access_indicator_for_change(focal_point, mine.pk) == mine
    assert access.access_indicator_for_reporting(focal_point, mine.pk) == mine
    with pytest.raises(NotFound) as hidden:
        access.access_indicator(other_focal_point, mine.pk)
    assert hidden.value.message == "There is no such indicator."
    # One they may not see does not exist for them, for change or reporting either: not found, not forbidden.
    for reach in (access.access_indicator_for_change, access.access_indicator_for_reporting):
        with pytest.raises(NotFound):
            reach(other_focal_point, mine.pk)
    with pytest.raises(NotFound):
        access.access_indicator(None, mine.pk + 1000)
    with pytest.raises(PermissionDenied) as not_shaper:
        access.access_indicator_for_change(focal_point, fund_owned.pk)
    assert not_shaper.value.message == "You may not change this results framework."
    with pytest.raises(PermissionDenied) as not_reporter:
        access.access_indicator_for_reporting(focal_point, fund_owned.pk)
    assert not_reporter.value.message == (
        "Only focal points of the organizations that report on this indicator may enter its values."
    )


def test_an_unapproved_report_is_for_its_reporters_and_reviewers(
    programme_framework: Framework, focal_point: User, fund_manager: User, other_focal_point: User
) -> None:
    ind = indicator(outcome(programme_framework), "P.1")
    done = report(ind, "2024", approve=True)
    draft = report(ind, "2025", approve=False)
    assert access.access_report(other_focal_point, done.pk) == done
    assert access.access_report(focal_point, draft.pk) == draft  # reports on it
    assert access.access_report(fund_manager, draft.pk) == draft  # reviews it
    with pytest.raises(NotFound) as hidden:
        access.access_report(other_focal_point, draft.pk)
    assert hidden.value.message == "There is no such report."


def test_a_report_of_a_hidden_framework_is_not_found(
    private_programme: Framework, focal_point: User, other_focal_point: User
) -> None:
    done = report(indicator(outcome(private_programme), "P.1"), "2024", approve=True)
    assert access.access_report(focal_point, done.pk) == done
    with pytest.raises(NotFound) as hidden:
        access.access_report(other_focal_point, done.pk)
    assert hidden.value.message == "There is no such report."
    with pytest.raises(NotFound):
        access.access_report(None, done.pk + 1000)
