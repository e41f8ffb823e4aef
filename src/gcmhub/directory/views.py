"""Connection hub pages: the expert directory and support requests. Views hold no business rules."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gcmhub.accounts.queries import is_secretariat
from gcmhub.core.exceptions import PermissionDenied, ValidationFailed
from gcmhub.core.formpage import form_page
from gcmhub.core.forms import BLANK, set_choices
from gcmhub.core.pagination import page_of
from gcmhub.directory import actions, queries
from gcmhub.directory.forms import (
    AssignRequestForm,
    ExpertFilterForm,
    ExpertForm,
    StatusForm,
    SupportRequestForm,
)
from gcmhub.directory.matching import matches_for
from gcmhub.directory.models import Expert, SupportRequest


def index(request: HttpRequest) -> HttpResponse:
    """The expert directory, with filters."""
    form = ExpertFilterForm(request.GET or None)
    values = form.cleaned_data if form.is_bound and form.is_valid() else {}
    experts = queries.filter_experts(
        queries.listed_experts(request.user),
        objective=values.get("objective", ""),
        region=values.get("region", ""),
        language=values.get("language", ""),
        q=values.get("q", ""),
    )
    context = {
        "form": form,
        "page": page_of(experts, request),
        "sees_contacts": queries.sees_contacts(request.user),
        "can_request": queries.can_request_support(request.user),
        "is_secretariat": is_secretariat(request.user),
    }
    return render(request, "directory/index.html", context)


def expert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    expert = queries.access_expert(request.user, pk)
    context = {
        "expert": expert,
        "sees_contacts": queries.sees_contacts(request.user),
        "can_edit": queries.can_edit_expert(request.user, expert),
    }
    return render(request, "directory/expert_detail.html", context)


def _expert_form(request: HttpRequest, expert: Expert | None) -> HttpResponse:
    initial = ExpertForm.initial_for(expert) if expert else {"visibility": Expert.Visibility.PUBLIC}
    form = ExpertForm(request.POST or None, initial=initial)

    def save() -> Expert:
        if expert is None:
            return actions.create_expert(actor=request.user, data=form.to_data())
        return actions.update_expert(actor=request.user, expert_id=expert.pk, data=form.to_data())

    return form_page(
        request,
        form=form,
        perform=save,
        success=lambda saved: saved.get_absolute_url(),
        done=_("The profile was saved."),
        template="directory/expert_form.html",
        context={"expert": expert},
    )


@login_required
def expert_create(request: HttpRequest) -> HttpResponse:
    # login_required: request.user is a User, which has memberships.
    if not (is_secretariat(request.user) or request.user.memberships.exists()):  # type: ignore[union-attr]
        raise PermissionDenied(_("Only the secretariat or focal points of an organization may add experts."))
    return _expert_form(request, None)


@login_required
def expert_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _expert_form(request, queries.access_expert_for_edit(request.user, pk))


@login_required
def requests(request: HttpRequest) -> HttpResponse:
    secretariat = is_secretariat(request.user)
    context = {
        "page": page_of(queries.visible_requests(request.user), request),
        "is_secretariat": secretariat,
        "can_request": queries.can_request_support(request.user),
        "times": queries.response_times() if secretariat else None,
    }
    return render(request, "directory/requests.html", context)


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    if not queries.can_request_support(request.user):
        raise PermissionDenied(_("Only Member State focal points may request support."))
    form = SupportRequestForm(request.POST or None)

    def send() -> SupportRequest:
        data = form.cleaned_data
        return actions.create_request(
            actor=request.user,
            title=data["title"],
            description=data["description"],
            objectives=[int(v) for v in data["objectives"]],
            urgency=data["urgency"],
            language=data["language"],
        )

    return form_page(
        request,
        form=form,
        perform=send,
        success=lambda created: created.get_absolute_url(),
        done=_("Your request was sent to the secretariat."),
        template="directory/request_form.html",
    )


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    support_request = queries.access_request(request.user, pk)
    secretariat = is_secretariat(request.user)
    requester = queries.is_requester(request.user, support_request)
    matches = matches_for(support_request, request.user) if (secretariat or requester) else {}
    context: dict[str, Any] = {
        "req": support_request,
        "history": support_request.history.select_related("changed_by"),
        "is_secretariat": secretariat,
        "is_requester": requester,
        "matches": matches,
        "sees_contacts": queries.sees_contacts(request.user),
    }
    if secretariat:
        form = AssignRequestForm()
        set_choices(
            form, "expert", BLANK + [(m.obj.pk, f"{m.obj} ({m.score:.2f})") for m in matches["expert"]]
        )
        set_choices(
            form,
            "organization",
            BLANK + [(m.obj.pk, f"{m.obj.acronym} ({m.score:.2f})") for m in matches["organization"]],
        )
        set_choices(
            form,
            "practice",
            BLANK + [(m.obj.pk, f"{m.obj.title} ({m.score:.2f})") for m in matches["practice"]],
        )
        context.update(assign_form=form, status_form=StatusForm())
    return render(request, "directory/request_detail.html", context)


@login_required
@require_POST
def request_assign(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_secretariat(request.user):
        raise PermissionDenied(_("Only the secretariat assigns support requests."))

    def number(name: str) -> int | None:
        value = request.POST.get(name, "")
        return int(value) if value.isdigit() else None

    actions.assign_request(
        actor=request.user,
        request_id=pk,
        expert_id=number("expert"),
        organization_id=number("organization"),
        practice_id=number("practice"),
        note=request.POST.get("note", ""),
    )
    messages.success(request, _("The request was assigned and the requester told."))
    return redirect("directory:request", pk=pk)


@login_required
@require_POST
def request_status(request: HttpRequest, pk: int) -> HttpResponse:
    form = StatusForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_("Choose a status."))
    actions.set_request_status(actor=request.user, request_id=pk, **form.cleaned_data)
    messages.success(request, _("The status was changed."))
    return redirect("directory:request", pk=pk)
