"""The submission form's objective and guiding principle suggestions: an HTML fragment for the draft's text,
fetched as the user types. It reads and stores nothing."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from gcmhub.knowledge.suggestions import full_suggestions, resource_text
from gcmhub.search.suggest import MAX_ENCODED_CHARS


@login_required
@require_POST
def objective_suggestions(request: HttpRequest) -> HttpResponse:
    """Posted: the form's title, summary and description (any other field is ignored)."""
    text = resource_text(
        request.POST.get("title", ""), request.POST.get("summary", ""), request.POST.get("body", "")
    )
    # Only the beginning is read: a long description's first pages say what it is about.
    suggestions, principles = full_suggestions(text[:MAX_ENCODED_CHARS])
    context = {"suggestions": suggestions, "principles": principles, "live": True}
    return render(request, "knowledge/_objective_suggestions.html", context)
