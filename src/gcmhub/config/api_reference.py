"""The API reference as an ordinary page of the site (/api/reference/): every operation and schema of the
OpenAPI document, server-rendered, readable without JavaScript and by screen readers. It is the only API
reference the site serves: /api/v1/docs, where ninja would serve Swagger UI, leads here."""

import functools
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from gcmhub.config.api import api

METHODS = ("get", "post", "put", "patch", "delete")
REF_PREFIX = "#/components/schemas/"


@dataclass
class Parameter:
    name: str
    location: str
    type: str
    required: bool
    description: str


@dataclass
class Response:
    status: str
    description: str
    type: str


@dataclass
class Operation:
    anchor: str
    method: str
    path: str
    summary: str
    description: str
    authenticated: bool
    parameters: list[Parameter]
    body: str
    responses: list[Response]


@dataclass
class Schema:
    name: str
    description: str
    values: list[str]
    fields: list[Parameter] = field(default_factory=list)


def type_name(schema: dict[str, Any]) -> str:
    """A short, readable name for a JSON schema: `ActivityOut`, `integer`, `string[]`, `string | null`."""
    if ref := schema.get("$ref"):
        return str(ref).removeprefix(REF_PREFIX)
    for combined in ("anyOf", "oneOf", "allOf"):
        if combined in schema:
            return " | ".join(type_name(part) for part in schema[combined])
    if schema.get("type") == "array":
        return f"{type_name(schema.get('items', {}))}[]"
    kind = str(schema.get("type", "object"))
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def _content_type(content: dict[str, Any] | None) -> str:
    if not content:
        return ""
    media, body = next(iter(content.items()))
    return f"{type_name(body.get('schema', {}))} ({media})"


def _operation(path: str, method: str, spec: dict[str, Any]) -> Operation:
    parameters = [
        Parameter(
            name=p["name"],
            location=p["in"],
            type=type_name(p.get("schema", {})),
            required=bool(p.get("required")),
            description=p.get("description", "") or p.get("schema", {}).get("description", ""),
        )
        for p in spec.get("parameters", [])
    ]
    responses = [
        Response(status=status, description=r.get("description", ""), type=_content_type(r.get("content")))
        for status, r in spec.get("responses", {}).items()
    ]
    return Operation(
        anchor=spec.get("operationId", f"{method}-{path}"),
        method=method.upper(),
        path=path,
        summary=spec.get("summary", ""),
        description=spec.get("description", ""),
        authenticated=bool(spec.get("security")),
        parameters=parameters,
        body=_content_type(spec.get("requestBody", {}).get("content")),
        responses=responses,
    )


def _schema(name: str, spec: dict[str, Any]) -> Schema:
    required = set(spec.get("required", []))
    fields = [
        Parameter(
            name=key,
            location="",
            type=type_name(value),
            required=key in required,
            description=value.get("description", ""),
        )
        for key, value in spec.get("properties", {}).items()
    ]
    values = [str(value) for value in spec.get("enum", [])]
    return Schema(name=name, description=spec.get("description", ""), values=values, fields=fields)


@functools.cache
def reference() -> dict[str, Any]:
    """The OpenAPI document as sections of operations (by tag, in path order) and schemas (by name)."""
    document = api.get_openapi_schema()
    sections: dict[str, list[Operation]] = {}
    for path, item in document["paths"].items():
        for method in METHODS:
            if spec := item.get(method):
                tag = (spec.get("tags") or ["api"])[0]
                sections.setdefault(tag, []).append(_operation(path, method, spec))
    schemas = document.get("components", {}).get("schemas", {})
    return {
        "info": document["info"],
        "sections": sorted(sections.items()),
        "schemas": [_schema(name, spec) for name, spec in sorted(schemas.items())],
    }


@require_safe
def api_reference(request: HttpRequest) -> HttpResponse:
    return render(request, "api_reference.html", reference())
