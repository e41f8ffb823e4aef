"""The detail page offers the review steps the actions allow for the resource's status, and no other."""

from typing import Any

import pytest
from django.test import Client

from gcmhub.knowledge.actions import next_steps, publish_resource
from gcmhub.knowledge.models import Status
from gcmhub.knowledge.tests.factories import make_resource

# The button each step shows the secretariat on the detail page.
BUTTONS = {
    "assign": "Assign reviewers",
    "decide": "Record the decision",
    "publish": "Publish",
    "archive": "Archive",
}


@pytest.mark.parametrize(
    ("status", "steps"),
    [
        (Status.DRAFT, {"submit"}),
        (Status.SUBMITTED, {"assign", "decide"}),
        (Status.UNDER_REVIEW, {"assign", "review", "decide", "approve"}),
        (Status.CHANGES_REQUESTED, {"submit"}),
        (Status.APPROVED, {"publish"}),
        (Status.PUBLISHED, {"archive"}),
    ],
)
def test_each_status_allows_its_steps(status: str, steps: set[str], db: None) -> None:
    assert next_steps(make_resource(status=status)) == steps


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED])
def test_the_secretariat_sees_only_the_buttons_of_the_allowed_steps(
    status: str, client: Client, secretariat: Any
) -> None:
    resource = make_resource(status=status, organization="IOM")
    client.force_login(secretariat)
    page = client.get(resource.get_absolute_url()).content.decode()
    allowed = next_steps(resource)
    for step, button in BUTTONS.items():
        assert (f">{button}</button>" in page) == (step in allowed), step


def test_an_action_refuses_a_step_its_status_does_not_allow(secretariat: Any) -> None:
    from gcmhub.core.exceptions import ValidationFailed

    resource = make_resource(status=Status.SUBMITTED, organization="IOM")
    with pytest.raises(ValidationFailed):
        publish_resource(actor=secretariat, resource_id=resource.pk)
    resource.refresh_from_db()
    assert resource.status == Status.SUBMITTED
