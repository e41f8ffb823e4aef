"""Integers the API reads from a path or a query string, bounded to what the database can store.

SQLite's INTEGER and PostgreSQL's bigint are signed 64-bit: a larger number sent by a client must be refused
with 422 where the API reads it, not reach a query and fail there with a 500."""

from collections.abc import Iterable
from typing import Annotated, Any

from django.utils.translation import gettext as _
from pydantic import Field

DB_INT_MIN = -(2**63)
DB_INT_MAX = 2**63 - 1

# Every integer path id and query filter of the API is declared with this type.
DbInt = Annotated[int, Field(ge=DB_INT_MIN, le=DB_INT_MAX)]


def out_of_range(errors: Iterable[dict[str, Any]]) -> list[str]:
    """One sentence for each parameter whose number is past its bounds, from ninja's validation errors."""
    sentences = []
    for error in errors:
        name = str(error["loc"][-1]) if error.get("loc") else ""
        bounds = error.get("ctx") or {}
        if error.get("type") == "less_than_equal":
            sentences.append(
                _("%(name)s may be at most %(limit)s.") % {"name": name, "limit": bounds.get("le")}
            )
        elif error.get("type") == "greater_than_equal":
            sentences.append(
                _("%(name)s must be at least %(limit)s.") % {"name": name, "limit": bounds.get("ge")}
            )
    return sentences
