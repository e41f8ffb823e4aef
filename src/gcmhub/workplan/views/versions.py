"""Versions of the plan: the list, each import report, the difference between two, and the upload."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from gcmhub.core.exceptions import PermissionDenied, ValidationFailed
from gcmhub.workplan import queries
from gcmhub.workplan.forms import ImportForm
from gcmhub.workplan.importer import import_document

DIFF_FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "text": gettext_lazy("Text"),
    "output": gettext_lazy("Output"),
    "number": gettext_lazy("Number"),
    "timeframe": gettext_lazy("Timeframe"),
    "membership": gettext_lazy("Membership"),
    "objectives": gettext_lazy("GCM objectives"),
}


def versions(request: HttpRequest) -> HttpResponse:
    context = {"versions": list(queries.versions()), "may_import": queries.can_import_workplan(request.user)}
    return render(request, "workplan/versions.html", context)


def version_detail(request: HttpRequest, number: int) -> HttpResponse:
    version = queries.get_version(number)
    issues = list(queries.import_issues(version))
    context = {
        "version": version,
        "issues": issues,
        "warnings": sum(1 for issue in issues if issue.severity == "warning"),
        "previous": number - 1 if number > 1 else None,
    }
    return render(request, "workplan/version_detail.html", context)


def _labelled(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**e, "field_label": DIFF_FIELD_LABELS.get(e.get("field", ""), e.get("field", ""))} for e in entries
    ]


def version_diff(request: HttpRequest, a: int, b: int) -> HttpResponse:
    from gcmhub.workplan.diff import diff_versions

    old, new = queries.get_version(a), queries.get_version(b)
    diff = diff_versions(old, new)
    parts = []
    for key, title in (("results", _("Expected results")), ("activities", _("Activities"))):
        part = diff.get(key, {})
        parts.append(
            {
                "key": key,
                "title": title,
                "added": part.get("added", []),
                "removed": part.get("removed", []),
                "changed": _labelled(part.get("changed", [])),
            }
        )
    unchanged = not any(p["added"] or p["removed"] or p["changed"] for p in parts)
    context = {"old": old, "new": new, "parts": parts, "unchanged": unchanged}
    return render(request, "workplan/version_diff.html", context)


@login_required
def import_plan(request: HttpRequest) -> HttpResponse:
    if not queries.can_import_workplan(request.user):
        raise PermissionDenied(_("Only the secretariat may import a new version of the work plan."))
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                outcome = import_document(
                    upload.read(),
                    upload.name or "",
                    actor=request.user,
                    start_date=form.cleaned_data["start_date"],
                )
            except ValidationFailed as exc:
                form.add_error("file", exc.message)
            else:
                version = outcome.version
                if outcome.created:
                    count = len(outcome.issues)
                    message = ngettext(
                        "Version %(number)s has been imported; the import report lists %(count)s issue.",
                        "Version %(number)s has been imported; the import report lists %(count)s issues.",
                        count,
                    ) % {"number": version.number, "count": count}
                else:
                    message = _(
                        "The document is the same as the current version %(number)s: nothing was imported."
                    ) % {"number": version.number}
                messages.success(request, message)
                return redirect("workplan:version_detail", version.number)
        status = 413 if form.has_error("file", "too_big") else 422
    else:
        form = ImportForm()
    return render(request, "workplan/import.html", {"form": form}, status=status)
