"""API schemas of consultations on draft texts. Request bodies refuse fields they do not declare."""

import datetime

from ninja import Field, Schema

from gcmhub.core.params import DbInt
from gcmhub.core.schemas import InputSchema
from gcmhub.reporting.models import Comment, Consultation, DraftVersion
from gcmhub.reporting.queries_consultations import ParagraphView


class ConsultationIn(InputSchema):
    title: str = Field(..., max_length=250)
    kind: str = Field(..., description="work_plan, statement, declaration or report_chapter")
    description: str = Field("", max_length=20_000)
    language: str = Field("en", description="ar, zh, en, fr, ru or es")
    opens_on: datetime.date
    closes_on: datetime.date
    text: str = Field(..., description="Plain text or Markdown; paragraphs are separated by a blank line.")


class ConsultationVersionIn(InputSchema):
    text: str = Field(..., description="The whole new text; paragraphs are separated by a blank line.")
    note: str = Field("", max_length=20_000, description="What changed.")


class ConsultationCommentIn(InputSchema):
    paragraph: DbInt = Field(..., description="The paragraph's id (stable across versions).")
    text: str = Field(..., max_length=10_000)
    language: str | None = Field(None, description="The comment's language; the text's by default.")
    organization: str | None = Field(
        None, description="Acronym of the organization commented for; needed if you act for several."
    )


class ConsultationReplyIn(InputSchema):
    text: str = Field(..., max_length=10_000)
    language: str | None = None
    organization: str | None = None


class ConsultationModerationIn(InputSchema):
    hidden: bool
    reason: str = Field("", max_length=20_000, description="Required to hide; shown to the author.")


class ConsultationDispositionIn(InputSchema):
    disposition: str = Field(..., description="accepted, partly or not_accepted")
    reason: str = Field("", max_length=20_000, description="Required unless accepted.")


class ConsultationOut(Schema):
    id: int
    title: str
    kind: str
    description: str
    language: str
    opens_on: datetime.date
    closes_on: datetime.date
    is_open: bool
    version: int = Field(..., description="The number of the newest version of the text.")
    url: str

    @staticmethod
    def of(consultation: Consultation, version: DraftVersion) -> "ConsultationOut":
        return ConsultationOut(
            id=consultation.pk,
            title=consultation.title,
            kind=consultation.kind,
            description=consultation.description,
            language=consultation.language,
            opens_on=consultation.opens_on,
            closes_on=consultation.closes_on,
            is_open=consultation.is_open(),
            version=version.number,
            url=consultation.get_absolute_url(),
        )


class ConsultationParagraphOut(Schema):
    id: int = Field(..., description="Stable across versions: comments are made on it.")
    position: int | None = Field(..., description="Its place in the newest version; null once removed.")
    removed_in: int | None = Field(..., description="The version that removed it, if it is gone.")
    text: str
    comments: int = Field(..., description="Comments and replies you may read.")

    @staticmethod
    def of(view: ParagraphView) -> "ConsultationParagraphOut":
        return ConsultationParagraphOut(
            id=view.paragraph_id,
            position=view.position,
            removed_in=view.removed_in,
            text=view.text,
            comments=view.comment_count,
        )


class ConsultationDetailOut(ConsultationOut):
    paragraphs: list[ConsultationParagraphOut]
    removed_paragraphs: list[ConsultationParagraphOut] = Field(
        ..., description="Paragraphs earlier versions had, with the comments made on them."
    )


class ConsultationCommentOut(Schema):
    id: int
    paragraph: int
    version: int = Field(..., description="The version the comment was made on.")
    parent: int | None
    organization: str
    language: str
    text: str
    is_official: bool = Field(..., description="An answer of the secretariat.")
    created_at: datetime.datetime
    hidden: bool
    hidden_reason: str | None
    disposition: str | None = Field(
        ..., description="accepted, partly or not_accepted; public once the consultation has closed."
    )
    disposition_reason: str | None

    @staticmethod
    def of(comment: Comment, dispositions: bool) -> "ConsultationCommentOut":
        return ConsultationCommentOut(
            id=comment.pk,
            paragraph=comment.paragraph_id,
            version=comment.version.number,
            parent=comment.parent_id,
            organization=comment.organization.acronym,
            language=comment.language,
            text=comment.text,
            is_official=comment.is_official,
            created_at=comment.created_at,
            hidden=comment.is_hidden,
            hidden_reason=comment.hidden_reason if comment.is_hidden else None,
            disposition=(comment.disposition or None) if dispositions else None,
            disposition_reason=(comment.disposition_reason or None) if dispositions else None,
        )


class ConsultationVersionOut(Schema):
    number: int
    note: str
    created_at: datetime.datetime
    paragraphs: int
    diff_url: str
