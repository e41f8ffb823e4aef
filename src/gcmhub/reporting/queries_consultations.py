"""Reads of consultations on draft texts; `access_*` are the permission-checked fetches.

Who may see and do what (docs/reporting.md, "Consultations on draft texts"):
- a consultation and its text are public, and so are its comments, except hidden ones;
- a hidden comment is seen by its author (marked hidden, with the reason) and the secretariat only;
- any signed-in member of an organization comments and replies for that organization while it is open;
- the secretariat moderates, answers (officially, also after closing) and records how comments were taken
  into account; that record is public once the consultation has closed.
"""

import dataclasses

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import AnyUser, is_secretariat
from gcmhub.core.exceptions import NotFound
from gcmhub.reference.models import Organization
from gcmhub.reporting.models import Comment, Consultation, DraftVersion, ParagraphText


def visible_consultations(user: AnyUser) -> "QuerySet[Consultation]":
    return Consultation.objects.all()


def access_consultation(user: AnyUser, consultation_id: int) -> Consultation:
    consultation = visible_consultations(user).filter(pk=consultation_id).first()
    if consultation is None:
        raise NotFound(_("There is no such consultation."))
    return consultation


def latest_version(consultation: Consultation) -> DraftVersion:
    version = consultation.versions.order_by("-number").first()
    if version is None:  # every consultation is created with its first version
        raise NotFound(_("This consultation has no text yet."))
    return version


def access_version(user: AnyUser, consultation: Consultation, number: int) -> DraftVersion:
    version = consultation.versions.filter(number=number).first()
    if version is None:
        raise NotFound(_("This consultation has no version %(number)d.") % {"number": number})
    return version


def version_texts(version: DraftVersion) -> list[ParagraphText]:
    return list(version.texts.order_by("position"))


def commenting_organizations(user: AnyUser) -> list[Organization]:
    """The organizations `user` may comment for: every organization they are a member of, in any role."""
    if not user.is_authenticated:
        return []
    return list(Organization.objects.filter(memberships__user_id=user.pk).distinct().order_by("acronym"))


def may_see_dispositions(user: AnyUser, consultation: Consultation) -> bool:
    """How comments were taken into account is public once the consultation has closed."""
    return consultation.has_closed() or is_secretariat(user)


def visible_comments(user: AnyUser, consultation: Consultation) -> "QuerySet[Comment]":
    """The comments `user` may read: all for the secretariat; for others the ones not hidden and their own."""
    comments = Comment.objects.filter(consultation=consultation).select_related(
        "organization", "author", "version"
    )
    if is_secretariat(user):
        return comments
    # A hidden comment takes the replies to it out of view with it.
    shown = Q(hidden_at__isnull=True) & (Q(parent__isnull=True) | Q(parent__hidden_at__isnull=True))
    if user.is_authenticated:
        shown |= Q(author_id=user.pk)
    return comments.filter(shown)


def access_comment(user: AnyUser, comment_id: int) -> Comment:
    """A comment `user` may read; NotFound otherwise, so a hidden comment is not revealed."""
    comment = Comment.objects.filter(pk=comment_id).select_related("consultation").first()
    if comment is None or not visible_comments(user, comment.consultation).filter(pk=comment_id).exists():
        raise NotFound(_("There is no such comment."))
    return comment


@dataclasses.dataclass
class Thread:
    """A comment and the replies to it, oldest first."""

    comment: Comment
    replies: list[Comment] = dataclasses.field(default_factory=list)

    @property
    def size(self) -> int:
        return 1 + len(self.replies)


@dataclasses.dataclass
class ParagraphView:
    """A paragraph with the comments on it. `position` is its place in the version shown; a paragraph gone
    from that version has none, its last text, and `removed_in`, the version that dropped it."""

    paragraph_id: int
    text: str
    position: int | None
    threads: list[Thread]
    removed_in: int | None = None

    @property
    def anchor(self) -> str:
        return f"p-{self.paragraph_id}"

    @property
    def comment_count(self) -> int:
        return sum(thread.size for thread in self.threads)


@dataclasses.dataclass
class ConsultationText:
    """The version shown, its paragraphs in order with their comments, and the paragraphs earlier versions
    had that it dropped and that carry comments."""

    version: DraftVersion
    paragraphs: list[ParagraphView]
    removed: list[ParagraphView]

    def all(self) -> list[ParagraphView]:
        return [*self.paragraphs, *self.removed]


def threads_by_paragraph(comments: list[Comment]) -> dict[int, list[Thread]]:
    threads: dict[int, Thread] = {}
    for comment in comments:
        if comment.parent_id is None:
            threads[comment.pk] = Thread(comment)
    for comment in comments:
        # A reply whose comment the reader may not see (hidden) is not shown either.
        if comment.parent_id is not None and comment.parent_id in threads:
            threads[comment.parent_id].replies.append(comment)
    by_paragraph: dict[int, list[Thread]] = {}
    for thread in threads.values():
        by_paragraph.setdefault(thread.comment.paragraph_id, []).append(thread)
    return by_paragraph


def consultation_text(user: AnyUser, consultation: Consultation) -> ConsultationText:
    """The newest version with the comments `user` may read, paragraph by paragraph (four queries)."""
    version = latest_version(consultation)
    threads = threads_by_paragraph(list(visible_comments(user, consultation).order_by("created_at", "pk")))
    paragraphs = [
        ParagraphView(t.paragraph_id, t.text, t.position, threads.pop(t.paragraph_id, []))
        for t in version_texts(version)
    ]
    return ConsultationText(version, paragraphs, _removed_paragraphs(consultation, threads))


def _removed_paragraphs(consultation: Consultation, threads: dict[int, list[Thread]]) -> list[ParagraphView]:
    """The commented paragraphs no longer in the newest version, each with its last text and the version
    that removed it (the one after the last that had it)."""
    last: dict[int, ParagraphText] = {}
    texts = ParagraphText.objects.filter(paragraph_id__in=list(threads)).select_related("version")
    for text in texts.order_by("version__number"):
        last[text.paragraph_id] = text
    removed = [
        ParagraphView(pid, last[pid].text, None, threads[pid], removed_in=last[pid].version.number + 1)
        for pid in threads
        if pid in last
    ]
    return sorted(removed, key=lambda view: (view.removed_in or 0, last[view.paragraph_id].position))
