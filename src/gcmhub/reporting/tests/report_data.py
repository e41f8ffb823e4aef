"""Data for the report builder's tests: a published call answered by Mexico (in Spanish) and a civil-society
organization (in Arabic), both made public; a private submitted response and a draft that must never appear;
a published fund with a known contribution and an unpublished one; a published and a draft practice."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gcmhub.fund import actions as fund_actions
from gcmhub.knowledge.models import Status
from gcmhub.knowledge.tests.factories import make_resource
from gcmhub.reporting import actions
from gcmhub.reporting.models import Call
from gcmhub.reporting.tests.conftest import build_call, questions
from gcmhub.workplan.models import Activity

SPANISH_QUOTE = "Las clínicas comunitarias atienden a todas las personas migrantes sin pedir documentos."
ARABIC_QUOTE = "تقدم العيادات المجتمعية الرعاية الصحية لجميع المهاجرين دون طلب وثائق."
PRIVATE_SECRET = "Quixotic private clinics answer"
DRAFT_SECRET = "Zanzibarian draft clinics answer"
CONTRIBUTION = Decimal("1234567.00")
UNPUBLISHED_CONTRIBUTION = Decimal("7654321.00")


@dataclass
class ReportData:
    call: Call


def answer(user: Any, call: Call, text: str, *, language: str, submit: bool = True) -> Any:
    organization = user.memberships.get().organization
    response = actions.save_answers(
        actor=user,
        call_id=call.pk,
        organization_id=organization.pk,
        answers={questions(call)["text"]: {"text": text}},
        language=language,
    )
    if submit:
        response = actions.submit_response(actor=user, response_id=response.pk)
    return response


def make_public(secretariat: Any, response: Any) -> None:
    actions.set_response_public(actor=secretariat, response_id=response.pk, public=True)


def fund_with_contribution(code: str, amount: Decimal, *, published: bool) -> None:
    fund = fund_actions.create_fund(
        actor=None, code=code, name=f"Fund {code}", administrative_agent="MPTFO", is_published=published
    )
    contributor = fund_actions.create_contributor(
        actor=None, name=f"Contributor to {code}", kind="government"
    )
    fund_actions.record_deposit(
        actor=None,
        code=fund.code,
        contributor_id=contributor.pk,
        received_on=datetime.date(2024, 3, 1),
        currency="USD",
        amount=amount,
        rate_to_usd=Decimal("1"),
    )


def build_data(secretariat: Any, member_state: Any, stakeholder: Any, focal_point: Any) -> ReportData:
    call = build_call(secretariat)
    make_public(secretariat, answer(member_state, call, SPANISH_QUOTE, language="es"))
    make_public(secretariat, answer(stakeholder, call, ARABIC_QUOTE, language="ar"))
    answer(focal_point, call, PRIVATE_SECRET, language="en")  # submitted, never made public
    fund_with_contribution("MPTF", CONTRIBUTION, published=True)
    fund_with_contribution("HIDDEN", UNPUBLISHED_CONTRIBUTION, published=False)
    make_resource("A published practice on health care", objectives=(15,), regions=("019",))
    make_resource("A draft practice on health care", objectives=(15,), status=Status.DRAFT)
    activities = list(Activity.objects.order_by("pk").values_list("pk", flat=True)[:3])
    Activity.objects.filter(pk=activities[0]).update(status="completed")
    Activity.objects.filter(pk__in=activities[1:]).update(status="delayed")
    return ReportData(call)


def add_draft(other: Any, call: Call) -> None:
    answer(other, call, DRAFT_SECRET, language="en", submit=False)
