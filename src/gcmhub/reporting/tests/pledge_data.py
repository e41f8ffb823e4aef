"""Pledges for the tests: one submitted by Mexico's focal point, and helpers to publish it."""

from typing import Any

from gcmhub.reporting.actions import pledges as actions
from gcmhub.reporting.models_pledges import Pledge

MEXICO_PLEDGE: dict[str, Any] = {
    "organization": "GOV-MEX",
    "title": "Regular pathways for seasonal workers",
    "description": "We will open a seasonal work visa with portable health cover.",
    "language": "en",
    "objectives": [5, 6],
    "principles": ["human-rights"],
    "countries": ["MEX", "GTM"],
    "co_pledgers": ["IOM"],
}


def submitted(member_state: Any, **changes: Any) -> Pledge:
    return actions.submit_pledge(actor=member_state, data={**MEXICO_PLEDGE, **changes})


def published(member_state: Any, secretariat: Any, **changes: Any) -> Pledge:
    pledge = submitted(member_state, **changes)
    return actions.moderate_pledge(actor=secretariat, public_id=pledge.public_id, decision="publish")
