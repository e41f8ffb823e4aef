"""The report builder's page (secretariat only): choose the call, format, language and outline, then the
build runs as a background job whose page shows its progress and offers the document for download."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gcmhub.core.jobs import enqueue_job
from gcmhub.reporting.report.access import require_report_builder
from gcmhub.reporting.report.forms import ReportForm
from gcmhub.reporting.report.tasks import build_report_job


def report_builder(request: HttpRequest) -> HttpResponse:
    require_report_builder(request.user)
    form = ReportForm(request.POST or None)
    if request.method != "POST":
        return render(request, "reporting/report/builder.html", {"form": form})
    if not form.is_valid():
        return render(request, "reporting/report/builder.html", {"form": form}, status=422)
    data = form.cleaned_data
    job = enqueue_job(
        build_report_job,
        actor=request.user,
        title=_("Draft of the Secretary-General's report (%(format)s, %(language)s)")
        % {"format": data["fmt"].upper(), "language": data["language"]},
        fmt=data["fmt"],
        call_id=int(data["call"]) if data["call"] else None,
        language=data["language"],
        outline=data["outline"],
        as_of=data["as_of"].isoformat() if data["as_of"] else None,
    )
    return redirect("job", job.pk)
