"""The representative public pages that the page-weight test and the phone-width browser test walk: each main
page of the site, with enough data behind it (a fund with a programme, a published practice, an activity with
a history) that its tables and lists are not empty."""

import datetime
from decimal import Decimal

from django.contrib.auth.base_user import AbstractBaseUser
from django.urls import reverse
from django.utils import translation

from gcmhub.fund import actions as fund_actions
from gcmhub.fund.tests.conftest import advance, make_programme
from gcmhub.knowledge.tests.factories import make_resource
from gcmhub.workplan import actions as workplan_actions
from gcmhub.workplan.models import Activity

FUND_CODE = "MPTF"


def _fund_with_a_programme() -> None:
    fund = fund_actions.create_fund(
        actor=None, code=FUND_CODE, name="Migration MPTF", administrative_agent="MPTFO", is_published=True
    )
    contributor = fund_actions.create_contributor(
        actor=None, name="Government of Testland", kind="government"
    )
    fund_actions.record_deposit(
        actor=None,
        code=FUND_CODE,
        contributor_id=contributor.pk,
        received_on=datetime.date(2024, 1, 10),
        currency="USD",
        amount=Decimal("1234567.50"),
        rate_to_usd=Decimal("1"),
    )
    advance(make_programme(fund), "active")


def _activity_with_history(actor: AbstractBaseUser) -> Activity:
    activity = Activity.objects.filter(result__section__version__is_current=True).order_by("pk").first()
    assert activity is not None
    workplan_actions.update_activity(actor=actor, activity_id=activity.pk, status="in_progress")
    workplan_actions.add_progress_update(
        actor=actor,
        activity_id=activity.pk,
        text="Regional consultations held in Bangkok, Nairobi and Panama City with 120 participants.",
        status="in_progress",
    )
    return activity


def representative_pages(secretariat: AbstractBaseUser, language: str = "en") -> list[str]:
    """Seed the data behind the pages and return their addresses in `language` (/ar/… for Arabic)."""
    _fund_with_a_programme()
    practice = make_resource("Community-based alternatives to detention")
    activity = _activity_with_history(secretariat)
    pages: list[tuple[str, list[object]]] = [
        ("workplan:home", []),
        ("workplan:overview", []),
        ("workplan:timeline", []),
        ("workplan:coverage", []),
        ("workplan:activity", [activity.pk]),
        ("workplan:activity_history", [activity.pk]),
        ("workplan:result", [activity.result_id]),
        ("fund:index", []),
        ("fund:dashboard", [FUND_CODE]),
        ("fund:statement", [FUND_CODE]),
        ("results:index", []),
        ("knowledge:index", []),
        ("knowledge:resource", [practice.pk]),
        ("directory:index", []),
        ("reporting:calls", []),
        ("reporting:coverage", []),
        ("search:index", []),
        ("api_reference", []),
    ]
    with translation.override(language):
        return [reverse(name, args=args) for name, args in pages]
