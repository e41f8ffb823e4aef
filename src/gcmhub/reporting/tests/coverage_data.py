"""Known data for the coverage and open data tests: public things to count, and unpublished things, each
with a secret word in its text, that must never be counted or exported."""

from dataclasses import dataclass, field
from typing import Any

from gcmhub.directory.models import Expert
from gcmhub.fund import actions as fund_actions
from gcmhub.fund.tests.conftest import advance, deposit, make_programme
from gcmhub.knowledge.models import Status
from gcmhub.knowledge.tests.factories import make_plan, make_resource
from gcmhub.reference.models import Objective
from gcmhub.reporting import actions
from gcmhub.reporting.tests.conftest import build_call, questions

# Words that appear only in unpublished records.
SECRETS = (
    "zzdraftpractice",
    "zzarchived",
    "zzsubmitted",
    "zzdraftplan",
    "zzconceptnote",
    "zzwithdrawn",
    "zzprivateanswer",
    "zzdraftanswer",
    "zzhiddenexpert",
    "zzdraftfund",
)


@dataclass
class World:
    programme: Any = None
    public_response: Any = None
    private_response: Any = None
    draft_response: Any = None
    practices: list[Any] = field(default_factory=list)


def _answer(call: Any, actor: Any, text: str) -> Any:
    organization = actor.memberships.get().organization
    return actions.save_answers(
        actor=actor,
        call_id=call.pk,
        organization_id=organization.pk,
        answers={questions(call)["text"]: {"text": text}},
    )


def build_world(secretariat: Any, member_state: Any, focal_point: Any, stakeholder: Any) -> World:
    world = World()
    # A published fund: one funded programme (objective 7 primary, 23 secondary, Mexico, 100 000 USD
    # allocated), and a concept note and a withdrawn programme on the same objectives — neither is public.
    fund = fund_actions.create_fund(
        actor=None, code="MPTF", name="Migration MPTF", administrative_agent="MPTFO", is_published=True
    )
    donor = fund_actions.create_contributor(actor=None, name="Government of Testland", kind="government")
    deposit(fund, donor, "500000", "2024-01-02")
    world.programme = advance(make_programme(fund, title="Safe pathways for all"), "funded")
    make_programme(fund, title="zzconceptnote programme")
    withdrawn = make_programme(fund, title="zzwithdrawn programme")
    fund_actions.change_status(actor=None, code=withdrawn.code, status="withdrawn")
    # An unpublished fund's programme, however far along, is not public either.
    hidden_fund = fund_actions.create_fund(
        actor=None, code="HIDDEN", name="Unpublished fund", administrative_agent="MPTFO", is_published=False
    )
    deposit(hidden_fund, donor, "500000", "2024-01-02")
    advance(make_programme(hidden_fund, title="zzdraftfund programme"), "funded")

    # Three published practices on objective 4 (France), and unpublished ones.
    world.practices = [
        make_resource(f"Published practice {i}", objectives=(4,), countries=("FRA",)) for i in range(3)
    ]
    make_resource("zzdraftpractice", status=Status.DRAFT, objectives=(4,), countries=("FRA",))
    make_resource("zzarchived practice", status=Status.ARCHIVED, objectives=(4,), countries=("FRA",))
    make_resource("zzsubmitted practice", status=Status.SUBMITTED, objectives=(4,), countries=("FRA",))
    # Mexico's published national plan on objective 7; a draft plan of Chile.
    make_plan("MEX", "adopted", objectives=(7,))
    make_plan("CHL", "adopted", status=Status.DRAFT, objectives=(7,), summary="zzdraftplan")

    # One expert listed publicly on objective 7; one hidden, one without consent.
    seven = Objective.objects.get(number=7)
    for name, consent, visibility in (
        ("Ana Public", True, Expert.Visibility.PUBLIC),
        ("zzhiddenexpert", True, Expert.Visibility.HIDDEN),
        ("zzhiddenexpert two", False, Expert.Visibility.PUBLIC),
    ):
        Expert.objects.create(name=name, consent=consent, visibility=visibility).objectives.add(seven)

    # A call asking about objective 15: one public response, one submitted but private, one draft.
    call = build_call(secretariat)
    world.public_response = _answer(call, member_state, "Clinics serve everyone zzpublicanswer.")
    actions.submit_response(actor=member_state, response_id=world.public_response.pk)
    actions.set_response_public(actor=secretariat, response_id=world.public_response.pk, public=True)
    world.private_response = _answer(call, focal_point, "zzprivateanswer")
    actions.submit_response(actor=focal_point, response_id=world.private_response.pk)
    world.draft_response = _answer(call, stakeholder, "zzdraftanswer")
    return world
