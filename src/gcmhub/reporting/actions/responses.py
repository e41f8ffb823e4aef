"""Organizations answer: drafts, files, submission; the secretariat reopens and publishes; a Member State's
response becomes its voluntary GCM review."""

import decimal
import uuid
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import AnyUser, is_secretariat
from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import PermissionDenied, ValidationFailed
from gcmhub.reference.models import Organization
from gcmhub.reporting import notifications
from gcmhub.reporting.actions.common import (
    FILE_EXTENSIONS,
    FILE_SIGNATURES,
    LANGUAGES,
    MAX_TEXT,
    clean_text,
    require_secretariat,
)
from gcmhub.reporting.models import Answer, AnswerType, Audience, Call, Question, Response, ResponseStatus
from gcmhub.reporting.queries import (
    access_call,
    access_response,
    access_response_for_edit,
    answering_organizations,
    is_author,
    questionnaire,
)
from gcmhub.search.changes import reindex


def _answering_as(actor: AnyUser, call: Call, organization_id: int) -> tuple[Organization, str]:
    for organization, audience in answering_organizations(actor, call):
        if organization.pk == organization_id:
            return organization, audience
    raise PermissionDenied(
        _("You do not answer this call for that organization: it needs a member in the audience's role.")
    )


def _require_opened(call: Call) -> None:
    if not call.is_published or not call.has_opened():
        raise ValidationFailed(
            _("This call opens on %(date)s.") % {"date": call.opens_on.isoformat()}, code="not_open"
        )


def _clean_answer(question: Question, value: dict[str, Any]) -> dict[str, Any]:
    """The stored fields of an answer to `question`; raises on a value of the wrong type."""
    if question.answer_type == AnswerType.FILE:
        raise ValidationFailed(
            _("Attach a file to answer question %(id)d.") % {"id": question.pk}, code="file_answer"
        )
    if question.answer_type == AnswerType.NUMBER:
        raw = value.get("number")
        if raw in (None, ""):
            return {"number": None}
        try:
            number = decimal.Decimal(str(raw).strip())
        except decimal.InvalidOperation:
            number = decimal.Decimal("NaN")
        if not number.is_finite() or abs(number) >= decimal.Decimal(10) ** 16:
            raise ValidationFailed(
                _("The answer to question %(id)d must be a number.") % {"id": question.pk}, code="bad_number"
            )
        return {"number": number.quantize(decimal.Decimal("0.0001"))}
    if question.answer_type == AnswerType.CHOICE:
        selected = [str(v) for v in value.get("selected") or []]
        if any(v not in question.choices for v in selected) or (len(selected) > 1 and not question.multiple):
            raise ValidationFailed(
                _("Choose among the options of question %(id)d.") % {"id": question.pk}, code="bad_choice"
            )
        return {"selected": [o for o in question.choices if o in selected]}
    text = str(value.get("text") or "").strip()
    if len(text) > MAX_TEXT:
        raise ValidationFailed(
            _("The answer to question %(id)d is longer than %(limit)d characters.")
            % {"id": question.pk, "limit": MAX_TEXT},
            code="too_long",
        )
    return {"text": text}


def _draft_for(actor: AnyUser, call: Call, organization_id: int, language: str | None) -> Response:
    """The organization's response, created as a draft on its first save."""
    organization, audience = _answering_as(actor, call, organization_id)
    response = Response.objects.select_for_update().filter(call=call, organization=organization).first()
    if response is None:
        _require_opened(call)
        response = Response.objects.create(
            call=call,
            organization=organization,
            audience=audience,
            language=language or call.language,
            created_by_id=actor.pk,
        )
    return response


@transaction.atomic
def save_answers(
    *,
    actor: AnyUser,
    call_id: int,
    organization_id: int,
    answers: dict[int, dict[str, Any]],
    files: dict[int, tuple[IO[bytes], str]] | None = None,
    language: str | None = None,
) -> Response:
    """Save a draft: the answers given (by question id) replace those stored; other answers are kept, so
    several authors may each save their part. An empty value removes the answer. `files` maps file
    questions to (content, original name)."""
    call = access_call(actor, call_id)
    if language is not None and language not in LANGUAGES:
        raise ValidationFailed(
            _("Unknown language %(language)s.") % {"language": language}, code="bad_language"
        )
    with acting_as(actor):
        response = _draft_for(actor, call, organization_id, language)
        access_response_for_edit(actor, response.pk)
        questions = {q.pk: q for q in Question.objects.filter(section__call=call, pk__in=list(answers))}
        for question_id, value in answers.items():
            question = questions.get(question_id)
            if question is None:
                raise ValidationFailed(
                    _("This call has no question %(id)s.") % {"id": question_id}, code="unknown_question"
                )
            _store(response, question, _clean_answer(question, value), actor)
        for question_id, (upload, name) in (files or {}).items():
            _store_file(response, question_id, upload, name, actor)
        if language is not None:
            response.language = language
        response.save()
    return response


def _store(response: Response, question: Question, values: dict[str, Any], actor: AnyUser) -> None:
    answer = Answer.objects.filter(response=response, question=question).first()
    empty = not any(v not in (None, "", []) for v in values.values())
    if answer is None and empty:
        return
    if answer is None:
        answer = Answer(response=response, question=question)
    if empty and not answer.file:
        answer.delete()
        return
    for name, value in values.items():
        setattr(answer, name, value)
    answer.updated_by_id = actor.pk
    answer.save()


def _file_kind(upload: IO[bytes], name: str) -> str:
    """The file's extension if its content is one of the accepted types, checked by signature."""
    head = upload.read(8)
    upload.seek(0)
    family = next((kind for signature, kind in FILE_SIGNATURES.items() if head.startswith(signature)), None)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if family is None or extension not in FILE_EXTENSIONS[family]:
        raise ValidationFailed(_("Attach a PDF, DOCX, ODT or XLSX file."), code="bad_file_type")
    return extension


@transaction.atomic
def attach_file(
    *, actor: AnyUser, response_id: int, question_id: int, upload: IO[bytes], name: str
) -> Answer:
    """Answer a file question with a PDF, DOCX, ODT or XLSX file (replacing any file given before)."""
    response = access_response_for_edit(actor, response_id)
    with acting_as(actor):
        answer = _store_file(response, question_id, upload, name, actor)
        response.save(update_fields=["updated_at"])
    return answer


def _store_file(response: Response, question_id: int, upload: IO[bytes], name: str, actor: AnyUser) -> Answer:
    question = Question.objects.filter(pk=question_id, section__call_id=response.call_id).first()
    if question is None or question.answer_type != AnswerType.FILE:
        raise ValidationFailed(
            _("This call has no file question %(id)s.") % {"id": question_id}, code="unknown_question"
        )
    upload.seek(0, 2)
    size = upload.tell()
    upload.seek(0)
    limit = settings.GCMHUB_ATTACHMENT_MAX_BYTES
    if size == 0 or size > limit:
        raise ValidationFailed(
            _("Attach a file of at most %(limit)d MB.") % {"limit": limit // (1024 * 1024)},
            code="bad_file_size",
        )
    extension = _file_kind(upload, name)
    answer = Answer.objects.filter(response=response, question=question).first() or Answer(
        response=response, question=question
    )
    previous = answer.file.name if answer.file else ""
    # The stored name is ours: the uploader's name is never used as a path.
    answer.file.save(f"{uuid.uuid4().hex}.{extension}", File(upload), save=False)
    answer.file_name = (name or "file").replace("/", "_").replace("\\", "_")[-200:]
    answer.file_size = size
    answer.updated_by_id = actor.pk
    answer.save()
    if previous:
        storage = answer.file.storage
        # The replaced file goes once the new one is committed.
        transaction.on_commit(lambda: storage.delete(previous))
    return answer


def _locked(response_id: int) -> Response:
    return Response.objects.select_for_update().select_related("call", "organization").get(pk=response_id)


def missing_answers(response: Response) -> list[Question]:
    """The required questions the response leaves unanswered."""
    answered = {a.question_id for a in response.answers.all() if not a.is_empty}
    return [
        q
        for _s, questions in questionnaire(response.call)
        for q in questions
        if q.required and q.pk not in answered
    ]


@transaction.atomic
def submit_response(*, actor: AnyUser, response_id: int) -> Response:
    """Send the response to the secretariat. After the closing date it is accepted and flagged late."""
    access_response_for_edit(actor, response_id)
    response = _locked(response_id)
    if response.is_submitted:
        raise ValidationFailed(_("This response is already submitted."), code="already_submitted")
    _require_opened(response.call)
    if missing := missing_answers(response):
        raise ValidationFailed(
            _("Answer the required questions before submitting: %(questions)s")
            % {"questions": "; ".join(q.text[:80] for q in missing)},
            code="incomplete",
        )
    now = timezone.now()
    with acting_as(actor):
        if response.first_submitted_at is None:
            response.first_submitted_at = now
            response.is_late = response.call.has_closed(timezone.localdate(now))
        response.status = ResponseStatus.SUBMITTED
        response.submitted_at = now
        response.submitted_by_id = actor.pk
        response.save()
    return response


@transaction.atomic
def reopen_response(*, actor: AnyUser, response_id: int, reason: str) -> Response:
    """The secretariat sends a submitted response back to its organization as a draft (it leaves public view
    until submitted again); its authors are told why."""
    require_secretariat(actor)
    access_response(actor, response_id)
    response = _locked(response_id)
    if not response.is_submitted:
        raise ValidationFailed(_("Only a submitted response can be reopened."), code="not_submitted")
    reason = clean_text({"reason": reason}, "reason", MAX_TEXT, required=True)
    with acting_as(actor):
        response.status = ResponseStatus.DRAFT
        response.reopened_at = timezone.now()
        response.reopen_reason = reason
        response.save()
        notifications.reopened(response, reason)
    return response


@transaction.atomic
def set_response_public(*, actor: AnyUser, response_id: int, public: bool) -> Response:
    """The secretariat makes a submitted response public (searchable, on the call's page) or private again."""
    require_secretariat(actor)
    access_response(actor, response_id)
    response = _locked(response_id)
    if public and not response.is_submitted:
        raise ValidationFailed(_("Only a submitted response can be made public."), code="not_submitted")
    with acting_as(actor):
        response.is_public = public
        response.save()
    reindex(response)
    return response


def _review_body(response: Response) -> str:
    """The questionnaire and its answers as HTML (the knowledge app sanitizes it again)."""
    answers = {a.question_id: a for a in response.answers.all() if not a.is_empty}
    parts = []
    for section, questions in questionnaire(response.call):
        answered = [(q, answers[q.pk]) for q in questions if q.pk in answers]
        if answered:
            parts.append(format_html("<h2>{}</h2>", section.title))
            parts.append(
                format_html_join("", "<h3>{}</h3><p>{}</p>", ((q.text, a.display) for q, a in answered))
            )
    return "".join(parts)


@transaction.atomic
def publish_as_review(*, actor: AnyUser, response_id: int) -> Any:
    """Offer a Member State's submitted response to the knowledge platform as its voluntary GCM review
    (kind `review`, linked to the country). The secretariat or the State's focal point does it; the
    resource then follows the platform's own review to publication."""
    from gcmhub.knowledge import actions as knowledge

    access_response(actor, response_id)
    response = _locked(response_id)
    if not (is_secretariat(actor) or is_author(actor, response)):
        raise PermissionDenied(_("Only the State's focal points or the secretariat may do this."))
    country = response.organization.country
    if response.audience != Audience.MEMBER_STATES or country is None:
        raise ValidationFailed(
            _("Only a Member State's response can serve as its review."), code="not_a_state"
        )
    if not response.is_submitted:
        raise ValidationFailed(_("Submit the response first."), code="not_submitted")
    if response.review_resource_id is not None:
        raise ValidationFailed(_("This response is already offered as a review."), code="already_offered")
    objectives = sorted(
        {
            a.question.objective.number
            for a in response.answers.select_related("question__objective")
            if a.question.objective and not a.is_empty
        }
    )
    data = {
        "title": _("Voluntary GCM review of %(country)s: %(call)s")
        % {"country": country.name_en, "call": response.call.title},
        "summary": _("The response of %(organization)s to the call for inputs “%(call)s”.")
        % {"organization": response.organization.name, "call": response.call.title},
        "body": _review_body(response),
        "language": response.language,
        "countries": [country.iso3],
        "objectives": objectives,
        "implementer": response.organization.acronym,
    }
    organization = None if is_secretariat(actor) else response.organization
    resource = knowledge.create_resource(actor=actor, kind="review", data=data, organization=organization)
    knowledge.submit_resource(actor=actor, resource_id=resource.pk)
    with acting_as(actor):
        response.review_resource = resource
        response.save()
    return resource
