"""Two people racing for the last seat: real parallel HTTP requests against a live server on PostgreSQL.
Exactly one gets the seat and the other lands on the waiting list, because registration locks the event row
before counting the seats."""

import json
import threading
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from conftest import make_user
from django.conf import settings
from django.core.management import call_command

from gcmhub.accounts.actions import create_api_token
from gcmhub.events.models import Registration, RegistrationStatus
from gcmhub.events.tests.helpers import published_event
from gcmhub.reference.models import Organization

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _shared_data(django_db_setup: None, django_db_blocker: Any) -> Any:
    """Transactional tests empty every table when they end; put back what the session loaded."""
    with django_db_blocker.unblock():
        if not Organization.objects.exists():
            call_command("load_reference", verbosity=0)
            call_command("import_workplan", str(settings.GCMHUB_WORKPLAN_FILE), verbosity=0)
    yield
    with django_db_blocker.unblock():
        if not Organization.objects.exists():
            call_command("load_reference", verbosity=0)
            call_command("import_workplan", str(settings.GCMHUB_WORKPLAN_FILE), verbosity=0)


def register_all(url: str, tokens: list[str]) -> list[str]:
    """POST a registration for every token at the same moment (a barrier releases the threads together)."""
    barrier = threading.Barrier(len(tokens))

    def send(token: str) -> str:
        request = urllib.request.Request(
            url,
            data=b"{}",
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        )
        barrier.wait()
        with urllib.request.urlopen(request, timeout=60) as response:
            return str(json.loads(response.read())["status"])

    with ThreadPoolExecutor(max_workers=len(tokens)) as pool:
        return sorted(pool.map(send, tokens))


def test_two_people_cannot_both_take_the_last_seat(live_server: Any, secretariat: Any) -> None:
    event = published_event(secretariat, capacity=2)
    seated = make_user("seated")
    Registration.objects.create(event=event, user=seated, status=RegistrationStatus.CONFIRMED)
    tokens = [create_api_token(actor=make_user(name), name="race")[1] for name in ("ana", "ben")]
    statuses = register_all(f"{live_server.url}/api/v1/events/{event.pk}/registration", tokens)
    assert statuses == ["confirmed", "waitlisted"]
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 2
