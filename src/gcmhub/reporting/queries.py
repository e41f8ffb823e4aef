"""Reads of calls for inputs and responses; `access_*` are the permission-checked fetches.

Who may see what:
- a published call is public; a call not yet published is seen by the secretariat only;
- a response is seen by its organization's members, the secretariat and the Executive Committee; everyone
  else sees it only once it is submitted and the secretariat made it public (drafts never leave the
  organization).
"""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from gcmhub.accounts.models import Membership, Role
from gcmhub.accounts.queries import AnyUser, has_role, is_secretariat
from gcmhub.core.exceptions import NotFound, PermissionDenied
from gcmhub.reference.models import Objective, Organization
from gcmhub.reporting.models import Answer, Audience, Call, Question, Response, ResponseStatus, Section

# The role a person holds to answer for an audience, and which organizations belong to it.
AUDIENCE_ROLES: dict[str, str] = {
    Audience.MEMBER_STATES: Role.MEMBER_STATE,
    Audience.NETWORK_MEMBERS: Role.FOCAL_POINT,
    Audience.STAKEHOLDERS: Role.STAKEHOLDER,
}
# Stakeholders are the organizations that are neither a government nor a UN entity.
NOT_STAKEHOLDER_KINDS = (Organization.Kind.GOVERNMENT, Organization.Kind.UN_ENTITY)


def audience_organizations(audience: str) -> "QuerySet[Organization]":
    """Every organization that may answer for `audience` (who is expected is `expected_organizations`)."""
    organizations = Organization.objects.select_related("country")
    if audience == Audience.MEMBER_STATES:
        return organizations.filter(kind=Organization.Kind.GOVERNMENT)
    if audience == Audience.NETWORK_MEMBERS:
        return organizations.filter(is_network_member=True)
    if audience == Audience.STAKEHOLDERS:
        return organizations.exclude(kind__in=NOT_STAKEHOLDER_KINDS)
    return organizations.none()


def expected_organizations(call: Call, audience: str) -> "QuerySet[Organization]":
    """The organizations a call waits for: the governments of UN Member States (of the call's region, for
    a regional review), the Network's member organizations, and the stakeholders who registered on the
    platform or started a response."""
    organizations = audience_organizations(audience)
    if audience == Audience.MEMBER_STATES:
        organizations = organizations.filter(country__is_un_member_state=True)
        if call.region_id is not None:
            area = call.region_id
            organizations = organizations.filter(
                Q(country__region_id=area)
                | Q(country__sub_region_id=area)
                | Q(country__intermediate_region_id=area)
            )
    elif audience == Audience.STAKEHOLDERS:
        registered = Membership.objects.filter(role=Role.STAKEHOLDER).values("organization_id")
        answered = Response.objects.filter(call=call, audience=audience).values("organization_id")
        organizations = organizations.filter(Q(pk__in=registered) | Q(pk__in=answered))
    return organizations.order_by("acronym")


def reads_everything(user: AnyUser) -> bool:
    """The secretariat and Executive Committee members read drafts too (DESIGN.md §1)."""
    return is_secretariat(user) or has_role(user, Role.EXECUTIVE_COMMITTEE)


def visible_calls(user: AnyUser) -> "QuerySet[Call]":
    calls = Call.objects.select_related("region")
    if is_secretariat(user):
        return calls
    return calls.filter(published_at__isnull=False)


def access_call(user: AnyUser, call_id: int) -> Call:
    """The call if `user` may see it; NotFound otherwise, so a call in preparation is not revealed."""
    call = visible_calls(user).filter(pk=call_id).first()
    if call is None:
        raise NotFound(_("There is no such call for inputs."))
    return call


def require_call_editor(user: AnyUser) -> None:
    if not is_secretariat(user):
        raise PermissionDenied(_("Only the secretariat may prepare calls for inputs."))


def access_call_for_edit(user: AnyUser, call_id: int) -> Call:
    call = access_call(user, call_id)
    require_call_editor(user)
    return call


def answering_organizations(user: AnyUser, call: Call) -> list[tuple[Organization, str]]:
    """The organizations `user` may answer `call` for, each with the audience it answers as: a member of
    the organization in the audience's role, the organization being of that audience."""
    if not user.is_authenticated or not call.is_published:
        return []
    found: dict[int, tuple[Organization, str]] = {}
    for audience in call.audiences:
        role = AUDIENCE_ROLES.get(audience)
        if role is None:
            continue
        mine = Membership.objects.filter(user_id=user.pk, role=role).values("organization_id")
        for organization in audience_organizations(audience).filter(pk__in=mine):
            found.setdefault(organization.pk, (organization, audience))
    return sorted(found.values(), key=lambda pair: pair[0].acronym)


def is_author(user: AnyUser, response: Response) -> bool:
    """`user` may write `response`: a member of its organization in the role of its audience."""
    if not user.is_authenticated:
        return False
    return Membership.objects.filter(
        user_id=user.pk, organization_id=response.organization_id, role=AUDIENCE_ROLES.get(response.audience)
    ).exists()


def visible_responses(user: AnyUser) -> "QuerySet[Response]":
    """Every response `user` may read (see the module's docstring)."""
    responses = Response.objects.select_related("call", "organization", "organization__country")
    if reads_everything(user):
        return responses
    public = Q(status=ResponseStatus.SUBMITTED, is_public=True, call__published_at__isnull=False)
    if user.is_authenticated:
        own = Membership.objects.filter(user_id=user.pk).values("organization_id")
        public |= Q(organization_id__in=own)
    return responses.filter(public)


def public_responses() -> "QuerySet[Response]":
    """Responses everyone may read: submitted, and made public by the secretariat."""
    return Response.objects.filter(
        status=ResponseStatus.SUBMITTED, is_public=True, call__published_at__isnull=False
    ).select_related("call", "organization", "organization__country")


def access_response(user: AnyUser, response_id: int) -> Response:
    """The response if `user` may read it; NotFound otherwise, so a draft's existence is not revealed."""
    response = visible_responses(user).filter(pk=response_id).first()
    if response is None:
        raise NotFound(_("There is no such response."))
    return response


def access_response_for_edit(user: AnyUser, response_id: int) -> Response:
    """The response if `user` is one of its authors and it is still a draft."""
    response = access_response(user, response_id)
    if not is_author(user, response):
        raise PermissionDenied(_("Only members of the answering organization may write its response."))
    if response.is_submitted:
        raise PermissionDenied(
            _("This response was submitted; ask the secretariat to reopen it to change it."),
            code="submitted",
        )
    return response


def access_answer_file(user: AnyUser, answer_id: int) -> Answer:
    """A file attached to an answer of a response `user` may read."""
    answer = Answer.objects.select_related("response").filter(pk=answer_id).exclude(file="").first()
    if answer is None or not visible_responses(user).filter(pk=answer.response_id).exists():
        raise NotFound(_("There is no such file."))
    return answer


def response_of(call: Call, organization: Organization) -> Response | None:
    return Response.objects.filter(call=call, organization=organization).first()


def answers_by_question(response: Response | None) -> dict[int, Answer]:
    if response is None:
        return {}
    return {answer.question_id: answer for answer in response.answers.all()}


def questionnaire(call: Call) -> list[tuple[Section, list[Question]]]:
    """The call's sections, each with its questions, in order (two queries)."""
    sections = list(call.sections.all())
    questions: dict[int, list[Question]] = {section.pk: [] for section in sections}
    for question in Question.objects.filter(section__call=call).select_related(
        "objective", "principle", "thematic_area"
    ):
        questions[question.section_id].append(question)
    return [(section, questions[section.pk]) for section in sections]


@dataclass
class AudienceRate:
    """How many of an audience's expected organizations submitted, and who has not."""

    audience: str
    label: str
    expected: int
    submitted: int
    late: int
    drafts: int
    missing: list[Organization] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.submitted / self.expected if self.expected else 0.0


@dataclass
class GroupRate:
    """Submitted against expected for one region or one GCM objective."""

    label: str
    expected: int
    submitted: int

    @property
    def rate(self) -> float:
        return self.submitted / self.expected if self.expected else 0.0


@dataclass
class Dashboard:
    call: Call
    audiences: list[AudienceRate]
    regions: list[GroupRate]
    objectives: list[GroupRate]


def access_dashboard(user: AnyUser, call_id: int) -> Dashboard:
    """Response rates by audience, region and objective (the secretariat and the Executive Committee)."""
    call = access_call(user, call_id)
    if not reads_everything(user):
        raise PermissionDenied(_("Only the secretariat and the Executive Committee see response rates."))
    return response_rates(call)


def response_rates(call: Call) -> Dashboard:
    responses = {r.organization_id: r for r in Response.objects.filter(call=call)}
    submitted = {pk for pk, r in responses.items() if r.is_submitted}
    audiences: list[AudienceRate] = []
    by_region: dict[str, list[int]] = {}
    for audience in call.audiences:
        expected = list(expected_organizations(call, audience).select_related("country__region"))
        audiences.append(
            AudienceRate(
                audience=audience,
                label=str(Audience(audience).label),
                expected=len(expected),
                submitted=sum(o.pk in submitted for o in expected),
                late=sum(o.pk in submitted and responses[o.pk].is_late for o in expected),
                drafts=sum(o.pk in responses and o.pk not in submitted for o in expected),
                missing=[o for o in expected if o.pk not in submitted],
            )
        )
        for organization in expected:
            region = organization.country.region if organization.country else None
            key = region.name_display if region else _("No region")
            counts = by_region.setdefault(key, [0, 0])
            counts[0] += 1
            counts[1] += organization.pk in submitted
    regions = [GroupRate(label, counts[0], counts[1]) for label, counts in sorted(by_region.items())]
    return Dashboard(
        call=call, audiences=audiences, regions=regions, objectives=_objective_rates(call, submitted)
    )


def _objective_rates(call: Call, submitted: set[int]) -> list[GroupRate]:
    """For each objective the questionnaire asks about: how many submitted responses answered it."""
    answered: dict[int, set[int]] = {}
    for number, organization_id in Answer.objects.filter(
        response__call=call, question__objective__isnull=False
    ).values_list("question__objective__number", "response__organization_id"):
        if organization_id in submitted:
            answered.setdefault(number, set()).add(organization_id)
    asked = Objective.objects.filter(
        pk__in=Question.objects.filter(section__call=call).values("objective_id")
    ).order_by("number")
    return [
        GroupRate(f"{o.number}. {o.label_display}", len(submitted), len(answered.get(o.number, set())))
        for o in asked
    ]


# The countries app reads a country's pledges by this name (docs/pledges.md).
from gcmhub.reporting.queries_pledges import (  # noqa: E402
    published_pledges_for_country as published_pledges_for_country,
)
