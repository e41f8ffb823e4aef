"""Pages of calls for inputs: the list, a call with its questionnaire, the answer form, a response, the
secretariat's call editor and the response-rate dashboard. They parse input and call actions and queries."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gcmhub.accounts.queries import is_secretariat
from gcmhub.core.exceptions import DomainError, NotFound
from gcmhub.core.formpage import form_page
from gcmhub.reporting import actions, queries
from gcmhub.reporting.forms import AnswerForm, CallForm, QuestionForm, ReasonForm, SectionForm, field_name
from gcmhub.reporting.models import Call


def call_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    calls = list(queries.visible_calls(request.user))
    context = {
        "open_calls": [c for c in calls if c.is_open(today)],
        "upcoming": [c for c in calls if c.is_published and not c.has_opened(today)],
        "closed": [c for c in calls if c.is_published and c.has_closed(today)],
        "drafts": [c for c in calls if not c.is_published],
        "is_secretariat": is_secretariat(request.user),
    }
    return render(request, "reporting/calls.html", context)


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    call = queries.access_call(user, pk)
    answering = [
        (organization, audience, queries.response_of(call, organization))
        for organization, audience in queries.answering_organizations(user, call)
    ]
    context = {
        "call": call,
        "sections": queries.questionnaire(call),
        "answering": answering,
        "is_secretariat": is_secretariat(user),
        "reads_everything": queries.reads_everything(user),
        "public_responses": queries.public_responses().filter(call=call),
        "today": timezone.localdate(),
    }
    return render(request, "reporting/call_detail.html", context)


@login_required
def call_create(request: HttpRequest) -> HttpResponse:
    queries.require_call_editor(request.user)
    form = CallForm(request.POST or None)
    return form_page(
        request,
        form=form,
        perform=lambda: actions.create_call(actor=request.user, data=form.data_for_action()),
        success=lambda call: call.get_absolute_url(),
        done=_("The call was created. Add its sections and questions, then publish it."),
        template="reporting/call_form.html",
        context={"title": _("New call for inputs")},
    )


@login_required
def call_edit(request: HttpRequest, pk: int) -> HttpResponse:
    call = queries.access_call_for_edit(request.user, pk)
    form = CallForm(request.POST or None, initial=CallForm.initial_for(call))
    return form_page(
        request,
        form=form,
        perform=lambda: actions.update_call(actor=request.user, call_id=call.pk, data=form.data_for_action()),
        success=lambda call: call.get_absolute_url(),
        done=_("The call was saved."),
        template="reporting/call_form.html",
        context={"title": _("Edit the call"), "call": call},
    )


@login_required
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    call = queries.access_call_for_edit(request.user, pk)
    form = SectionForm(request.POST or None)
    return form_page(
        request,
        form=form,
        perform=lambda: actions.add_section(actor=request.user, call_id=call.pk, **form.cleaned_data),
        success=lambda _section: call.get_absolute_url(),
        done=_("The section was added."),
        template="reporting/call_form.html",
        context={"title": _("Add a section"), "call": call},
    )


@login_required
def question_add(request: HttpRequest, pk: int) -> HttpResponse:
    call = queries.access_call_for_edit(request.user, pk)
    form = QuestionForm(request.POST or None, sections=list(call.sections.all()))
    return form_page(
        request,
        form=form,
        perform=lambda: actions.add_question(
            actor=request.user,
            call_id=call.pk,
            section_id=int(form.cleaned_data["section"]),
            data=form.data_for_action(),
        ),
        success=lambda _question: call.get_absolute_url(),
        done=_("The question was added."),
        template="reporting/call_form.html",
        context={"title": _("Add a question"), "call": call},
    )


@login_required
@require_POST
def call_publish(request: HttpRequest, pk: int) -> HttpResponse:
    call = actions.publish_call(actor=request.user, call_id=pk)
    messages.success(request, _("The call is published."))
    return HttpResponseRedirect(call.get_absolute_url())


def _answering_as(request: HttpRequest, call: Call, acronym: str) -> tuple[Any, str]:
    for organization, audience in queries.answering_organizations(request.user, call):
        if organization.acronym == acronym:
            return organization, audience
    raise NotFound(_("You do not answer this call for that organization."))


@login_required
def respond(request: HttpRequest, pk: int, acronym: str) -> HttpResponse:
    """The answer form: "Save draft" keeps the answers; "Submit" saves them, then submits."""
    user = request.user
    call = queries.access_call(user, pk)
    organization, audience = _answering_as(request, call, acronym)
    response = queries.response_of(call, organization)
    if response is not None and response.is_submitted:
        return HttpResponseRedirect(response.get_absolute_url())
    sections = queries.questionnaire(call)
    questions = [q for _section, qs in sections for q in qs]
    answers = queries.answers_by_question(response)
    form = AnswerForm(
        request.POST or None,
        request.FILES or None,
        questions=questions,
        answers=answers,
        initial={"language": response.language if response else call.language},
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = actions.save_answers(
                    actor=user,
                    call_id=call.pk,
                    organization_id=organization.pk,
                    answers=form.answers(),
                    files={q.pk: (f, f.name) for q, f in form.files_given()},
                    language=form.cleaned_data["language"],
                )
                if "submit" in request.POST:
                    actions.submit_response(actor=user, response_id=saved.pk)
                    messages.success(request, _("Your response was submitted. Thank you."))
                    return HttpResponseRedirect(saved.get_absolute_url())
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                messages.success(request, _("Your draft was saved."))
                return HttpResponseRedirect(request.path)
        else:
            status = 422
    rows = [(section, [(q, form[field_name(q)], answers.get(q.pk)) for q in qs]) for section, qs in sections]
    context = {
        "call": call,
        "organization": organization,
        "audience": audience,
        "response": response,
        "form": form,
        "rows": rows,
    }
    return render(request, "reporting/respond.html", context, status=status)


def response_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    response = queries.access_response(user, pk)
    sections = queries.questionnaire(response.call)
    answers = queries.answers_by_question(response)
    context = {
        "response": response,
        "call": response.call,
        "rows": [(section, [(q, answers.get(q.pk)) for q in qs]) for section, qs in sections],
        "is_secretariat": is_secretariat(user),
        "is_author": queries.is_author(user, response),
        "reason_form": ReasonForm(),
    }
    return render(request, "reporting/response_detail.html", context)


@login_required
@require_POST
def response_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    form = ReasonForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    response = actions.reopen_response(actor=request.user, response_id=pk, reason=reason)
    messages.success(request, _("The response was reopened; its authors were told why."))
    return HttpResponseRedirect(response.get_absolute_url())


@login_required
@require_POST
def response_visibility(request: HttpRequest, pk: int) -> HttpResponse:
    public = request.POST.get("public") == "1"
    response = actions.set_response_public(actor=request.user, response_id=pk, public=public)
    messages.success(request, _("The response is public.") if public else _("The response is private."))
    return HttpResponseRedirect(response.get_absolute_url())


@login_required
@require_POST
def response_review(request: HttpRequest, pk: int) -> HttpResponse:
    resource = actions.publish_as_review(actor=request.user, response_id=pk)
    messages.success(
        request,
        _("The response was sent to the knowledge platform as a voluntary GCM review, for its review."),
    )
    return HttpResponseRedirect(resource.get_absolute_url())


def answer_file(request: HttpRequest, pk: int) -> FileResponse:
    answer = queries.access_answer_file(request.user, pk)
    return FileResponse(answer.file.open("rb"), as_attachment=True, filename=answer.file_name)


@login_required
def dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    board = queries.access_dashboard(request.user, pk)
    return render(request, "reporting/dashboard.html", {"board": board, "call": board.call})
