"""Resource pages: the index, lists with filters, details in the reader's language, submission and editing,
translations and attachments."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gcmhub.accounts.queries import is_secretariat
from gcmhub.core.exceptions import DomainError, PermissionDenied, ValidationFailed
from gcmhub.core.formpage import form_page
from gcmhub.core.forms import set_choices
from gcmhub.core.pagination import page_of
from gcmhub.knowledge import actions, queries
from gcmhub.knowledge.attachments import CONTENT_TYPES
from gcmhub.knowledge.forms import AttachmentForm, FilterForm, ResourceForm, TranslationForm
from gcmhub.knowledge.models import CallForPractices, Kind, Language, Resource, Status

# URL segments of the kinds' list pages.
KIND_SLUGS = {
    "practices": Kind.PRACTICE,
    "national-plans": Kind.NATIONAL_PLAN,
    "reviews": Kind.REVIEW,
    "guidance": Kind.GUIDANCE,
    "publications": Kind.PUBLICATION,
    "trainings": Kind.TRAINING,
    "platforms": Kind.PLATFORM,
    "events": Kind.EVENT,
}
SLUG_OF: dict[str, str] = {str(kind): slug for slug, kind in KIND_SLUGS.items()}


def _kind(slug: str) -> str:
    if slug not in KIND_SLUGS:
        raise Http404(_("There is no such kind of resource."))
    return KIND_SLUGS[slug]


def index(request: HttpRequest) -> HttpResponse:
    counts = queries.published_counts_by_kind()
    kinds = [(slug, kind, Kind(kind).label, counts.get(kind, 0)) for slug, kind in KIND_SLUGS.items()]
    context = {
        "kinds": kinds,
        "can_submit": queries.can_submit(request.user),
        "is_reviewer": queries.is_reviewer(request.user),
        "is_secretariat": is_secretariat(request.user),
        "open_calls": [c for c in CallForPractices.objects.all()[:20] if c.is_open()],
    }
    return render(request, "knowledge/index.html", context)


def _search_page(
    request: HttpRequest, kind: str, text: str, filters: dict[str, list[str]]
) -> tuple[Any, list[Resource]]:
    """Full-text results through the search service (published resources only, as indexed)."""
    from gcmhub.search.service import request_for_page, search

    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    result = search(
        request_for_page(text, filters=filters, kinds=[kind], page=number, per_page=20),
        language=queries.reader_language(),
    )
    pks = [
        int(hit.doc_id.rsplit(":", 1)[1])
        for hit in result.hits
        if hit.doc_id.startswith("knowledge.resource:")
    ]
    return result, queries.resources_in_order(pks, queries.published_resources(kind))


def resource_list(request: HttpRequest, kind_slug: str) -> HttpResponse:
    kind = _kind(kind_slug)
    form = FilterForm(request.GET or None)
    filters = form.filters()
    text = form.cleaned_data.get("q", "").strip() if form.is_bound and form.is_valid() else ""
    context: dict[str, Any] = {
        "kind": kind,
        "kind_label": Kind(kind).label,
        "kind_slug": kind_slug,
        "form": form,
    }
    if text:
        try:
            result, resources = _search_page(request, kind, text, filters)
        except DomainError as exc:
            context.update(error=exc.message, resources=[], total=0)
            return render(request, "knowledge/list.html", context, status=exc.status_code)
        context.update(search=result, resources=resources, total=result.total)
    else:
        page = page_of(queries.with_details(queries.published_resources(kind, filters)), request)
        context.update(page=page, resources=page.object_list, total=page.paginator.count)
    language = queries.reader_language()
    context["cards"] = [(r, queries.localize(r, language)) for r in context["resources"]]
    return render(request, "knowledge/list.html", context)


def resource_detail(request: HttpRequest, pk: int) -> HttpResponse:
    resource = queries.access_resource(request.user, pk)
    resource = queries.with_details(Resource.objects.filter(pk=resource.pk)).get()
    user = request.user
    secretariat = is_secretariat(user)
    submitter = queries.is_submitter(user, resource)
    my_assignment = (
        resource.assignments.filter(reviewer=user, round=resource.review_round).first()
        if user.is_authenticated
        else None
    )
    context = {
        "resource": resource,
        "text": queries.localize(resource, queries.reader_language()),
        "kind_slug": SLUG_OF[resource.kind],
        "can_edit": queries.can_edit(user, resource),
        "is_submitter": submitter,
        "is_secretariat": secretariat,
        "show_review": secretariat or submitter,
        "decisions": resource.decisions.select_related("decided_by") if (secretariat or submitter) else [],
        "assignments": resource.assignments.select_related("reviewer", "organization") if secretariat else [],
        "my_assignment": my_assignment,
        "steps": actions.next_steps(resource),
        "is_revision": resource.status == Status.CHANGES_REQUESTED,
        "may_review": actions.review_is_open(my_assignment, resource),
        "attachments": resource.attachments.all(),
        "translations": {t.language: t for t in resource.translations.all()},
        "translation_languages": Language.choices,
    }
    if secretariat:
        from gcmhub.knowledge.forms import AssignForm, DecisionForm

        assign_form = AssignForm()
        candidates = actions.eligible_reviewers(resource)
        set_choices(
            assign_form,
            "reviewers",
            [
                (str(c.user.pk), f"{c.user.get_username()} ({_('UN system') if c.is_un else _('external')})")
                for c in candidates
            ],
        )
        context.update(assign_form=assign_form, decision_form=DecisionForm())
    context.update(_related(resource, reviewing=secretariat or my_assignment is not None))
    return render(request, "knowledge/detail.html", context)


def _related(resource: Resource, *, reviewing: bool) -> dict[str, object]:
    """Similar published resources; for a reviewer of an unpublished one, the ones it may repeat."""
    from gcmhub.search.registry import doc_id_for
    from gcmhub.search.similar import possible_duplicates, similar_to

    doc_id = doc_id_for(resource)
    language = get_language()
    related: dict[str, object] = {"similar": similar_to(doc_id, language=language)}
    if reviewing and resource.status != Status.PUBLISHED:
        text = f"{resource.title}\n{resource.summary}"
        related["possible_duplicates"] = possible_duplicates(text, exclude={doc_id}, language=language)
    return related


def _organization_choice(request: HttpRequest, kind: str) -> Any:
    allowed = list(queries.submitting_organizations(request.user, kind))
    chosen = request.POST.get("organization") if request.method == "POST" else None
    return allowed, next((o for o in allowed if str(o.pk) == chosen), allowed[0] if allowed else None)


@login_required
def submit_choose(request: HttpRequest) -> HttpResponse:
    if not queries.can_submit(request.user):
        raise PermissionDenied(_("Only focal points of an organization may submit resources."))
    kinds = [(slug, Kind(kind).label) for slug, kind in KIND_SLUGS.items()]
    return render(
        request, "knowledge/submit_choose.html", {"kinds": kinds, "call": request.GET.get("call", "")}
    )


@login_required
def resource_create(request: HttpRequest, kind_slug: str) -> HttpResponse:
    kind = _kind(kind_slug)
    allowed, organization = _organization_choice(request, kind)
    if not allowed:
        if kind in queries.GOVERNMENT_KINDS:
            raise PermissionDenied(
                _("Only a Member State focal point or the secretariat may record national plans and reviews.")
            )
        raise PermissionDenied(_("Only focal points of an organization may submit resources."))
    call_id = request.POST.get("call") or request.GET.get("call")
    call = CallForPractices.objects.filter(pk=call_id).first() if call_id and str(call_id).isdigit() else None
    form = ResourceForm(request.POST or None, kind=kind)
    context = {
        "kind_label": Kind(kind).label,
        "organizations": allowed,
        "organization": organization,
        "call": call,
        "creating": True,
    }
    return form_page(
        request,
        form=form,
        perform=lambda: actions.create_resource(
            actor=request.user, kind=kind, data=form.to_data(), organization=organization, call=call
        ),
        success=lambda resource: resource.get_absolute_url(),
        done=_("Saved as a draft. Add attachments or translations, then submit it for review."),
        template="knowledge/form.html",
        context=context,
    )


@login_required
def resource_edit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = queries.access_resource_for_edit(request.user, pk)
    form = ResourceForm(request.POST or None, kind=resource.kind, initial=ResourceForm.initial_for(resource))
    return form_page(
        request,
        form=form,
        perform=lambda: actions.update_resource(
            actor=request.user, resource_id=resource.pk, data=form.to_data()
        ),
        success=lambda _saved: resource.get_absolute_url(),
        done=_("Your changes were saved."),
        template="knowledge/form.html",
        context={"resource": resource, "kind_label": resource.get_kind_display(), "creating": False},
    )


@login_required
def translation_edit(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    resource = queries.access_resource_for_edit(request.user, pk)
    if language not in Language.values or language == resource.language:
        raise ValidationFailed(_("Choose another of the six UN languages than the original."))
    existing = resource.translations.filter(language=language).first()
    initial = (
        {"title": existing.title, "summary": existing.summary, "body": existing.body} if existing else {}
    )
    form = TranslationForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form=form,
        perform=lambda: actions.set_translation(
            actor=request.user, resource_id=resource.pk, language=language, **form.cleaned_data
        ),
        success=lambda _saved: resource.get_absolute_url(),
        done=_("The translation was saved."),
        template="knowledge/translation_form.html",
        context={"resource": resource, "language_name": Language(language).label, "language": language},
    )


def _too_large(request: HttpRequest) -> bool:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    # The form's own fields add a few kilobytes to the file.
    return length > settings.GCMHUB_ATTACHMENT_MAX_BYTES + 64 * 1024


@login_required
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    resource = queries.access_resource_for_edit(request.user, pk)
    if request.method == "POST" and _too_large(request):
        raise actions.TooLarge(
            _("The file is larger than the %(limit)d MB allowed.")
            % {"limit": settings.GCMHUB_ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        )
    form = AttachmentForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        form=form,
        perform=lambda: actions.add_attachment(
            actor=request.user,
            resource_id=resource.pk,
            upload=form.cleaned_data["file"],
            name=form.cleaned_data["file"].name,
        ),
        success=lambda _attached: resource.get_absolute_url(),
        done=_("The file was attached."),
        template="knowledge/attachment_form.html",
        context={"resource": resource},
    )


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = queries.access_attachment(request.user, pk)
    actions.remove_attachment(actor=request.user, attachment_id=attachment.pk)
    messages.success(request, _("The file was removed."))
    return redirect(attachment.resource)


def attachment_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Served only when the resource is visible to the reader; always as a download, never rendered inline."""
    attachment = queries.access_attachment(request.user, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file is missing.")) from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=CONTENT_TYPES[attachment.file_type],
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if attachment.resource.status != Status.PUBLISHED:
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
def my_submissions(request: HttpRequest) -> HttpResponse:
    resources = page_of(queries.submissions_of(request.user).select_related("organization"), request)
    return render(request, "knowledge/mine.html", {"page": resources})
