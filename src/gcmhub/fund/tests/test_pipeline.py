"""The programme status pipeline (allowed and forbidden transitions), concept-note validation, Steering
Committee decisions, extensions and markers (0 to 3 with a justification)."""

from typing import Any

import pytest
from django.contrib.auth.models import User

from gcmhub.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from gcmhub.core.tests.typed import present
from gcmhub.fund import actions
from gcmhub.fund.models import (
    Contributor,
    Fund,
    JointProgramme,
    Marker,
    ProgrammeStatus,
    SteeringCommitteeDecision,
)
from gcmhub.fund.tests.conftest import D, advance, day, deposit, make_programme

S = ProgrammeStatus


def status_of(programme: JointProgramme) -> str:
    programme.refresh_from_db()
    return programme.status


def test_a_concept_note_walks_the_whole_pipeline(fund: Fund, contributor: Contributor) -> None:
    deposit(fund, contributor, "200000.00", "2024-01-10")
    programme = make_programme(fund)
    assert programme.status == S.CONCEPT_NOTE
    assert programme.code == "MPTF-001"
    assert programme.framework is not None and programme.framework.kind == "programme"
    assert set(programme.framework.reporting_organizations.values_list("acronym", flat=True)) == {
        "IOM",
        "UNHCR",
    }
    for status in (S.UNDER_REVIEW, S.APPROVED):
        actions.change_status(actor=None, code=programme.code, status=status)
    assert SteeringCommitteeDecision.objects.filter(programme=programme, kind="approval").count() == 1
    actions.allocate(actor=None, code=programme.code, amount_usd=D("100000.00"), date=day("2024-02-01"))
    assert status_of(programme) == S.FUNDED  # the first allocation funds it
    actions.change_status(actor=None, code=programme.code, status=S.ACTIVE)
    actions.transfer(
        actor=None, code=programme.code, organization="IOM", amount_usd=D("100000.00"), date=day("2024-02-02")
    )
    actions.report_expenditure(
        actor=None, code=programme.code, organization="IOM", amount_usd=D("90000.00"), date=day("2024-09-01")
    )
    actions.change_status(actor=None, code=programme.code, status=S.OPERATIONALLY_CLOSED)
    with pytest.raises(ValidationFailed) as caught:
        actions.change_status(actor=None, code=programme.code, status=S.FINANCIALLY_CLOSED)
    assert caught.value.code == "open_balance"
    actions.refund(
        actor=None, code=programme.code, organization="IOM", amount_usd=D("10000.00"), date=day("2024-10-01")
    )
    actions.change_status(actor=None, code=programme.code, status=S.FINANCIALLY_CLOSED)
    assert status_of(programme) == S.FINANCIALLY_CLOSED


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (S.CONCEPT_NOTE, S.APPROVED),
        (S.CONCEPT_NOTE, S.FUNDED),
        (S.UNDER_REVIEW, S.ACTIVE),
        (S.APPROVED, S.ACTIVE),
        (S.APPROVED, S.FUNDED),  # funding comes from an allocation
        (S.ACTIVE, S.FINANCIALLY_CLOSED),
        (S.ACTIVE, S.WITHDRAWN),
        (S.ACTIVE, S.CONCEPT_NOTE),
    ],
)
def test_it_refuses_forbidden_transitions(
    fund: Fund, contributor: Contributor, start: ProgrammeStatus, target: ProgrammeStatus
) -> None:
    deposit(fund, contributor, "200000.00", "2024-01-10")
    programme = advance(make_programme(fund), start)
    with pytest.raises(ValidationFailed):
        actions.change_status(actor=None, code=programme.code, status=target)
    assert status_of(programme) == start


def test_rejected_and_withdrawn_are_final(fund: Fund) -> None:
    rejected = advance(make_programme(fund), S.UNDER_REVIEW)
    actions.change_status(actor=None, code=rejected.code, status=S.REJECTED, note="Outside the fund's scope")
    decision = SteeringCommitteeDecision.objects.get(programme=rejected)
    assert decision.kind == "rejection" and decision.decision == "Outside the fund's scope"
    withdrawn = make_programme(fund, title="Withdrawn one")
    actions.change_status(actor=None, code=withdrawn.code, status=S.WITHDRAWN)
    for programme in (rejected, withdrawn):
        for target in S.values:
            with pytest.raises(ValidationFailed):
                actions.change_status(actor=None, code=programme.code, status=target)


def test_focal_points_submit_their_concept_note_but_cannot_approve_it(
    fund: Fund, focal_point: User, other_focal_point: User
) -> None:
    programme = make_programme(fund)
    with pytest.raises(NotFound):  # a concept note is not theirs to see
        actions.change_status(actor=other_focal_point, code=programme.code, status=S.UNDER_REVIEW)
    actions.change_status(actor=focal_point, code=programme.code, status=S.UNDER_REVIEW)
    with pytest.raises(PermissionDenied):
        actions.change_status(actor=focal_point, code=programme.code, status=S.APPROVED)
    assert status_of(programme) == S.UNDER_REVIEW


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"level": "national", "countries": []}, "bad_countries"),
        ({"level": "national", "countries": ["MEX", "GTM"]}, "bad_countries"),
        ({"level": "regional", "countries": []}, "bad_countries"),
        ({"objectives": []}, "no_primary_objective"),
        ({"objectives": [7], "secondary_objectives": [7]}, "bad_objectives"),
        ({"objectives": [24]}, "unknown_objective"),
        ({"participants": []}, "no_participants"),
        ({"participants": [{"organization": "GOV-MEX", "budget_usd": "10.00"}]}, "not_un_entity"),
        ({"participants": [{"organization": "IOM", "budget_usd": "-1"}]}, "bad_amount"),
        ({"thematic_area": 9}, "unknown_area"),
        ({"countries": ["XXX"], "level": "regional"}, "unknown_country"),
    ],
)
def test_it_refuses_an_invalid_concept_note(fund: Fund, changes: dict[str, Any], code: str) -> None:
    data = {
        "fund_code": fund.code,
        "title": "Bad",
        "level": "global",
        "thematic_area": 1,
        "objectives": [1],
        "participants": [{"organization": "IOM", "budget_usd": "1000.00"}],
        **changes,
    }
    with pytest.raises(ValidationFailed) as caught:
        actions.create_programme(actor=None, **data)
    assert caught.value.code == code
    assert not JointProgramme.objects.exists()


def test_the_first_participant_convenes_unless_one_is_named(fund: Fund) -> None:
    programme = make_programme(fund)
    convening = programme.participants.get(is_convening=True)
    assert convening.organization.acronym == "IOM"


def test_an_extension_moves_the_end_and_is_a_decision(fund: Fund, contributor: Contributor) -> None:
    deposit(fund, contributor, "200000.00", "2024-01-10")
    programme = advance(make_programme(fund), S.ACTIVE)
    actions.extend_programme(
        actor=None, code=programme.code, new_end=day("2026-06-30"), date=day("2024-05-01")
    )
    programme.refresh_from_db()
    assert programme.current_end == day("2026-06-30")
    assert programme.end_date == day("2025-12-31")
    with pytest.raises(ValidationFailed):
        actions.extend_programme(
            actor=None, code=programme.code, new_end=day("2026-01-01"), date=day("2024-05-02")
        )


@pytest.mark.parametrize("score", [0, 1, 2, 3])
def test_markers_take_scores_zero_to_three(fund: Fund, score: int) -> None:
    programme = make_programme(fund)
    actions.set_markers(
        actor=None,
        code=programme.code,
        markers=[{"kind": "gender", "score": score, "justification": "Because."}],
    )
    assert Marker.objects.get(programme=programme, kind="gender").score == score


@pytest.mark.parametrize(
    "marker",
    [
        {"kind": "gender", "score": 4, "justification": "Too high."},
        {"kind": "gender", "score": -1, "justification": "Too low."},
        {"kind": "gender", "score": 1.5, "justification": "Not whole."},
        {"kind": "gender", "score": True, "justification": "Not a number."},
        {"kind": "gender", "score": 2, "justification": "   "},
        {"kind": "climate", "score": 2, "justification": "Unknown marker."},
    ],
)
def test_it_refuses_bad_markers(fund: Fund, marker: dict[str, Any]) -> None:
    programme = make_programme(fund)
    with pytest.raises(ValidationFailed):
        actions.set_markers(actor=None, code=programme.code, markers=[marker])
    assert not Marker.objects.exists()


def test_only_managers_or_the_team_of_a_concept_note_set_markers(
    fund: Fund, focal_point: User, other_focal_point: User
) -> None:
    programme = make_programme(fund)
    marker = {"kind": "human_rights", "score": 2, "justification": "Rights-based design."}
    with pytest.raises(NotFound):
        actions.set_markers(actor=other_focal_point, code=programme.code, markers=[marker])
    actions.set_markers(actor=focal_point, code=programme.code, markers=[marker])
    actions.change_status(actor=None, code=programme.code, status=S.UNDER_REVIEW)
    with pytest.raises(PermissionDenied):
        actions.set_markers(actor=focal_point, code=programme.code, markers=[{**marker, "score": 3}])
    assert Marker.objects.get().score == 2


def test_a_programme_s_results_are_public_once_approved_in_a_published_fund(db: None) -> None:
    hidden = actions.create_fund(actor=None, code="LATER", name="Published later")
    framework = present(advance(make_programme(hidden), S.APPROVED).framework)
    assert not framework.is_public
    actions.update_fund(actor=None, code=hidden.code, is_published=True)
    framework.refresh_from_db()
    assert framework.is_public
    concept = make_programme(hidden, title="Concept")
    assert not present(concept.framework).is_public


def test_budget_shares_include_the_indirect_costs(fund: Fund) -> None:
    participant = make_programme(fund).participants.get(organization__acronym="IOM")
    assert participant.budget_usd == D("600000.00")
    assert participant.indirect_usd == D("39252.34")  # 600 000 * 0.07 / 1.07
    assert participant.direct_usd + participant.indirect_usd == participant.budget_usd
