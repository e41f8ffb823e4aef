"""Shared API schemas: the base of every request body, and the problem+json error body (RFC 7807) every API
error uses, for the OpenAPI document."""

from collections.abc import Iterable
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict

# pydantic's error type for a field the schema does not declare.
UNKNOWN_FIELD = "extra_forbidden"


class InputSchema(Schema):
    """The base of every request body and of the schemas nested in one: a field it does not declare is
    refused (422), so a misspelt field never looks like a success that changed nothing."""

    model_config = ConfigDict(extra="forbid")


def unknown_fields(errors: Iterable[dict[str, Any]]) -> list[str]:
    """The fields a request sent that its operation does not declare, as paths in the body (`links.0.kind`) or
    as the query parameter's or form field's name."""
    return [_body_path(error["loc"]) for error in errors if error.get("type") == UNKNOWN_FIELD]


def _body_path(loc: Iterable[Any]) -> str:
    # ninja locates a body field as ("body", <parameter name>, field, ...) and a query parameter or form field
    # as ("query" | "form" | "file", name); the caller knows only the field.
    parts = [str(part) for part in loc]
    if parts[:1] == ["body"] and len(parts) > 2:
        return ".".join(parts[2:])
    if parts[:1] in (["query"], ["form"], ["file"]) and len(parts) > 1:
        return ".".join(parts[1:])
    return ".".join(parts)


class ProblemOut(Schema):
    """An RFC 7807 problem (served as application/problem+json)."""

    type: str = Field(
        ..., examples=["about:blank#not_found"], description="`about:blank#<code>`; the code is stable."
    )
    title: str = Field(..., examples=["Not Found"], description="The HTTP status phrase.")
    status: int = Field(..., examples=[404])
    detail: str = Field(..., description="What went wrong, in words that can be shown to the user.")
    instance: str = Field(..., description="The path of the request.")
    errors: list[dict[str, Any]] | None = Field(
        None, description="Per-field errors of a request that did not validate."
    )


PROBLEMS_READ: dict[int, type[Schema]] = {404: ProblemOut}
PROBLEMS_AUTH: dict[int, type[Schema]] = {401: ProblemOut, 403: ProblemOut}
PROBLEMS_WRITE: dict[int, type[Schema]] = {**PROBLEMS_AUTH, 404: ProblemOut, 422: ProblemOut}


class HealthCheckOut(Schema):
    """One check of /healthz, with the number behind it where it has one (a probe with a new number adds its
    field here)."""

    status: str = Field(..., description="`ok`, `degraded` or `fail`.")
    detail: str
    live_workers: int | None = Field(None, description="Workers seen within the lease (the worker check).")
    lag: int | None = Field(None, description="Outbox rows the search index has not applied yet.")


class HealthOut(Schema):
    """The answer of /healthz: `fail` (HTTP 503) if any check fails, else `degraded` or `ok` (HTTP 200)."""

    status: str
    checks: dict[str, HealthCheckOut]
