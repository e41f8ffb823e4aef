"""Calls for inputs API at /api/v1/reporting: published calls and public responses for everyone; drafts to
their organization; preparing calls, reopening and publishing to the secretariat."""

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from gcmhub.accounts.auth import api_auth, caller, optional_auth
from gcmhub.core.pagination import Paginator
from gcmhub.core.params import DbInt
from gcmhub.core.schemas import PROBLEMS_READ, PROBLEMS_WRITE
from gcmhub.reference.queries import organization as organization_by_acronym
from gcmhub.reporting import actions, queries
from gcmhub.reporting.api_consultations import router as consultations_router
from gcmhub.reporting.api_open import router as open_router
from gcmhub.reporting.api_pledges import router as pledges_router
from gcmhub.reporting.schemas import (
    AnswersIn,
    CallDetailOut,
    CallIn,
    CallOut,
    DashboardOut,
    GroupRateOut,
    QuestionIn,
    QuestionOut,
    RateOut,
    ReasonIn,
    ResponseOut,
    ReviewOut,
    SectionIn,
    SectionOut,
    VisibilityIn,
)

router = Router(tags=["reporting"])


def _detail(call: Any) -> CallDetailOut:
    sections = [SectionOut.of(s, qs) for s, qs in queries.questionnaire(call)]
    return CallDetailOut(**CallOut.of(call).dict(), sections=sections)


@router.get("/calls", response=list[CallOut], auth=optional_auth, summary="Calls for inputs")
@paginate(Paginator)
def list_calls(request: HttpRequest) -> list[CallOut]:
    return [CallOut.of(c) for c in queries.visible_calls(caller(request))]


@router.get(
    "/calls/{int:call_id}",
    response={200: CallDetailOut, **PROBLEMS_READ},
    auth=optional_auth,
    summary="A call and its questionnaire",
)
def get_call(request: HttpRequest, call_id: DbInt) -> CallDetailOut:
    return _detail(queries.access_call(caller(request), call_id))


@router.post(
    "/calls",
    response={201: CallDetailOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Create a call (secretariat); it stays unpublished until published",
)
def create_call(request: HttpRequest, payload: CallIn) -> Status[CallDetailOut]:
    call = actions.create_call(actor=caller(request), data=payload.dict(exclude_unset=True))
    return Status(201, _detail(call))


@router.patch(
    "/calls/{int:call_id}",
    response={200: CallDetailOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Change a call (secretariat)",
)
def update_call(request: HttpRequest, call_id: DbInt, payload: CallIn) -> CallDetailOut:
    data = payload.dict(exclude_unset=True)
    return _detail(actions.update_call(actor=caller(request), call_id=call_id, data=data))


@router.post(
    "/calls/{int:call_id}/sections",
    response={201: SectionOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Add a section to an unpublished call (secretariat)",
)
def add_section(request: HttpRequest, call_id: DbInt, payload: SectionIn) -> Status[SectionOut]:
    section = actions.add_section(actor=caller(request), call_id=call_id, **payload.dict())
    return Status(201, SectionOut.of(section, []))


@router.post(
    "/calls/{int:call_id}/questions",
    response={201: QuestionOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Add a question to a section of an unpublished call (secretariat)",
)
def add_question(request: HttpRequest, call_id: DbInt, payload: QuestionIn) -> Status[QuestionOut]:
    data = payload.dict()
    section_id = data.pop("section")
    question = actions.add_question(actor=caller(request), call_id=call_id, section_id=section_id, data=data)
    return Status(201, QuestionOut.of(question))


@router.post(
    "/calls/{int:call_id}/publish",
    response={200: CallDetailOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Publish a call (secretariat); its questionnaire is then fixed",
)
def publish_call(request: HttpRequest, call_id: DbInt) -> CallDetailOut:
    return _detail(actions.publish_call(actor=caller(request), call_id=call_id))


@router.get(
    "/calls/{int:call_id}/dashboard",
    response={200: DashboardOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Response rates by audience, region and objective (secretariat, Executive Committee)",
)
def dashboard(request: HttpRequest, call_id: DbInt) -> DashboardOut:
    board = queries.access_dashboard(caller(request), call_id)
    return DashboardOut(
        audiences=[
            RateOut(
                audience=r.audience,
                expected=r.expected,
                submitted=r.submitted,
                late=r.late,
                drafts=r.drafts,
                missing=[o.acronym for o in r.missing],
            )
            for r in board.audiences
        ],
        regions=[
            GroupRateOut(label=r.label, expected=r.expected, submitted=r.submitted) for r in board.regions
        ],
        objectives=[
            GroupRateOut(label=r.label, expected=r.expected, submitted=r.submitted) for r in board.objectives
        ],
    )


@router.put(
    "/calls/{int:call_id}/responses/{acronym}",
    response={200: ResponseOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Save the draft response of an organization you answer for (created on first save)",
)
def save_response(request: HttpRequest, call_id: DbInt, acronym: str, payload: AnswersIn) -> ResponseOut:
    organization = organization_by_acronym(acronym)
    answers = {a.question: a.dict(exclude={"question"}, exclude_unset=True) for a in payload.answers}
    response = actions.save_answers(
        actor=caller(request),
        call_id=call_id,
        organization_id=organization.pk,
        answers=answers,
        language=payload.language,
    )
    return ResponseOut.of(response)


@router.get("/responses", response=list[ResponseOut], auth=optional_auth, summary="Responses you may read")
@paginate(Paginator)
def list_responses(request: HttpRequest, call: DbInt | None = None) -> list[ResponseOut]:
    responses = queries.visible_responses(caller(request)).prefetch_related("answers")
    if call is not None:
        responses = responses.filter(call_id=call)
    return [ResponseOut.of(r) for r in responses.order_by("pk")]


@router.get(
    "/responses/{int:response_id}",
    response={200: ResponseOut, **PROBLEMS_READ},
    auth=optional_auth,
    summary="One response (drafts only to their organization, the secretariat and the Executive Committee)",
)
def get_response(request: HttpRequest, response_id: DbInt) -> ResponseOut:
    return ResponseOut.of(queries.access_response(caller(request), response_id))


@router.post(
    "/responses/{int:response_id}/submit",
    response={200: ResponseOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Submit a response (after the closing date it is accepted and flagged late)",
)
def submit_response(request: HttpRequest, response_id: DbInt) -> ResponseOut:
    return ResponseOut.of(actions.submit_response(actor=caller(request), response_id=response_id))


@router.post(
    "/responses/{int:response_id}/reopen",
    response={200: ResponseOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Reopen a submitted response for changes (secretariat)",
)
def reopen_response(request: HttpRequest, response_id: DbInt, payload: ReasonIn) -> ResponseOut:
    response = actions.reopen_response(actor=caller(request), response_id=response_id, reason=payload.reason)
    return ResponseOut.of(response)


@router.post(
    "/responses/{int:response_id}/visibility",
    response={200: ResponseOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Make a submitted response public or private (secretariat)",
)
def set_visibility(request: HttpRequest, response_id: DbInt, payload: VisibilityIn) -> ResponseOut:
    response = actions.set_response_public(
        actor=caller(request), response_id=response_id, public=payload.public
    )
    return ResponseOut.of(response)


@router.post(
    "/responses/{int:response_id}/review",
    response={201: ReviewOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Offer a Member State's response to the knowledge platform as its voluntary GCM review",
)
def publish_as_review(request: HttpRequest, response_id: DbInt) -> Status[ReviewOut]:
    resource = actions.publish_as_review(actor=caller(request), response_id=response_id)
    return Status(
        201, ReviewOut(resource=resource.pk, status=resource.status, url=resource.get_absolute_url())
    )


# The public coverage and open data reads live in their own module.
router.add_router("", open_router)

# Consultations on draft texts have their own module.
router.add_router("/consultations", consultations_router)

# IMRF pledges have their own module.
router.add_router("/pledges", pledges_router)
