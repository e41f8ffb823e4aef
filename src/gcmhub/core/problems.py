"""RFC 7807 problem+json responses."""

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem(request: HttpRequest, status: int, detail: str, *, code: str, **extra: Any) -> HttpResponse:
    body = {
        "type": f"about:blank#{code}",
        "title": HttpResponse(status=status).reason_phrase,
        "status": status,
        "detail": detail,
        "instance": request.path,
        **extra,
    }
    return HttpResponse(
        json.dumps(body, cls=DjangoJSONEncoder), status=status, content_type=PROBLEM_CONTENT_TYPE
    )
