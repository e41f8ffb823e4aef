"""API schemas of calls for inputs. Request bodies refuse fields they do not declare."""

import datetime
from decimal import Decimal

from ninja import Field, Schema

from gcmhub.core.params import DbInt
from gcmhub.core.schemas import InputSchema
from gcmhub.reporting.models import Answer, Call, Question, Response, Section


class CallIn(InputSchema):
    title: str | None = Field(None, max_length=250)
    purpose: str | None = Field(None, description="biennial_report, regional_review, imrf or thematic")
    description: str | None = None
    language: str | None = Field(None, description="ar, zh, en, fr, ru or es")
    audiences: list[str] | None = Field(None, description="member_states, network_members, stakeholders")
    region: str | None = Field(None, description="M49 code of the region a regional review asks.")
    opens_on: datetime.date | None = None
    closes_on: datetime.date | None = None
    reminder_days: list[DbInt] | None = Field(None, description="Days before the closing date to remind.")


class SectionIn(InputSchema):
    title: str = Field(..., max_length=250)
    description: str = ""


class QuestionIn(InputSchema):
    section: DbInt = Field(..., description="The id of the call's section.")
    text: str = Field(..., max_length=2000)
    help_text: str = ""
    answer_type: str = Field(..., description="text, choice, number or file")
    choices: list[str] = Field(default_factory=list, description="The options of a choice question.")
    multiple: bool = False
    required: bool = False
    objective: DbInt | None = Field(None, description="GCM objective number.")
    principle: str | None = Field(None, description="Guiding principle slug.")
    thematic_area: DbInt | None = Field(None, description="Thematic area number.")


class QuestionOut(Schema):
    id: int
    text: str
    help_text: str
    answer_type: str
    choices: list[str]
    multiple: bool
    required: bool
    objective: int | None
    principle: str | None
    thematic_area: int | None

    @staticmethod
    def of(question: Question) -> "QuestionOut":
        return QuestionOut(
            id=question.pk,
            text=question.text,
            help_text=question.help_text,
            answer_type=question.answer_type,
            choices=list(question.choices),
            multiple=question.multiple,
            required=question.required,
            objective=question.objective.number if question.objective else None,
            principle=question.principle.slug if question.principle else None,
            thematic_area=question.thematic_area.number if question.thematic_area else None,
        )


class SectionOut(Schema):
    id: int
    title: str
    description: str
    questions: list[QuestionOut]

    @staticmethod
    def of(section: Section, questions: list[Question]) -> "SectionOut":
        return SectionOut(
            id=section.pk,
            title=section.title,
            description=section.description,
            questions=[QuestionOut.of(q) for q in questions],
        )


class CallOut(Schema):
    id: int
    title: str
    purpose: str
    description: str
    language: str
    audiences: list[str]
    region: str | None
    opens_on: datetime.date
    closes_on: datetime.date
    reminder_days: list[int]
    published: bool
    url: str

    @staticmethod
    def of(call: Call) -> "CallOut":
        return CallOut(
            id=call.pk,
            title=call.title,
            purpose=call.purpose,
            description=call.description,
            language=call.language,
            audiences=list(call.audiences),
            region=call.region.m49 if call.region else None,
            opens_on=call.opens_on,
            closes_on=call.closes_on,
            reminder_days=list(call.reminder_days),
            published=call.is_published,
            url=call.get_absolute_url(),
        )


class CallDetailOut(CallOut):
    sections: list[SectionOut]


class AnswerIn(InputSchema):
    question: DbInt
    text: str | None = None
    number: Decimal | None = None
    selected: list[str] | None = None


class AnswersIn(InputSchema):
    answers: list[AnswerIn] = Field(..., description="Answers to store; others already saved are kept.")
    language: str | None = Field(None, description="The response's language: ar, zh, en, fr, ru or es.")


class AnswerOut(Schema):
    question: int
    text: str
    number: Decimal | None
    selected: list[str]
    file_name: str | None

    @staticmethod
    def of(answer: Answer) -> "AnswerOut":
        return AnswerOut(
            question=answer.question_id,
            text=answer.text,
            number=answer.number,
            selected=list(answer.selected),
            file_name=answer.file_name or None,
        )


class ResponseOut(Schema):
    id: int
    call: int
    organization: str
    audience: str
    language: str
    status: str
    submitted_at: datetime.datetime | None
    is_late: bool
    is_public: bool
    review_resource: int | None
    answers: list[AnswerOut]
    url: str

    @staticmethod
    def of(response: Response) -> "ResponseOut":
        return ResponseOut(
            id=response.pk,
            call=response.call_id,
            organization=response.organization.acronym,
            audience=response.audience,
            language=response.language,
            status=response.status,
            submitted_at=response.submitted_at,
            is_late=response.is_late,
            is_public=response.is_public,
            review_resource=response.review_resource_id,
            answers=[AnswerOut.of(a) for a in response.answers.all()],
            url=response.get_absolute_url(),
        )


class ReasonIn(InputSchema):
    reason: str = Field(..., max_length=20_000)


class VisibilityIn(InputSchema):
    public: bool


class ReviewOut(Schema):
    resource: int
    status: str
    url: str


class RateOut(Schema):
    audience: str
    expected: int
    submitted: int
    late: int
    drafts: int
    missing: list[str] = Field(
        ..., description="Acronyms of the expected organizations without a submission."
    )


class GroupRateOut(Schema):
    label: str
    expected: int
    submitted: int


class DashboardOut(Schema):
    audiences: list[RateOut]
    regions: list[GroupRateOut]
    objectives: list[GroupRateOut]
