"""Consultations API at /api/v1/reporting/consultations: the text and its visible comments for everyone;
comments and replies for members of organizations; moderation, answers, dispositions and new versions for
the secretariat."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Status
from ninja.pagination import paginate

from gcmhub.accounts.auth import api_auth, caller, optional_auth
from gcmhub.core.pagination import Paginator
from gcmhub.core.params import DbInt
from gcmhub.core.schemas import PROBLEMS_READ, PROBLEMS_WRITE
from gcmhub.reference.queries import organization as organization_by_acronym
from gcmhub.reporting import queries_consultations as queries
from gcmhub.reporting.actions import consultations as actions
from gcmhub.reporting.models import Comment, Consultation
from gcmhub.reporting.schemas_consultations import (
    ConsultationCommentIn,
    ConsultationCommentOut,
    ConsultationDetailOut,
    ConsultationDispositionIn,
    ConsultationIn,
    ConsultationModerationIn,
    ConsultationOut,
    ConsultationParagraphOut,
    ConsultationReplyIn,
    ConsultationVersionIn,
    ConsultationVersionOut,
)

router = Router(tags=["reporting"])


def _organization_id(acronym: str | None) -> int | None:
    return organization_by_acronym(acronym).pk if acronym else None


def _detail(user: Any, consultation: Consultation) -> ConsultationDetailOut:
    text = queries.consultation_text(user, consultation)
    return ConsultationDetailOut(
        **ConsultationOut.of(consultation, text.version).dict(),
        paragraphs=[ConsultationParagraphOut.of(view) for view in text.paragraphs],
        removed_paragraphs=[ConsultationParagraphOut.of(view) for view in text.removed],
    )


def _comment(user: Any, comment: Comment) -> ConsultationCommentOut:
    return ConsultationCommentOut.of(comment, queries.may_see_dispositions(user, comment.consultation))


@router.get("", response=list[ConsultationOut], auth=optional_auth, summary="Consultations on draft texts")
@paginate(Paginator)
def list_consultations(request: HttpRequest) -> list[ConsultationOut]:
    user = caller(request)
    return [ConsultationOut.of(c, queries.latest_version(c)) for c in queries.visible_consultations(user)]


@router.post(
    "",
    response={201: ConsultationDetailOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Open a consultation on a draft text (secretariat); the text is version 1",
)
def create_consultation(request: HttpRequest, payload: ConsultationIn) -> Status[ConsultationDetailOut]:
    data = payload.dict(exclude={"text"})
    user = caller(request)
    consultation = actions.create_consultation(actor=user, data=data, draft=actions.Draft(text=payload.text))
    return Status(201, _detail(user, consultation))


@router.get(
    "/{int:consultation_id}",
    response={200: ConsultationDetailOut, **PROBLEMS_READ},
    auth=optional_auth,
    summary="A consultation and its newest text, paragraph by paragraph, with comment counts",
)
def get_consultation(request: HttpRequest, consultation_id: DbInt) -> ConsultationDetailOut:
    user = caller(request)
    return _detail(user, queries.access_consultation(user, consultation_id))


@router.get(
    "/{int:consultation_id}/comments",
    response={200: list[ConsultationCommentOut], **PROBLEMS_READ},
    auth=optional_auth,
    summary="The comments and replies you may read (hidden ones: their author and the secretariat)",
)
@paginate(Paginator)
def list_comments(
    request: HttpRequest, consultation_id: DbInt, paragraph: DbInt | None = None
) -> list[ConsultationCommentOut]:
    user = caller(request)
    consultation = queries.access_consultation(user, consultation_id)
    comments = queries.visible_comments(user, consultation).order_by("created_at", "pk")
    if paragraph is not None:
        comments = comments.filter(paragraph_id=paragraph)
    dispositions = queries.may_see_dispositions(user, consultation)
    return [ConsultationCommentOut.of(c, dispositions) for c in comments]


@router.post(
    "/{int:consultation_id}/comments",
    response={201: ConsultationCommentOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Comment on a paragraph of the newest version, for your organization, while it is open",
)
def add_comment(
    request: HttpRequest, consultation_id: DbInt, payload: ConsultationCommentIn
) -> Status[ConsultationCommentOut]:
    user = caller(request)
    comment = actions.add_comment(
        actor=user,
        consultation_id=consultation_id,
        paragraph_id=payload.paragraph,
        text=payload.text,
        language=payload.language,
        organization_id=_organization_id(payload.organization),
    )
    return Status(201, _comment(user, comment))


@router.post(
    "/{int:consultation_id}/versions",
    response={201: ConsultationVersionOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Publish a new version of the text (secretariat); comments follow the paragraphs it keeps",
)
def add_version(
    request: HttpRequest, consultation_id: DbInt, payload: ConsultationVersionIn
) -> Status[ConsultationVersionOut]:
    version = actions.add_version(
        actor=caller(request),
        consultation_id=consultation_id,
        draft=actions.Draft(text=payload.text),
        note=payload.note,
    )
    diff = reverse("reporting:consultation_diff", args=[consultation_id])
    return Status(
        201,
        ConsultationVersionOut(
            number=version.number,
            note=version.note,
            created_at=version.created_at,
            paragraphs=version.texts.count(),
            diff_url=f"{diff}?from={version.number - 1}&to={version.number}",
        ),
    )


@router.post(
    "/comments/{int:comment_id}/replies",
    response={201: ConsultationCommentOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Reply to a comment; a reply by the secretariat is its official answer",
)
def add_reply(
    request: HttpRequest, comment_id: DbInt, payload: ConsultationReplyIn
) -> Status[ConsultationCommentOut]:
    user = caller(request)
    reply = actions.add_reply(
        actor=user,
        comment_id=comment_id,
        text=payload.text,
        language=payload.language,
        organization_id=_organization_id(payload.organization),
    )
    return Status(201, _comment(user, reply))


@router.post(
    "/comments/{int:comment_id}/moderation",
    response={200: ConsultationCommentOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Hide a comment with a reason its author sees, or show it again (secretariat)",
)
def moderate(
    request: HttpRequest, comment_id: DbInt, payload: ConsultationModerationIn
) -> ConsultationCommentOut:
    user = caller(request)
    comment = actions.moderate_comment(
        actor=user, comment_id=comment_id, hidden=payload.hidden, reason=payload.reason
    )
    return _comment(user, comment)


@router.post(
    "/comments/{int:comment_id}/disposition",
    response={200: ConsultationCommentOut, **PROBLEMS_WRITE},
    auth=api_auth,
    summary="Record how a comment was taken into account (secretariat)",
)
def record_disposition(
    request: HttpRequest, comment_id: DbInt, payload: ConsultationDispositionIn
) -> ConsultationCommentOut:
    user = caller(request)
    comment = actions.record_disposition(
        actor=user, comment_id=comment_id, disposition=payload.disposition, reason=payload.reason
    )
    return _comment(user, comment)
