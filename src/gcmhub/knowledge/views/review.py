"""Review pages: submitting, the review queue, a reviewer's form and conflict declaration, and the
secretariat's assignment, decision, publication and archiving."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gcmhub.accounts.queries import is_secretariat
from gcmhub.core.exceptions import DomainError, NotFound, PermissionDenied, ValidationFailed
from gcmhub.knowledge import actions, queries
from gcmhub.knowledge.forms import ConflictForm, DecisionForm, RationaleForm, ReviewForm
from gcmhub.knowledge.models import ReviewAssignment


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    resource = actions.submit_resource(actor=request.user, resource_id=pk)
    messages.success(request, _("Submitted for review. You will be told by e-mail at each step."))
    return redirect(resource)


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """A reviewer's assignments; for the secretariat also everything in review and time-to-publish."""
    secretariat = is_secretariat(request.user)
    if not (secretariat or queries.is_reviewer(request.user)):
        raise PermissionDenied(_("Only reviewers and the secretariat have a review queue."))
    context = {
        "assignments": queries.assignments_for(request.user),
        "is_secretariat": secretariat,
        "in_review": queries.review_queue() if secretariat else [],
        "stats": queries.time_to_publish() if secretariat else None,
    }
    return render(request, "knowledge/review_queue.html", context)


def _assignment(request: HttpRequest, pk: int) -> ReviewAssignment:
    assignment = (
        ReviewAssignment.objects.select_related("resource").filter(pk=pk, reviewer_id=request.user.pk).first()
        if request.user.is_authenticated
        else None
    )
    if assignment is None:
        raise NotFound(_("There is no such review assignment."))
    return assignment


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = _assignment(request, pk)
    resource = queries.access_resource(request.user, assignment.resource_id)
    form = ReviewForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                actions.submit_review(
                    actor=request.user,
                    assignment_id=assignment.pk,
                    scores={c: data[c] for c in ReviewAssignment.CRITERIA},
                    recommendation=data["recommendation"],
                    comments=data["comments"],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                messages.success(request, _("Thank you: your review was recorded."))
                return redirect("knowledge:review_queue")
        else:
            status = 422
    context = {
        "assignment": assignment,
        "resource": resource,
        "text": queries.localize(resource, queries.reader_language()),
        "form": form,
        "conflict_form": ConflictForm(),
    }
    return render(request, "knowledge/review_form.html", context, status=status)


@login_required
@require_POST
def conflict(request: HttpRequest, pk: int) -> HttpResponse:
    form = ConflictForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    actions.declare_conflict(actor=request.user, assignment_id=pk, note=note)
    messages.success(request, _("Your conflict of interest was recorded and another reviewer will be asked."))
    return redirect("knowledge:review_queue")


@login_required
@require_POST
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    reviewer_ids = [int(v) for v in request.POST.getlist("reviewers") if v.isdigit()]
    assignments = actions.assign_reviewers(
        actor=request.user, resource_id=pk, reviewer_ids=reviewer_ids or None
    )
    messages.success(request, _("%(count)d reviewer(s) assigned.") % {"count": len(assignments)})
    return redirect("knowledge:resource", pk=pk)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_secretariat(request.user):
        raise PermissionDenied(_("Only the secretariat may do this."))
    form = DecisionForm(request.POST)
    if not form.is_valid():
        raise ValidationFailed(_("Choose a decision and give its rationale."))
    actions.decide(actor=request.user, resource_id=pk, **form.cleaned_data)
    messages.success(request, _("The decision was recorded."))
    return redirect("knowledge:resource", pk=pk)


@login_required
@require_POST
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    form = RationaleForm(request.POST)
    rationale = form.cleaned_data["rationale"] if form.is_valid() else ""
    actions.publish_resource(actor=request.user, resource_id=pk, rationale=rationale)
    messages.success(request, _("Published."))
    return redirect("knowledge:resource", pk=pk)


@login_required
@require_POST
def archive(request: HttpRequest, pk: int) -> HttpResponse:
    form = RationaleForm(request.POST)
    rationale = form.cleaned_data["rationale"] if form.is_valid() else ""
    actions.archive_resource(actor=request.user, resource_id=pk, rationale=rationale)
    messages.success(request, _("Archived: it is no longer public."))
    return redirect("knowledge:resource", pk=pk)
