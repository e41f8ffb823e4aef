"""Pages of consultations on draft texts: the list, a consultation paragraph by paragraph with its comments,
the comment and reply forms, the secretariat's moderation page, how comments were taken into account, the
diff between versions and the exports. They parse input and call actions and queries."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import is_secretariat
from gcmhub.core.exceptions import PermissionDenied, ValidationFailed
from gcmhub.core.formpage import form_page
from gcmhub.knowledge.queries import reader_language
from gcmhub.reporting import exports_consultations as exports
from gcmhub.reporting import paragraphs
from gcmhub.reporting import queries_consultations as queries
from gcmhub.reporting.actions import consultations as actions
from gcmhub.reporting.forms_consultations import (
    CommentForm,
    ConsultationForm,
    DispositionForm,
    ModerationForm,
    VersionForm,
)
from gcmhub.reporting.models import LANGUAGE_CHOICES, Comment, Consultation

FORM_TEMPLATE = "reporting/consultations/form.html"


def _anchored(comment: Comment) -> str:
    return f"{comment.consultation.get_absolute_url()}#p-{comment.paragraph_id}"


def consultation_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    consultations = list(queries.visible_consultations(request.user))
    context = {
        "open": [c for c in consultations if c.is_open(today)],
        "upcoming": [c for c in consultations if not c.has_opened(today)],
        "closed": [c for c in consultations if c.has_closed(today)],
        "is_secretariat": is_secretariat(request.user),
    }
    return render(request, "reporting/consultations/list.html", context)


def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    consultation = queries.access_consultation(user, pk)
    organizations = queries.commenting_organizations(user)
    context = {
        "consultation": consultation,
        "text": queries.consultation_text(user, consultation),
        "may_comment": bool(organizations) and consultation.is_open(),
        "organizations": organizations,
        "comment_languages": LANGUAGE_CHOICES,
        "reader_language": reader_language(),
        "is_secretariat": is_secretariat(user),
        "dispositions": queries.may_see_dispositions(user, consultation),
        "versions": list(consultation.versions.order_by("number")),
    }
    return render(request, "reporting/consultations/detail.html", context)


@login_required
def consultation_create(request: HttpRequest) -> HttpResponse:
    if not is_secretariat(request.user):
        raise PermissionDenied(_("Only the secretariat may open consultations."))
    form = ConsultationForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form=form,
        perform=lambda: actions.create_consultation(
            actor=request.user, data=form.data_for_action(), draft=form.draft()
        ),
        success=lambda consultation: consultation.get_absolute_url(),
        done=_("The consultation was opened."),
        template=FORM_TEMPLATE,
        context={"title": _("New consultation"), "multipart": True},
    )


@login_required
def version_add(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = queries.access_consultation(request.user, pk)
    if not is_secretariat(request.user):
        raise PermissionDenied(_("Only the secretariat may do this."))
    form = VersionForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form=form,
        perform=lambda: actions.add_version(
            actor=request.user,
            consultation_id=consultation.pk,
            draft=form.draft(),
            note=form.cleaned_data["note"],
        ),
        success=lambda version: (
            reverse("reporting:consultation_diff", args=[consultation.pk])
            + f"?from={version.number - 1}&to={version.number}"
        ),
        done=_("The new version was published; comments follow the paragraphs it keeps."),
        template=FORM_TEMPLATE,
        context={"title": _("New version of the text"), "consultation": consultation, "multipart": True},
    )


@login_required
def comment_add(request: HttpRequest, pk: int, paragraph: int) -> HttpResponse:
    """The comment form of one paragraph (the consultation page shows it inline; this page takes the post and
    shows it again with its errors)."""
    user = request.user
    consultation = queries.access_consultation(user, pk)
    texts = queries.version_texts(queries.latest_version(consultation))
    text = next((t for t in texts if t.paragraph_id == paragraph), None)
    form = CommentForm(request.POST or None, organizations=queries.commenting_organizations(user))
    return form_page(
        request,
        form=form,
        perform=lambda: actions.add_comment(
            actor=user,
            consultation_id=consultation.pk,
            paragraph_id=paragraph,
            text=form.cleaned_data["text"],
            language=form.cleaned_data["language"],
            organization_id=form.organization_id(),
        ),
        success=_anchored,
        done=_("Your comment was added."),
        template=FORM_TEMPLATE,
        context={"title": _("Comment on a paragraph"), "consultation": consultation, "quoted": text},
    )


@login_required
def reply_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    comment = queries.access_comment(user, pk)
    form = CommentForm(request.POST or None, organizations=queries.commenting_organizations(user))
    return form_page(
        request,
        form=form,
        perform=lambda: actions.add_reply(
            actor=user,
            comment_id=comment.pk,
            text=form.cleaned_data["text"],
            language=form.cleaned_data["language"],
            organization_id=form.organization_id(),
        ),
        success=_anchored,
        done=_("Your reply was added."),
        template=FORM_TEMPLATE,
        context={"title": _("Reply to a comment"), "consultation": comment.consultation, "comment": comment},
    )


@login_required
def moderation(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat's page: every comment, hidden ones included, with moderation and disposition forms."""
    consultation = queries.access_consultation(request.user, pk)
    if not is_secretariat(request.user):
        raise PermissionDenied(_("Only the secretariat moderates comments."))
    context = {
        "consultation": consultation,
        "text": queries.consultation_text(request.user, consultation),
        "moderation_form": ModerationForm(),
        "disposition_form": DispositionForm(),
    }
    return render(request, "reporting/consultations/moderation.html", context)


@login_required
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    comment = queries.access_comment(user, pk)
    form = ModerationForm(request.POST or None)
    hide = request.POST.get("hidden") != "0"
    return form_page(
        request,
        form=form,
        perform=lambda: actions.moderate_comment(
            actor=user, comment_id=comment.pk, hidden=hide, reason=form.cleaned_data["reason"]
        ),
        success=lambda c: (
            reverse("reporting:consultation_moderation", args=[c.consultation_id]) + f"#c-{c.pk}"
        ),
        done=_("The comment is hidden.") if hide else _("The comment is shown again."),
        template=FORM_TEMPLATE,
        context={"title": _("Hide a comment"), "consultation": comment.consultation, "comment": comment},
    )


@login_required
def comment_disposition(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    comment = queries.access_comment(user, pk)
    form = DispositionForm(request.POST or None)
    return form_page(
        request,
        form=form,
        perform=lambda: actions.record_disposition(
            actor=user,
            comment_id=comment.pk,
            disposition=form.cleaned_data["disposition"],
            reason=form.cleaned_data["reason"],
        ),
        success=lambda c: (
            reverse("reporting:consultation_moderation", args=[c.consultation_id]) + f"#c-{c.pk}"
        ),
        done=_("How the comment was taken into account is recorded."),
        template=FORM_TEMPLATE,
        context={
            "title": _("How the comment was taken into account"),
            "consultation": comment.consultation,
            "comment": comment,
        },
    )


def dispositions(request: HttpRequest, pk: int) -> HttpResponse:
    """How each comment was taken into account: public once the consultation has closed."""
    consultation = queries.access_consultation(request.user, pk)
    if not queries.may_see_dispositions(request.user, consultation):
        raise PermissionDenied(
            _("How comments were taken into account is published when the consultation closes, on %(date)s.")
            % {"date": consultation.closes_on.isoformat()}
        )
    context = {"consultation": consultation, "text": queries.consultation_text(request.user, consultation)}
    return render(request, "reporting/consultations/dispositions.html", context)


def _version_number(request: HttpRequest, name: str, default: int) -> int:
    raw = request.GET.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or len(raw) > 9:
        raise ValidationFailed(_("Choose versions by their number."), code="bad_version")
    return int(raw)


def version_diff(request: HttpRequest, pk: int) -> HttpResponse:
    """What changed between two versions, paragraph by paragraph (by default the last two)."""
    consultation = queries.access_consultation(request.user, pk)
    latest = queries.latest_version(consultation).number
    new = queries.access_version(request.user, consultation, _version_number(request, "to", latest))
    old = queries.access_version(
        request.user, consultation, _version_number(request, "from", max(new.number - 1, 1))
    )
    rows = paragraphs.diff_versions(
        [(t.paragraph_id, t.text) for t in queries.version_texts(old)],
        [(t.paragraph_id, t.text) for t in queries.version_texts(new)],
    )
    context = {
        "consultation": consultation,
        "old": old,
        "new": new,
        "rows": rows,
        "versions": list(consultation.versions.order_by("number")),
    }
    return render(request, "reporting/consultations/diff.html", context)


def _download(content: bytes, content_type: str, consultation: Consultation, extension: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    name = f"consultation-{consultation.pk}-comments.{extension}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def export_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = queries.access_consultation(request.user, pk)
    content = exports.comments_xlsx(request.user, consultation)
    return _download(content, exports.XLSX_TYPE, consultation, "xlsx")


def export_docx(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = queries.access_consultation(request.user, pk)
    content = exports.comments_docx(request.user, consultation)
    return _download(content, exports.DOCX_TYPE, consultation, "docx")
