"""Jobs API: follow a background job you started (the secretariat can follow any), and download its result."""

from django.http import FileResponse, HttpRequest
from ninja import Router

from gcmhub.accounts import queries
from gcmhub.accounts.auth import api_auth
from gcmhub.accounts.job_views import result_response
from gcmhub.accounts.schemas import JobOut
from gcmhub.core.models import Job
from gcmhub.core.params import DbInt
from gcmhub.core.schemas import PROBLEMS_AUTH, PROBLEMS_READ

router = Router(tags=["jobs"], auth=api_auth)


@router.get(
    "/{int:job_id}",
    response={200: JobOut, **PROBLEMS_AUTH, **PROBLEMS_READ},
    summary="A background job: its status, progress and error",
)
def job(request: HttpRequest, job_id: DbInt) -> Job:
    # ninja sets request.auth once the caller is authenticated; HttpRequest's stubs do not declare it.
    return queries.access_job(request.auth, job_id)  # type: ignore[attr-defined]


@router.get(
    "/{int:job_id}/result",
    response={200: None, **PROBLEMS_AUTH, **PROBLEMS_READ},
    url_name="job_result",
    summary="Download a background job's result file",
)
def job_result(request: HttpRequest, job_id: DbInt) -> FileResponse:
    # ninja sets request.auth once the caller is authenticated; HttpRequest's stubs do not declare it.
    return result_response(queries.access_job(request.auth, job_id))  # type: ignore[attr-defined]
