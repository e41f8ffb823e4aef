"""Pages of Network statements and their clearance. Views hold no business rules: they call actions and
queries."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gcmhub.accounts.queries import is_network_member, is_secretariat
from gcmhub.comms import actions, queries
from gcmhub.comms.forms import (
    AnswerForm,
    ClearanceRequestForm,
    ResolutionForm,
    StatementForm,
    TranslationForm,
)
from gcmhub.comms.models import Statement, StatementStatus, TranslationStatus
from gcmhub.core.audit import history_for, note_of
from gcmhub.core.exceptions import PermissionDenied
from gcmhub.core.formpage import form_page
from gcmhub.core.pagination import page_of


def statements(request: HttpRequest) -> HttpResponse:
    """Published statements for everyone; the drafts a person may see, for them."""
    found = queries.visible_statements(request.user).select_related("organization")
    q = request.GET.get("q", "").strip()[:200]
    if q:
        found = found.filter(title__icontains=q) | found.filter(body__icontains=q)
    context = {
        "page": page_of(found, request),
        "q": q,
        "can_draft": queries.can_draft(request.user),
        "waiting": queries.open_clearances_for(request.user),
        "is_network_member": is_network_member(request.user),
    }
    return render(request, "comms/statements.html", context)


def statement(request: HttpRequest, pk: int) -> HttpResponse:
    """The public page of a statement (a draft's page for those who may see it)."""
    found = queries.access_statement(request.user, pk)
    translations = found.translations.all()
    if found.status != StatementStatus.PUBLISHED or not is_secretariat(request.user):
        translations = translations.filter(status=TranslationStatus.PUBLISHED)
    context = {
        "statement": found,
        "translations": translations,
        "situations": queries.statement_situations(request.user, found),
        "can_edit": queries.can_edit(request.user, found),
        "is_secretariat": is_secretariat(request.user),
        "answer": _pending_answer(request, found),
    }
    return render(request, "comms/statement.html", context)


def _pending_answer(request: HttpRequest, found: Statement) -> AnswerForm | None:
    """The answer form, for an Executive Committee member still to answer on the current round."""
    if found.status != StatementStatus.IN_CLEARANCE:
        return None
    owed = queries.open_clearances_for(request.user).filter(statement=found)
    return AnswerForm() if owed.exists() else None


@login_required
def statement_new(request: HttpRequest) -> HttpResponse:
    form = StatementForm(request.POST or None)
    if not queries.can_draft(request.user):
        raise PermissionDenied(
            _("Only the secretariat or a Network member's focal point may draft a statement.")
        )
    return form_page(
        request,
        form=form,
        perform=lambda: actions.draft_statement(actor=request.user, text=form.to_text()),
        success=lambda saved: saved.get_absolute_url(),
        done=_("The draft was saved."),
        template="comms/statement_form.html",
    )


@login_required
def statement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.access_statement_for_edit(request.user, pk)
    initial = {
        "title": found.title,
        "body": found.body,
        "language": found.language,
        "objectives": ", ".join(str(o.number) for o in found.objectives.all()),
        "countries": ", ".join(c.iso3 for c in found.countries.all()),
        "situations": [s.pk for s in found.situations.all()],
        "events": [e.pk for e in found.events.all()],
    }
    form = StatementForm(request.POST or None, initial=initial)
    return form_page(
        request,
        form=form,
        perform=lambda: actions.edit_statement(actor=request.user, statement_id=pk, text=form.to_text()),
        success=lambda saved: saved.get_absolute_url(),
        done=_("The statement was saved."),
        template="comms/statement_form.html",
        context={"statement": found},
    )


@login_required
def clearance(request: HttpRequest, pk: int) -> HttpResponse:
    """The clearance sheet: each member's answer, the secretariat's tools, and the audit trail."""
    found = queries.access_statement(request.user, pk)
    if not (is_secretariat(request.user) or queries.clearing_organizations(request.user).exists()):
        raise PermissionDenied(_("Only the secretariat and the Executive Committee see the clearance sheet."))
    form = ClearanceRequestForm(request.POST or None)
    context = {
        "statement": found,
        "sheet": queries.current_clearances(found),
        "history": [(entry, note_of(entry)) for entry in history_for(found)[:50]],
        "is_secretariat": is_secretariat(request.user),
        "resolution_form": ResolutionForm(),
    }
    return form_page(
        request,
        form=form,
        perform=lambda: actions.send_for_clearance(
            actor=request.user,
            statement_id=pk,
            deadline=form.cleaned_data["deadline"],
            silence_procedure=form.cleaned_data["silence_procedure"],
        ),
        success=lambda saved: saved.get_absolute_url() + "clearance/",
        done=_("The statement was sent to the Executive Committee for clearance."),
        template="comms/clearance.html",
        context=context,
    )


@login_required
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.access_statement(request.user, pk)
    form = AnswerForm(request.POST or None)
    return form_page(
        request,
        form=form,
        perform=lambda: actions.answer_clearance(
            actor=request.user,
            statement_id=pk,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
        ),
        success=lambda saved: found.get_absolute_url(),
        done=_("Your answer was recorded."),
        template="comms/answer.html",
        context={"statement": found},
    )


@login_required
@require_POST
def resolve(request: HttpRequest, pk: int, clearance_id: int) -> HttpResponse:
    """A refusal (an outsider, an empty resolution) is raised and shown by the site's error page."""
    found = queries.access_statement(request.user, pk)
    form = ResolutionForm(request.POST)
    resolution = form.cleaned_data["resolution"] if form.is_valid() else ""
    actions.resolve_comment(actor=request.user, clearance_id=clearance_id, resolution=resolution)
    messages.success(request, _("The comment was marked as resolved."))
    return redirect(found.get_absolute_url() + "clearance/")


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    published = actions.publish_statement(actor=request.user, statement_id=pk)
    messages.success(request, _("The statement was published."))
    return redirect(published.get_absolute_url())


@login_required
def translation(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.access_statement(request.user, pk)
    queries.check_secretariat(request.user)
    form = TranslationForm(request.POST or None)
    return form_page(
        request,
        form=form,
        perform=lambda: actions.save_translation(actor=request.user, statement_id=pk, **form.cleaned_data),
        success=lambda saved: found.get_absolute_url(),
        done=_("The translation was saved."),
        template="comms/translation_form.html",
        context={"statement": found},
    )
