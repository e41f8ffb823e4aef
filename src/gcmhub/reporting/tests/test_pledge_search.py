"""A pledge is searchable once published, faceted by objective, country and organization; before that, and
after a rejection, search never finds it."""

from typing import Any

from gcmhub.reporting.actions import pledges as actions
from gcmhub.reporting.tests.pledge_data import submitted
from gcmhub.search.service import request_for, search

WORD = "quetzalcoatlan"
# Each test searches its own word: the search service keeps counts per query between tests.
OTHER_WORD = "chichimecan"


def test_a_pledge_is_found_only_once_published(
    member_state: Any, secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        pledge = submitted(member_state, description=f"Visas for {WORD} seasonal workers.")
    assert search(request_for(WORD)).total == 0
    with django_capture_on_commit_callbacks(execute=True):
        actions.moderate_pledge(actor=secretariat, public_id=pledge.public_id, decision="publish")
    page = search(request_for(WORD, filters={"objective": ["6"], "country": ["GTM"]}))
    assert page.total == 1
    assert page.hits[0].kind == "pledge"
    assert ("IOM", 1) in page.facets["organization"] and ("GOV-MEX", 1) in page.facets["organization"]
    with django_capture_on_commit_callbacks(execute=True):
        actions.add_progress(
            actor=member_state, public_id=pledge.public_id, data={"text": "Corridor tlaxcaltecan open."}
        )
    assert search(request_for("tlaxcaltecan")).total == 1


def test_a_rejected_pledge_is_never_found(
    member_state: Any, secretariat: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        pledge = submitted(member_state, description=f"Visas for {OTHER_WORD} seasonal workers.")
        actions.moderate_pledge(
            actor=secretariat, public_id=pledge.public_id, decision="reject", reason="No."
        )
    assert search(request_for(OTHER_WORD)).total == 0
