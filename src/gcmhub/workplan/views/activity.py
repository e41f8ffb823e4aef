"""The activity page and its two forms: progress updates and tracking (lead, participants, planned dates)."""

from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.core.exceptions import ValidationFailed
from gcmhub.workplan import actions, queries
from gcmhub.workplan.forms import ProgressUpdateForm, TrackingForm
from gcmhub.workplan.models import Activity
from gcmhub.workplan.views.history import history_rows

# The activity page shows the latest events; the history page shows them all.
HISTORY_ON_PAGE = 10


def _actor(request: HttpRequest) -> AbstractBaseUser:
    # login_required has run, so the user is a real account.
    user = request.user
    assert isinstance(user, AbstractBaseUser)
    return user


def _render_activity(
    request: HttpRequest,
    activity: Activity,
    *,
    progress_form: ProgressUpdateForm | None = None,
    tracking_form: TrackingForm | None = None,
    status: int = 200,
) -> HttpResponse:
    may_update = queries.may_track(request.user, activity)
    # Errors of a form that is no longer offered (e.g. the version was replaced) are shown on their own.
    page_errors = (
        [] if may_update else [e for f in (progress_form, tracking_form) if f for e in f.non_field_errors()]
    )
    if may_update:
        progress_form = progress_form or ProgressUpdateForm(initial={"status": activity.status})
        tracking_form = tracking_form or TrackingForm(activity=activity)
    entries = list(queries.activity_history(activity)[: HISTORY_ON_PAGE + 1])
    # A signed-in person who may not update the current version is told who may, rather than seeing no form.
    may_not_update = (
        request.user.is_authenticated and activity.result.section.version.is_current and not may_update
    )
    context = {
        "why_not_allowed": queries.why_not_allowed_to_update(activity) if may_not_update else "",
        "activity": activity,
        "result": activity.result,
        "version": activity.result.section.version,
        "may_update": may_update,
        "page_errors": page_errors,
        "progress_form": progress_form if may_update else None,
        "tracking_form": tracking_form if may_update else None,
        "history": history_rows(entries[:HISTORY_ON_PAGE]),
        "more_history": len(entries) > HISTORY_ON_PAGE,
        "today": timezone.localdate(),
    }
    return render(request, "workplan/activity.html", context, status=status)


def activity(request: HttpRequest, activity_id: int) -> HttpResponse:
    return _render_activity(request, queries.get_activity_detail(activity_id))


@login_required
def activity_progress(request: HttpRequest, activity_id: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("workplan:activity", activity_id)
    # Refuse those who may not update before looking at what they sent.
    queries.access_activity_for_update(request.user, activity_id)
    form = ProgressUpdateForm(request.POST)
    if form.is_valid():
        try:
            actions.add_progress_update(actor=_actor(request), activity_id=activity_id, **form.cleaned_data)
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your progress update has been saved."))
            return redirect("workplan:activity", activity_id)
    return _render_activity(request, queries.get_activity_detail(activity_id), progress_form=form, status=422)


@login_required
def activity_update(request: HttpRequest, activity_id: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("workplan:activity", activity_id)
    queries.access_activity_for_update(request.user, activity_id)
    activity = queries.get_activity_detail(activity_id)
    form = TrackingForm(request.POST, activity=activity)
    if form.is_valid():
        try:
            actions.update_activity(actor=_actor(request), activity_id=activity_id, **form.action_arguments())
        except ValidationFailed as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The tracking details have been saved."))
            return redirect("workplan:activity", activity_id)
    return _render_activity(request, activity, tracking_form=form, status=422)


def activity_history(request: HttpRequest, activity_id: int) -> HttpResponse:
    subject = queries.get_activity_detail(activity_id)
    rows = history_rows(queries.activity_history(subject))
    return render(request, "workplan/history.html", {"subject": subject, "kind": "activity", "rows": rows})
