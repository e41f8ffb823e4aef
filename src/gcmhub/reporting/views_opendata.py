"""The open data page and its files. CSV and JSON stream straight from the database as they are read; XLSX
is written to a temporary file on disk (openpyxl's write-only mode) and sent from there, so no download holds
its dataset in memory (docs/open-data.md)."""

import tempfile
from email.utils import format_datetime

from django.http import FileResponse, HttpRequest, HttpResponseBase, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gcmhub.core.exceptions import NotFound
from gcmhub.reporting.opendata import package, writers
from gcmhub.reporting.opendata.datasets import FORMATS, LICENCE


def table_response(table: writers.Table, fmt: str, filename: str) -> HttpResponseBase:
    """`table` as a download in `fmt` (csv, json or xlsx)."""
    response: HttpResponseBase
    if fmt == "csv":
        response = StreamingHttpResponse(writers.csv_chunks(table), content_type=package.MEDIA_TYPES["csv"])
    elif fmt == "json":
        response = StreamingHttpResponse(writers.json_chunks(table), content_type=package.MEDIA_TYPES["json"])
    elif fmt == "xlsx":
        spool = tempfile.TemporaryFile()  # noqa: SIM115 (FileResponse closes, and so removes, it once sent)
        writers.write_xlsx(table, spool)
        spool.seek(0)
        response = FileResponse(spool, content_type=package.MEDIA_TYPES["xlsx"])
    else:
        raise NotFound(_("There is no such format; use csv, xlsx or json."))
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def open_data_index(request: HttpRequest) -> HttpResponseBase:
    context = {
        "datasets": package.catalogue(),
        "licence": LICENCE,
        "formats": FORMATS,
        "types": writers.types_dictionary(),
    }
    return render(request, "reporting/opendata/index.html", context)


def open_data_file(request: HttpRequest, dataset: str, fmt: str) -> HttpResponseBase:
    found = package.get_dataset(dataset)
    if found is None:
        raise NotFound(_("There is no such dataset."))
    updated = found.updated()
    response = table_response(found.table(), fmt, found.slug)
    if updated is not None:
        response["Last-Modified"] = format_datetime(updated, usegmt=True)
    return response


def open_data_package(request: HttpRequest) -> JsonResponse:
    """datapackage.json: the catalogue as a Frictionless Data Package, with full addresses."""
    descriptor = package.datapackage(request.build_absolute_uri)
    return JsonResponse(descriptor, json_dumps_params={"ensure_ascii": False, "indent": 2})
