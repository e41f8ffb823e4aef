"""The parameters the API reads from a path, a query string or a form: integers bounded to what the database
can store, and names it does not declare refused.

SQLite's INTEGER and PostgreSQL's bigint are signed 64-bit: a larger number sent by a client must be refused
with 422 where the API reads it, not reach a query and fail there with a 500."""

import functools
from collections.abc import Callable, Iterable
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import ValidationError
from ninja.signature import ViewSignature
from pydantic import Field

from gcmhub.core.schemas import UNKNOWN_FIELD

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


# The request's keys each kind of declared parameter is compared with. Only GET is judged by its query
# string: a filter sent to a write would be ignored the same way, but the API's writes take no query.
_SENT: dict[str, Callable[[HttpRequest], Iterable[str]]] = {
    "query": lambda request: request.GET.keys() if request.method in ("GET", "HEAD") else (),
    "form": lambda request: request.POST.keys(),
    "file": lambda request: request.FILES.keys(),
}
# A browser's multipart form posted with a session carries Django's CSRF token as a form field.
_AMBIENT = {"form": {"csrfmiddlewaretoken"}}


def _declared_names(signature: ViewSignature) -> dict[str, set[str]]:
    """The query, form and file names an operation declares (a schema's fields count one by one)."""
    declared: dict[str, set[str]] = {source: set(_AMBIENT.get(source, ())) for source in _SENT}
    for model in signature.models:
        source = model.__ninja_param_source__
        if source in declared:
            flattened = getattr(model, "__ninja_flatten_map__", None)
            names = flattened or {field.alias or name for name, field in model.model_fields.items()}
            declared[source] |= set(names)
    return declared


def _undeclared(request: HttpRequest, declared: dict[str, set[str]]) -> list[dict[str, Any]]:
    """ninja's own error for each name the request sent that the operation does not declare."""
    # A JSON body is judged by its schema (InputSchema); form and file fields only where there is a form.
    takes_form = bool(declared["form"] - _AMBIENT["form"] or declared["file"])
    errors = []
    for source, sent in _SENT.items():
        if source in ("form", "file") and not takes_form:
            continue
        for name in sorted(set(sent(request)) - declared[source]):
            errors.append(
                {"type": UNKNOWN_FIELD, "loc": (source, name), "msg": "Extra inputs are not permitted"}
            )
    return errors


def refuse_undeclared_parameters(view_func: Callable[..., Any]) -> Callable[..., Any]:
    """An API-wide ninja decorator: a query parameter (of a GET) or a form or file field the operation does
    not declare is refused with 422, as an unknown field of a JSON body is, so a misspelt filter or form field
    never looks like a success that ignored it. Runs after authentication and validation, before the view."""
    operation = getattr(view_func, "_ninja_operation", None)
    if operation is None:  # every view ninja registers carries its operation; anything else is a wiring error
        raise TypeError(f"{view_func!r} is not a ninja operation's view.")
    declared = _declared_names(operation.signature)

    @functools.wraps(view_func)
    def refusing(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if errors := _undeclared(request, declared):
            raise ValidationError(errors)
        return view_func(request, *args, **kwargs)

    return refusing
