"""Pledges: submission, moderation by the secretariat, progress history, and who may read them."""

import datetime
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from gcmhub.core.exceptions import DomainError, NotFound, PermissionDenied, ValidationFailed
from gcmhub.reporting import queries
from gcmhub.reporting.actions import pledges as actions
from gcmhub.reporting.models_pledges import Pledge, PledgeProgress, PledgerType, PledgeStatus
from gcmhub.reporting.queries_pledges import access_pledge, pledge_dashboard, visible_pledges
from gcmhub.reporting.tests.pledge_data import MEXICO_PLEDGE, published, submitted

pytestmark = pytest.mark.django_db


def snapshot() -> tuple[int, ...]:
    return (Pledge.objects.count(), PledgeProgress.objects.count(), LogEntry.objects.count())


def refused(call: Callable[[], Any], error: type[DomainError], code: str | None = None) -> None:
    """`call` fails with `error` (and `code`) and changes nothing, audit included."""
    before = snapshot()
    with pytest.raises(error) as caught:
        call()
    if code is not None:
        assert caught.value.code == code, caught.value.message
    assert snapshot() == before


def test_a_submitted_pledge_gets_a_stable_public_id_and_its_details(member_state: Any) -> None:
    pledge = submitted(member_state)
    assert pledge.public_id == f"PLG-{pledge.pk:05d}"
    assert pledge.status == PledgeStatus.SUBMITTED
    assert pledge.pledger_type == PledgerType.MEMBER_STATE
    assert pledge.organization.acronym == "GOV-MEX"
    assert sorted(o.number for o in pledge.objectives.all()) == [5, 6]
    assert [p.slug for p in pledge.principles.all()] == ["human-rights"]
    assert sorted(c.iso3 for c in pledge.countries.all()) == ["GTM", "MEX"]
    assert [o.acronym for o in pledge.co_pledgers.all()] == ["IOM"]
    assert pledge.is_partnership
    assert LogEntry.objects.get_for_object(pledge).exists()


def test_stakeholders_and_network_members_pledge_as_their_type(stakeholder: Any, focal_point: Any) -> None:
    by_cso = submitted(stakeholder, organization="TEST-CSO", co_pledgers=[])
    by_iom = submitted(focal_point, organization="IOM", co_pledgers=[])
    assert by_cso.pledger_type == PledgerType.STAKEHOLDER
    assert not by_cso.is_partnership
    assert by_iom.pledger_type == PledgerType.UN_ENTITY


def test_it_rejects_outsider(outsider: Any) -> None:
    refused(lambda: submitted(outsider), PermissionDenied, "not_a_pledger")


def test_it_refuses_a_pledge_for_another_organization(stakeholder: Any) -> None:
    refused(lambda: submitted(stakeholder), PermissionDenied, "not_a_pledger")


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"title": " "}, "required"),
        ({"description": ""}, "required"),
        ({"objectives": []}, "bad_objectives"),
        ({"objectives": [24]}, "bad_objectives"),
        ({"objectives": "5"}, "not_a_list"),
        ({"principles": ["no-such-principle"]}, "bad_principles"),
        ({"countries": ["XXX"]}, "bad_countries"),
        ({"co_pledgers": ["NO-SUCH-ORG"]}, "unknown_organization"),
        ({"title": "x" * 251}, "too_long"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    member_state: Any, changes: dict[str, Any], code: str
) -> None:
    refused(lambda: submitted(member_state, **changes), ValidationFailed, code)


def test_only_the_secretariat_moderates(member_state: Any, focal_point: Any, outsider: Any) -> None:
    pledge = submitted(member_state)
    for user in (member_state, focal_point):
        refused(
            partial(actions.moderate_pledge, actor=user, public_id=pledge.public_id, decision="publish"),
            PermissionDenied,
        )
    # An outsider does not even learn that the pledge exists.
    refused(
        lambda: actions.moderate_pledge(actor=outsider, public_id=pledge.public_id, decision="publish"),
        NotFound,
    )


def test_publishing_makes_it_public(member_state: Any, secretariat: Any) -> None:
    pledge = submitted(member_state)
    assert not visible_pledges(AnonymousUser()).filter(pk=pledge.pk).exists()
    actions.moderate_pledge(actor=secretariat, public_id=pledge.public_id, decision="publish")
    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.PUBLISHED
    assert pledge.published_at is not None
    assert access_pledge(AnonymousUser(), pledge.public_id) == pledge


def test_return_and_reject_need_a_reason(member_state: Any, secretariat: Any) -> None:
    pledge = submitted(member_state)
    for decision in ("return", "reject"):
        refused(
            partial(
                actions.moderate_pledge,
                actor=secretariat,
                public_id=pledge.public_id,
                decision=decision,
                reason=" ",
            ),
            ValidationFailed,
            "required",
        )
    refused(
        lambda: actions.moderate_pledge(actor=secretariat, public_id=pledge.public_id, decision="archive"),
        ValidationFailed,
        "bad_decision",
    )


def test_a_returned_pledge_is_changed_and_moderated_again(member_state: Any, secretariat: Any) -> None:
    pledge = submitted(member_state)
    actions.moderate_pledge(
        actor=secretariat, public_id=pledge.public_id, decision="return", reason="Name the countries."
    )
    pledge.refresh_from_db()
    assert (pledge.status, pledge.moderation_reason) == (PledgeStatus.RETURNED, "Name the countries.")
    changed = actions.resubmit_pledge(
        actor=member_state, public_id=pledge.public_id, data={**MEXICO_PLEDGE, "countries": ["MEX", "HND"]}
    )
    assert changed.public_id == pledge.public_id
    assert changed.status == PledgeStatus.SUBMITTED
    assert sorted(c.iso3 for c in changed.countries.all()) == ["HND", "MEX"]


def test_only_a_returned_pledge_can_be_changed(member_state: Any, outsider: Any, secretariat: Any) -> None:
    pledge = submitted(member_state)
    refused(
        lambda: actions.resubmit_pledge(actor=member_state, public_id=pledge.public_id, data=MEXICO_PLEDGE),
        PermissionDenied,
        "not_returned",
    )
    actions.moderate_pledge(actor=secretariat, public_id=pledge.public_id, decision="return", reason="More.")
    refused(
        lambda: actions.resubmit_pledge(actor=outsider, public_id=pledge.public_id, data=MEXICO_PLEDGE),
        NotFound,
    )


def test_a_rejected_pledge_stays_private_to_its_organization(
    member_state: Any, secretariat: Any, stakeholder: Any
) -> None:
    pledge = submitted(member_state)
    actions.moderate_pledge(
        actor=secretariat, public_id=pledge.public_id, decision="reject", reason="Off topic."
    )
    assert access_pledge(member_state, pledge.public_id).moderation_reason == "Off topic."
    with pytest.raises(NotFound):
        access_pledge(stakeholder, pledge.public_id)
    refused(
        lambda: actions.moderate_pledge(actor=secretariat, public_id=pledge.public_id, decision="publish"),
        ValidationFailed,
        "not_submitted",
    )


def test_progress_updates_are_dated_and_kept(member_state: Any, secretariat: Any) -> None:
    pledge = published(member_state, secretariat)
    today = timezone.localdate()
    actions.add_progress(actor=member_state, public_id=pledge.public_id, data={"text": "Visa opened."})
    actions.add_progress(
        actor=member_state,
        public_id=pledge.public_id,
        data={"text": "First 500 visas.", "reported_on": today},
    )
    history = list(pledge.progress.all())
    assert [p.text for p in history] == ["First 500 visas.", "Visa opened."]
    assert all(p.reported_on == today and p.author_id == member_state.pk for p in history)


def test_progress_is_refused_to_others_and_before_publication(
    member_state: Any, secretariat: Any, stakeholder: Any, outsider: Any
) -> None:
    pledge = submitted(member_state)
    add = actions.add_progress
    refused(lambda: add(actor=member_state, public_id=pledge.public_id, data={"text": "x"}), PermissionDenied)
    actions.moderate_pledge(actor=secretariat, public_id=pledge.public_id, decision="publish")
    for user in (stakeholder, outsider, secretariat):
        refused(
            partial(add, actor=user, public_id=pledge.public_id, data={"text": "x"}),
            PermissionDenied,
        )
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    refused(
        lambda: add(
            actor=member_state, public_id=pledge.public_id, data={"text": "x", "reported_on": tomorrow}
        ),
        ValidationFailed,
        "future_date",
    )
    refused(
        lambda: add(
            actor=member_state, public_id=pledge.public_id, data={"text": "x", "reported_on": "soon"}
        ),
        ValidationFailed,
        "bad_date",
    )


def test_published_pledges_for_country(member_state: Any, secretariat: Any) -> None:
    shown = published(member_state, secretariat)
    submitted(member_state, title="Still in moderation")
    published(member_state, secretariat, countries=["HND"])
    assert list(queries.published_pledges_for_country("gtm")) == [shown]
    assert list(queries.published_pledges_for_country("FRA")) == []


def test_dashboard_counts_published_pledges(member_state: Any, secretariat: Any, stakeholder: Any) -> None:
    published(member_state, secretariat)
    published(member_state, secretariat, objectives=[5], countries=[])
    submitted(stakeholder, organization="TEST-CSO", co_pledgers=[])
    dashboard = pledge_dashboard()
    assert dashboard.total == 2
    by_objective = {bar.key: bar.count for bar in dashboard.by_objective}
    assert (by_objective["5"], by_objective["6"], by_objective["1"]) == (2, 1, 0)
    assert {bar.key: bar.percent for bar in dashboard.by_objective}["6"] == 50
    by_region = {bar.key: bar.count for bar in dashboard.by_region}
    assert by_region["019"] == 1  # the Americas: Mexico and Guatemala count once
    assert by_region[""] == 1
    assert {bar.key: bar.count for bar in dashboard.by_type} == {
        "member_state": 2,
        "un_entity": 0,
        "stakeholder": 0,
    }


def test_the_pledging_organization_hears_of_the_decision(
    member_state: Any, secretariat: Any, django_capture_on_commit_callbacks: Any, mailoutbox: Any
) -> None:
    member_state.email = "mexico@example.org"
    member_state.save()
    pledge = submitted(member_state)
    with django_capture_on_commit_callbacks(execute=True):
        actions.moderate_pledge(
            actor=secretariat, public_id=pledge.public_id, decision="return", reason="Name the countries."
        )
    assert [m.to for m in mailoutbox] == [["mexico@example.org"]]
    assert pledge.public_id in mailoutbox[0].subject
    assert "Name the countries." in mailoutbox[0].body
    assert pledge.get_absolute_url() in mailoutbox[0].body
