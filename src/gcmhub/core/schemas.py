"""The problem+json error body (RFC 7807) every API error uses, for the OpenAPI document."""

from typing import Any

from ninja import Field, Schema


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
