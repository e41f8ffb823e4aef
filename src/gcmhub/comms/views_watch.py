"""Pages of the situations watch and of talking points, for Network members only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gcmhub.accounts.queries import is_secretariat
from gcmhub.comms import queries, watch
from gcmhub.comms.forms import SituationForm, SituationLinksForm, SituationStatusForm, TalkingPointForm
from gcmhub.comms.models import Situation, SituationStatus
from gcmhub.core.exceptions import ValidationFailed
from gcmhub.core.formpage import form_page
from gcmhub.core.maps import world_map_svg
from gcmhub.core.pagination import page_of

# The map's colour for each status, in legend order.
MAP_CATEGORIES = (
    (SituationStatus.RESPONSE_AGREED, "map-cat-5"),
    (SituationStatus.MONITORING, "map-cat-3"),
    (SituationStatus.CLOSED, "map-cat-6"),
)


def situations_map(found: list[Situation]) -> str:
    """Each country coloured by the most pressing status of the situations that name it."""
    rank: dict[str, int] = {str(status): position for position, (status, _css) in enumerate(MAP_CATEGORIES)}
    values: dict[str, str] = {}
    for situation in found:
        for country in situation.countries.all():
            current = values.get(country.m49)
            if country.m49 and (current is None or rank[situation.status] < rank[current]):
                values[country.m49] = situation.status
    categories = [(str(status), str(SituationStatus(status).label), css) for status, css in MAP_CATEGORIES]
    return world_map_svg(values, categories, _("Situations on the watch list"), none_label=_("No situation"))


@login_required
def situations(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in ("", *SituationStatus.values):
        raise ValidationFailed(_("Unknown status."), code="bad_status")
    found = list(queries.situations(request.user, status))
    context = {
        "situations": found,
        "map": situations_map(found),
        "status": status,
        "statuses": SituationStatus.choices,
        "is_secretariat": is_secretariat(request.user),
    }
    return render(request, "comms/situations.html", context)


@login_required
def situation(request: HttpRequest, pk: int) -> HttpResponse:
    found = queries.access_situation(request.user, pk)
    context = {
        "situation": found,
        "links": queries.situation_links(request.user, found),
        "is_secretariat": is_secretariat(request.user),
        "status_form": SituationStatusForm(initial={"status": found.status}),
    }
    return render(request, "comms/situation.html", context)


@login_required
def situation_new(request: HttpRequest) -> HttpResponse:
    queries.check_secretariat(request.user)
    form = SituationForm(request.POST or None)
    return form_page(
        request,
        form=form,
        perform=lambda: watch.record_situation(actor=request.user, data=form.to_data()),
        success=lambda saved: saved.get_absolute_url(),
        done=_("The situation was added to the watch list."),
        template="comms/situation_form.html",
    )


@login_required
def situation_links(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretariat links a situation to joint programmes and support requests."""
    queries.check_secretariat(request.user)
    found = queries.access_situation(request.user, pk)
    initial = {
        "programmes": list(found.programmes.values_list("code", flat=True)),
        "support_requests": list(found.support_requests.values_list("pk", flat=True)),
    }
    # Bound on every POST: unticking every box posts no field at all, and that is a valid answer.
    data = request.POST if request.method == "POST" else None
    form = SituationLinksForm(data, initial=initial, user=request.user)
    return form_page(
        request,
        form=form,
        perform=lambda: watch.link_situation(actor=request.user, situation_id=pk, **form.cleaned_data),
        success=lambda saved: saved.get_absolute_url(),
        done=_("The situation's links were saved."),
        template="comms/situation_links_form.html",
        context={"situation": found},
    )


@login_required
@require_POST
def situation_status(request: HttpRequest, pk: int) -> HttpResponse:
    form = SituationStatusForm(request.POST)
    if not form.is_valid():
        queries.check_secretariat(request.user)
        raise ValidationFailed(_("Choose a status and a date."), code="invalid_status")
    changed = watch.set_situation_status(actor=request.user, situation_id=pk, **form.cleaned_data)
    messages.success(request, _("The situation's status was changed."))
    return redirect(changed.get_absolute_url())


@login_required
def talking_points(request: HttpRequest) -> HttpResponse:
    context = {"page": page_of(queries.talking_points(request.user), request), "today": timezone.localdate()}
    return render(request, "comms/talking_points.html", context)


@login_required
def talking_point_new(request: HttpRequest) -> HttpResponse:
    queries.check_network_member(request.user)
    form = TalkingPointForm(request.POST or None)
    return form_page(
        request,
        form=form,
        perform=lambda: watch.write_talking_points(actor=request.user, **form.cleaned_data),
        success=lambda saved: saved.get_absolute_url(),
        done=_("The talking points were saved."),
        template="comms/talking_point_form.html",
    )


@login_required
def talking_point(request: HttpRequest, pk: int) -> HttpResponse:
    """The latest version, the earlier ones, and a form for the next."""
    found = queries.access_talking_point(request.user, pk)
    form = TalkingPointForm(request.POST or None, initial={"review_by": found.review_by})
    return form_page(
        request,
        form=form,
        perform=lambda: watch.write_talking_points(
            actor=request.user,
            talking_point_id=pk,
            body=form.cleaned_data["body"],
            review_by=form.cleaned_data["review_by"],
        ),
        success=lambda saved: saved.get_absolute_url(),
        done=_("A new version was saved."),
        template="comms/talking_point.html",
        context={"note": found, "versions": found.versions.all(), "today": timezone.localdate()},
    )
