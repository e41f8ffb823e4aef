"""Request bodies over the configured maximum: refused before they are read, and answered 413 (the translated
error page, or problem+json under /api/) wherever the refusal happens."""

from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views import defaults

from gcmhub.core.problems import problem


class RequestTooLarge(RequestDataTooBig):
    """A multipart request (files included) larger than GCMHUB_MAX_REQUEST_BYTES."""


class LimitedUploadHandler(FileUploadHandler):
    """First of the upload handlers: refuses a multipart request over GCMHUB_MAX_REQUEST_BYTES from its
    declared length, before a byte of it is read. (Django's DATA_UPLOAD_MAX_MEMORY_SIZE leaves files out.)"""

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],
        content_length: int,
        boundary: Any,
        encoding: str | None = None,
    ) -> None:
        if content_length > settings.GCMHUB_MAX_REQUEST_BYTES:
            raise RequestTooLarge(f"Request body of {content_length} bytes exceeds GCMHUB_MAX_REQUEST_BYTES.")

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        return raw_data  # the next handler stores it

    def file_complete(self, file_size: int) -> None:
        return None


def too_large_message(exc: RequestDataTooBig) -> str:
    limit = (
        settings.GCMHUB_MAX_REQUEST_BYTES
        if isinstance(exc, RequestTooLarge)
        else settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    )
    return _("This request is too large: at most %(limit)s can be sent at once.") % {
        "limit": filesizeformat(limit)
    }


def too_large_problem(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return problem(request, 413, too_large_message(exc), code="request_too_large")


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400: a body over the maximum is 413 (a page, or problem+json under /api/); the rest are 400."""
    if isinstance(exception, RequestDataTooBig):
        if request.path.startswith("/api/"):
            return too_large_problem(request, exception)
        context = {"message": too_large_message(exception)}
        return render(request, "413.html", context, status=413)
    if request.path.startswith("/api/"):
        return problem(request, 400, _("The request is not valid."), code="bad_request")
    return defaults.bad_request(request, exception)
