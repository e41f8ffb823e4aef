"""Pages of IMRF pledges: the published list, a pledge with its progress history, the pledge form, the
secretariat's moderation, progress updates and the dashboard. They parse input and call actions and
queries; a refusal raised there becomes the error page."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import is_secretariat
from gcmhub.core.exceptions import PermissionDenied
from gcmhub.core.formpage import form_page
from gcmhub.core.pagination import page_of
from gcmhub.reporting.actions import pledges as actions
from gcmhub.reporting.forms_pledges import ModerationForm, PledgeForm, ProgressForm
from gcmhub.reporting.models_pledges import PledgeStatus
from gcmhub.reporting.opendata.datasets import FORMATS
from gcmhub.reporting.queries_pledges import (
    access_pledge,
    access_pledge_for_edit,
    access_pledge_for_moderation,
    access_pledge_for_progress,
    is_pledger,
    moderation_queue,
    pledge_dashboard,
    pledging_organizations,
    published_pledges,
    visible_pledges,
    with_details,
)

FORM_TEMPLATE = "reporting/pledges/form.html"


def pledge_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    own = visible_pledges(user).filter(organization__in=pledging_organizations(user))
    context = {
        "page": page_of(with_details(published_pledges()), request),
        "own": own.exclude(status=PledgeStatus.PUBLISHED),
        "may_pledge": pledging_organizations(user).exists(),
        "is_secretariat": is_secretariat(user),
        "formats": FORMATS,
    }
    return render(request, "reporting/pledges/list.html", context)


def pledge_detail(request: HttpRequest, public_id: str) -> HttpResponse:
    user = request.user
    pledge = access_pledge(user, public_id)
    pledger = is_pledger(user, pledge)
    context = {
        "pledge": pledge,
        "progress": list(pledge.progress.all()),
        "may_report": pledger and pledge.is_published,
        "may_edit": pledger and pledge.status == PledgeStatus.RETURNED,
        "may_moderate": is_secretariat(user) and pledge.status == PledgeStatus.SUBMITTED,
        # The moderation note is for the pledging organization and the secretariat.
        "sees_reason": pledger or is_secretariat(user),
    }
    return render(request, "reporting/pledges/detail.html", context)


@login_required
def pledge_create(request: HttpRequest) -> HttpResponse:
    organizations = pledging_organizations(request.user)
    if not organizations.exists():
        raise PermissionDenied(
            _("You may pledge only for an organization you are a focal point or stakeholder member of.")
        )
    form = PledgeForm(request.POST or None, organizations=organizations)
    return form_page(
        request,
        form=form,
        perform=lambda: actions.submit_pledge(actor=request.user, data=form.data_for_action()),
        success=lambda pledge: pledge.get_absolute_url(),
        done=_("Your pledge was submitted. The secretariat will publish it after moderation."),
        template=FORM_TEMPLATE,
        context={"title": _("Make a pledge")},
    )


@login_required
def pledge_edit(request: HttpRequest, public_id: str) -> HttpResponse:
    pledge = access_pledge_for_edit(request.user, public_id)
    organizations = pledging_organizations(request.user).filter(pk=pledge.organization_id)
    form = PledgeForm(
        request.POST or None, organizations=organizations, initial=PledgeForm.initial_for(pledge)
    )
    return form_page(
        request,
        form=form,
        perform=lambda: actions.resubmit_pledge(
            actor=request.user, public_id=pledge.public_id, data=form.data_for_action()
        ),
        success=lambda pledge: pledge.get_absolute_url(),
        done=_("Your pledge was resubmitted for moderation."),
        template=FORM_TEMPLATE,
        context={"title": _("Change the pledge"), "pledge": pledge},
    )


@login_required
def pledge_moderate(request: HttpRequest, public_id: str) -> HttpResponse:
    pledge = access_pledge_for_moderation(request.user, public_id)
    form = ModerationForm(request.POST or None)
    return form_page(
        request,
        form=form,
        perform=lambda: actions.moderate_pledge(
            actor=request.user,
            public_id=pledge.public_id,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
        ),
        success=lambda pledge: pledge.get_absolute_url(),
        done=_("The moderation decision was recorded."),
        template=FORM_TEMPLATE,
        context={"title": _("Moderate the pledge"), "pledge": pledge},
    )


@login_required
def pledge_progress(request: HttpRequest, public_id: str) -> HttpResponse:
    pledge = access_pledge_for_progress(request.user, public_id)
    form = ProgressForm(request.POST or None, initial={"reported_on": timezone.localdate()})
    return form_page(
        request,
        form=form,
        perform=lambda: actions.add_progress(
            actor=request.user, public_id=pledge.public_id, data=form.cleaned_data
        ),
        success=lambda _progress: pledge.get_absolute_url(),
        done=_("The progress was added to the pledge's history."),
        template=FORM_TEMPLATE,
        context={"title": _("Report progress"), "pledge": pledge},
    )


@login_required
def pledge_queue(request: HttpRequest) -> HttpResponse:
    if not is_secretariat(request.user):
        raise PermissionDenied(_("Only the secretariat moderates pledges."))
    return render(request, "reporting/pledges/queue.html", {"pledges": moderation_queue()})


def pledge_dashboard_page(request: HttpRequest) -> HttpResponse:
    return render(
        request, "reporting/pledges/dashboard.html", {"board": pledge_dashboard(), "formats": FORMATS}
    )
