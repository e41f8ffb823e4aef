"""The page that follows a background job (docs/jobs.md), and its result file. Only the person who started the
job and the secretariat see either; anyone else gets 404."""

from pathlib import PurePath

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from gcmhub.accounts import queries
from gcmhub.core.exceptions import NotFound
from gcmhub.core.models import Job

# The page reloads itself this often while the job runs (a meta refresh: no JavaScript needed).
REFRESH_SECONDS = 3


def _job_or_404(request: HttpRequest, job_id: int) -> Job:
    try:
        return queries.access_job(request.user, job_id)
    except NotFound as exc:
        raise Http404(exc.message) from exc


@never_cache
@login_required
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    found = _job_or_404(request, job_id)
    refresh = None if found.is_finished else REFRESH_SECONDS
    return render(request, "accounts/job.html", {"job": found, "refresh_seconds": refresh})


@never_cache
@login_required
def job_result(request: HttpRequest, job_id: int) -> FileResponse:
    try:
        return result_response(_job_or_404(request, job_id))
    except NotFound as exc:
        raise Http404(exc.message) from exc


def result_response(job: Job) -> FileResponse:
    """The job's result file as a download; NotFound while it has none."""
    if not job.result_file:
        raise NotFound(_("This job has no result file."))
    return FileResponse(
        job.result_file.open("rb"), as_attachment=True, filename=PurePath(job.result_file.name).name
    )
