"""Structured request logs (docs/operations.md, "Logs"): every request gets an id — the proxy's X-Request-ID
when it is well-formed, else a new one — sent back in the response header, attached to every log record made
while the request runs, and logged as one JSON line when the response is ready."""

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponseBase

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy's id may look like (a UUID, nginx's $request_id, …); anything else is replaced, so a client
# cannot write arbitrary text into the logs.
WELL_FORMED_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")
# Query parameters whose values never reach the log (tokens, passwords, signatures, one-time codes).
SENSITIVE_PARAM = re.compile(
    r"token|pass|secret|signature|api_?key|session|csrf|auth|^key$|^code$|^sig$", re.IGNORECASE
)
REDACTED = "REDACTED"
LONGEST_LOGGED_PATH = 2000

logger = logging.getLogger("gcmhub.requests")
_current_id: ContextVar[str | None] = ContextVar("gcmhub_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request being handled in this thread, or None outside a request."""
    return _current_id.get()


def request_id_for(request: HttpRequest) -> str:
    offered = request.headers.get(REQUEST_ID_HEADER, "")
    return offered if WELL_FORMED_ID.fullmatch(offered) else uuid.uuid4().hex


def loggable_path(request: HttpRequest) -> str:
    """The path with its query string, the values of sensitive parameters replaced."""
    path = request.path
    query = request.META.get("QUERY_STRING", "")
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        path += "?" + urlencode([(k, REDACTED if SENSITIVE_PARAM.search(k) else v) for k, v in pairs])
    return path[:LONGEST_LOGGED_PATH]


def user_for_log(request: HttpRequest) -> int | str:
    user = getattr(request, "user", None)
    try:
        if user is not None and user.is_authenticated:
            return int(user.pk)
    except DatabaseError:  # the session could not be read (the database is down): say so, don't fail
        return "unknown"
    return "anonymous"


class RequestLogMiddleware:
    """First in MIDDLEWARE, so it times and logs every response, static files and errors included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        request_id = request_id_for(request)
        token = _current_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id
            if settings.GCMHUB_REQUEST_LOG:
                log_request(request, response, (time.perf_counter() - started) * 1000)
            return response
        finally:
            _current_id.reset(token)


def log_request(request: HttpRequest, response: HttpResponseBase, duration_ms: float) -> None:
    """One record per request; the JSON formatter turns its `fields` into one line of JSON."""
    path = loggable_path(request)
    fields = {
        "request_id": current_request_id(),
        "method": request.method,
        "path": path,
        "status": response.status_code,
        # Until the response starts: a streamed body (an export) may take longer to send.
        "duration_ms": round(duration_ms, 1),
        "user": user_for_log(request),
    }
    level = logging.ERROR if response.status_code >= 500 else logging.INFO
    logger.log(level, "%s %s %s", request.method, path, response.status_code, extra={"fields": fields})


class RequestIdFilter(logging.Filter):
    """Gives every record the current request's id (or "-"), for formats that show it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id() or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request id, and the record's `fields`."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": current_request_id(),
            **getattr(record, "fields", {}),
        }
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
