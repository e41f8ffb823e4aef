"""The work plan as a file from its pages: the current (or a given) version as Word, Markdown or the stable
JSON, written by the same exporter as `gcmhub export_workplan`."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from gcmhub.core.exceptions import NotFound
from gcmhub.workplan import queries
from gcmhub.workplan.export import DOWNLOAD_TYPES, download_name, version_download
from gcmhub.workplan.models import WorkPlanVersion


def _file(version: WorkPlanVersion, fmt: str) -> HttpResponse:
    if fmt not in DOWNLOAD_TYPES:
        raise NotFound(_("There is no such format; use docx, md or json."))
    response = HttpResponse(version_download(version, fmt), content_type=DOWNLOAD_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{download_name(version, fmt)}"'
    return response


@require_safe
def current_download(request: HttpRequest, fmt: str) -> HttpResponse:
    version = queries.current_version()
    if version is None:
        raise NotFound(_("No version of the work plan has been imported yet."))
    return _file(version, fmt)


@require_safe
def version_download_view(request: HttpRequest, number: int, fmt: str) -> HttpResponse:
    return _file(queries.get_version(number), fmt)
