"""Every write of consultations on draft texts: keyword-only `actor`, one transaction, audited.

Rules (docs/reporting.md, "Consultations on draft texts"):
- the secretariat opens a consultation with the first version of the text, and adds new versions; each
  paragraph of a new version continues the old paragraph with the same text, or failing that the most similar
  one (`paragraphs.match_paragraphs`), so the comments on it follow;
- any signed-in member of an organization comments on a paragraph of the newest version, or replies to a
  comment, for that organization, while the consultation is open;
- the secretariat hides comments (with a reason the author sees), answers them (an official reply, also
  after closing) and records how each comment was taken into account.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import AnyUser, is_secretariat
from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import PermissionDenied, ValidationFailed
from gcmhub.reporting import paragraphs
from gcmhub.reporting.actions.common import LANGUAGES, MAX_TEXT, clean_date, clean_text, require_secretariat
from gcmhub.reporting.models import (
    Comment,
    Consultation,
    Disposition,
    DraftKind,
    DraftVersion,
    Paragraph,
    ParagraphText,
)
from gcmhub.reporting.queries_consultations import (
    access_comment,
    access_consultation,
    commenting_organizations,
    latest_version,
    version_texts,
)
from gcmhub.workplan.importer import read_document

MAX_COMMENT = 10_000
MAX_PARAGRAPHS = 2_000
DOCX = ".docx"


class Draft:
    """A draft text as given: typed (plain text or Markdown) or an uploaded document (bytes and name)."""

    def __init__(self, text: str = "", document: tuple[bytes, str] | None = None) -> None:
        self.text = text
        self.document = document

    def paragraphs(self) -> tuple[list[str], str]:
        """The paragraphs, and the document's name ("" for typed text). The document reader of the work
        plan importer checks the file (type by content, size, zip limits) and strips Markdown."""
        if self.document is not None:
            data, name = self.document
            text = read_document(data, name)
            split = paragraphs.split_lines if name.lower().endswith(DOCX) else paragraphs.split_text
            found = split(text)
            source = name.replace("/", "_").replace("\\", "_")[-200:]
        elif self.text.strip():
            found, source = paragraphs.split_text(read_document(self.text.encode("utf-8"), "draft.md")), ""
        else:
            found, source = [], ""
        if not found:
            raise ValidationFailed(_("Give the text of the draft, typed or as a DOCX file."), code="no_text")
        if len(found) > MAX_PARAGRAPHS:
            raise ValidationFailed(
                _("The draft has %(count)d paragraphs; at most %(limit)d are accepted.")
                % {"count": len(found), "limit": MAX_PARAGRAPHS},
                code="too_many_paragraphs",
            )
        return found, source


def _consultation_values(data: dict[str, Any]) -> dict[str, Any]:
    kind = data.get("kind")
    if kind not in DraftKind.values:
        raise ValidationFailed(
            _("The kind of text must be one of: %(choices)s.") % {"choices": ", ".join(DraftKind.values)},
            code="bad_kind",
        )
    language = _language(data.get("language") or "en")
    values = {
        "title": clean_text(data, "title", 250, required=True),
        "description": clean_text(data, "description", MAX_TEXT),
        "kind": kind,
        "language": language,
        "opens_on": clean_date(data.get("opens_on"), "opens_on"),
        "closes_on": clean_date(data.get("closes_on"), "closes_on"),
    }
    if values["closes_on"] < values["opens_on"]:
        raise ValidationFailed(_("A consultation cannot close before it opens."), code="bad_dates")
    return values


@transaction.atomic
def create_consultation(*, actor: AnyUser, data: dict[str, Any], draft: Draft) -> Consultation:
    """The secretariat publishes a draft text for comment between two dates; the text is version 1."""
    require_secretariat(actor)
    values = _consultation_values(data)
    texts, source = draft.paragraphs()
    with acting_as(actor):
        consultation = Consultation.objects.create(**values, created_by_id=actor.pk)
        _store_version(consultation, 1, texts, {}, source=source, note="", actor=actor)
    return consultation


def _store_version(
    consultation: Consultation,
    number: int,
    texts: list[str],
    continued: dict[int, int],
    *,
    source: str,
    note: str,
    actor: AnyUser,
) -> DraftVersion:
    """Version `number` of the text; `continued` maps a paragraph's index to the identity it continues."""
    version = DraftVersion.objects.create(
        consultation=consultation, number=number, note=note, source_name=source, created_by_id=actor.pk
    )
    rows = []
    for index, text in enumerate(texts):
        identity = continued.get(index)
        if identity is None:
            identity = Paragraph.objects.create(consultation=consultation, introduced_in=version).pk
        rows.append(
            ParagraphText(
                version=version,
                paragraph_id=identity,
                position=index + 1,
                text=text,
                text_hash=paragraphs.text_hash(text),
            )
        )
    ParagraphText.objects.bulk_create(rows)
    return version


@transaction.atomic
def add_version(*, actor: AnyUser, consultation_id: int, draft: Draft, note: str = "") -> DraftVersion:
    """A new version of the text (the secretariat). Paragraphs kept or slightly edited keep their comments;
    the comments of removed paragraphs stay on the version that had them."""
    access_consultation(actor, consultation_id)
    require_secretariat(actor)
    consultation = Consultation.objects.select_for_update().get(pk=consultation_id)
    note = clean_text({"note": note}, "note", MAX_TEXT)
    texts, source = draft.paragraphs()
    previous = latest_version(consultation)
    old = [(t.paragraph_id, t.text) for t in version_texts(previous)]
    if [paragraphs.text_hash(t) for _id, t in old] == [paragraphs.text_hash(t) for t in texts]:
        raise ValidationFailed(
            _("This text is the same as version %(number)d.") % {"number": previous.number}, code="unchanged"
        )
    matches = paragraphs.match_paragraphs(old, texts)
    continued = {index: identity for index, identity in enumerate(matches) if identity is not None}
    with acting_as(actor):
        version = _store_version(
            consultation, previous.number + 1, texts, continued, source=source, note=note, actor=actor
        )
        consultation.save(update_fields=["updated_at"])
    return version


def _organization_for(actor: AnyUser, organization_id: int | None) -> Any:
    """The organization `actor` comments for: the one named, or their only one."""
    mine = commenting_organizations(actor)
    if not mine:
        raise PermissionDenied(_("Only members of an organization may comment on a consultation."))
    if organization_id is None:
        if len(mine) > 1:
            raise ValidationFailed(
                _("You act for several organizations: say which one this comment is for."),
                code="organization_required",
            )
        return mine[0]
    for organization in mine:
        if organization.pk == organization_id:
            return organization
    raise PermissionDenied(_("You do not act for that organization."))


def _comment_text(text: str, language: str | None, consultation: Consultation) -> tuple[str, str]:
    text = clean_text({"comment": text}, "comment", MAX_COMMENT, required=True)
    return text, _language(language or consultation.language)


def _language(code: str) -> str:
    if code not in LANGUAGES:
        raise ValidationFailed(_("Unknown language %(language)s.") % {"language": code}, code="bad_language")
    return code


def _require_open(consultation: Consultation) -> None:
    if not consultation.has_opened():
        raise ValidationFailed(
            _("This consultation opens on %(date)s.") % {"date": consultation.opens_on.isoformat()},
            code="not_open",
        )
    if consultation.has_closed():
        raise ValidationFailed(
            _("This consultation closed on %(date)s; comments are no longer taken.")
            % {"date": consultation.closes_on.isoformat()},
            code="closed",
        )


@transaction.atomic
def add_comment(
    *,
    actor: AnyUser,
    consultation_id: int,
    paragraph_id: int,
    text: str,
    language: str | None = None,
    organization_id: int | None = None,
) -> Comment:
    """A comment on a paragraph of the newest version, for one of the actor's organizations."""
    consultation = access_consultation(actor, consultation_id)
    organization = _organization_for(actor, organization_id)
    _require_open(consultation)
    version = latest_version(consultation)
    if not version.texts.filter(paragraph_id=paragraph_id).exists():
        raise ValidationFailed(
            _("Version %(number)d of this text has no paragraph %(id)s.")
            % {"number": version.number, "id": paragraph_id},
            code="unknown_paragraph",
        )
    text, language = _comment_text(text, language, consultation)
    with acting_as(actor):
        return Comment.objects.create(
            consultation=consultation,
            paragraph_id=paragraph_id,
            version=version,
            author_id=actor.pk,
            organization=organization,
            text=text,
            language=language,
        )


@transaction.atomic
def add_reply(
    *,
    actor: AnyUser,
    comment_id: int,
    text: str,
    language: str | None = None,
    organization_id: int | None = None,
) -> Comment:
    """A reply to a comment (replies to a reply join the same thread). A reply by the secretariat is its
    official answer, which may also be given after the consultation closed."""
    parent = access_comment(actor, comment_id)
    root = parent.parent if parent.parent_id is not None else parent
    assert root is not None
    if root.is_hidden:
        raise ValidationFailed(_("A hidden comment cannot be answered."), code="hidden")
    consultation = root.consultation
    organization = _organization_for(actor, organization_id)
    official = is_secretariat(actor)
    if not official:
        _require_open(consultation)
    text, language = _comment_text(text, language, consultation)
    with acting_as(actor):
        return Comment.objects.create(
            consultation=consultation,
            paragraph_id=root.paragraph_id,
            version=latest_version(consultation),
            parent=root,
            author_id=actor.pk,
            organization=organization,
            text=text,
            language=language,
            is_official=official,
        )


def _locked_comment(actor: AnyUser, comment_id: int) -> Comment:
    access_comment(actor, comment_id)
    require_secretariat(actor)
    return Comment.objects.select_for_update().get(pk=comment_id)


@transaction.atomic
def moderate_comment(*, actor: AnyUser, comment_id: int, hidden: bool, reason: str = "") -> Comment:
    """The secretariat hides a comment, with a reason its author sees, or shows it again."""
    comment = _locked_comment(actor, comment_id)
    with acting_as(actor):
        if hidden:
            comment.hidden_reason = clean_text({"reason": reason}, "reason", MAX_TEXT, required=True)
            comment.hidden_at = timezone.now()
            comment.hidden_by_id = actor.pk
        else:
            comment.hidden_reason, comment.hidden_at, comment.hidden_by_id = "", None, None
        comment.save()
    return comment


@transaction.atomic
def record_disposition(*, actor: AnyUser, comment_id: int, disposition: str, reason: str = "") -> Comment:
    """The secretariat records how a comment was taken into account: accepted, partly or not (the last two
    with a reason). Replies are discussion, not proposals: only comments on the text get a disposition."""
    comment = _locked_comment(actor, comment_id)
    if comment.parent_id is not None:
        raise ValidationFailed(
            _("Only a comment on the text, not a reply, is taken into account."), code="reply"
        )
    if disposition not in Disposition.values:
        raise ValidationFailed(
            _("The disposition must be one of: %(choices)s.") % {"choices": ", ".join(Disposition.values)},
            code="bad_disposition",
        )
    needs_reason = disposition != Disposition.ACCEPTED
    reason = clean_text({"reason": reason}, "reason", MAX_TEXT, required=needs_reason)
    with acting_as(actor):
        comment.disposition = disposition
        comment.disposition_reason = reason
        comment.disposition_at = timezone.now()
        comment.disposition_by_id = actor.pk
        comment.save()
    return comment
