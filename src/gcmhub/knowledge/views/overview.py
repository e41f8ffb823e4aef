"""Pages across resources: the map of national plans, platforms' overlaps and gaps, calls for practices."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import is_secretariat
from gcmhub.core.exceptions import DomainError, PermissionDenied
from gcmhub.core.maps import world_map_svg
from gcmhub.core.pagination import page_of
from gcmhub.knowledge import actions, queries
from gcmhub.knowledge.forms import CallForm
from gcmhub.knowledge.models import NationalPlan
from gcmhub.knowledge.queries.overview import content_stamp

PLAN_CATEGORIES = [
    (NationalPlan.PlanStatus.ADOPTED, "map-cat-2"),
    (NationalPlan.PlanStatus.UNDER_REVIEW, "map-cat-3"),
    (NationalPlan.PlanStatus.IN_PREPARATION, "map-cat-1"),
]


def national_plans_map(request: HttpRequest) -> HttpResponse:
    """Which countries have published national implementation plans, and in what status."""
    language = queries.reader_language()
    plans = queries.national_plans_by_country()
    categories = [
        (str(status), str(NationalPlan.PlanStatus(status).label), css) for status, css in PLAN_CATEGORIES
    ]
    names = queries.country_names(language)
    svg = world_map_svg(
        {entry.country.m49: entry.status for entry in plans if entry.country.m49},
        categories,
        _("Countries with national implementation plans of the GCM, by status of the plan"),
        names=names,
        none_label=_("No plan recorded"),
    )
    rows = sorted(((entry.country.name_in(language), entry) for entry in plans), key=lambda row: row[0])
    return render(request, "knowledge/national_plans_map.html", {"map": svg, "rows": rows})


def overlap(request: HttpRequest) -> HttpResponse:
    """Objectives x regions across registered platforms and the hub's own content, with the gaps listed."""
    count, last = content_stamp()
    key = f"knowledge:overlap:{count}:{last.timestamp() if last else 0}"
    matrix = cache.get(key)
    if matrix is None:
        matrix = queries.overlap_and_gaps()
        cache.set(key, matrix, 300)
    regions = {region.m49: region for region in matrix.regions}
    objectives = {objective.number: objective for objective in matrix.objectives}
    context = {
        "matrix": matrix,
        "gaps": matrix.gaps,
        "gap_rows": [
            (
                objective,
                [(region, cell) for region, cell in zip(matrix.regions, cells, strict=True) if cell.is_gap],
            )
            for objective, cells in matrix.rows
            if any(cell.is_gap for cell in cells)
        ],
        "overlaps": [(objectives[c.objective], regions[c.region], c) for c in matrix.overlaps],
    }
    return render(request, "knowledge/overlap.html", context)


def calls(request: HttpRequest) -> HttpResponse:
    page = page_of(queries.calls_for_practices(), request)
    return render(
        request, "knowledge/calls.html", {"page": page, "is_secretariat": is_secretariat(request.user)}
    )


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = queries.access_call(pk)
    context = {
        "call": call,
        "resources": queries.published_answers(call),
        "can_submit": queries.can_submit(request.user),
    }
    return render(request, "knowledge/call_detail.html", context)


@login_required
def call_create(request: HttpRequest) -> HttpResponse:
    if not is_secretariat(request.user):
        raise PermissionDenied(_("Only the secretariat may open a call for practices."))
    form = CallForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                call = actions.create_call(
                    actor=request.user,
                    title=data["title"],
                    theme=data["theme"],
                    deadline=data["deadline"],
                    description=data["description"],
                    objectives=[int(v) for v in data["objectives"]],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                messages.success(request, _("The call is open."))
                return redirect(call)
        else:
            status = 422
    return render(request, "knowledge/call_form.html", {"form": form}, status=status)
