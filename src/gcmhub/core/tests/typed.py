"""Types for tests: `present(x)` takes `None` out of a value's type; `ClientResponse` is what the test client
returns (a response with `.json()`, `.wsgi_request` and the rest the client adds)."""

from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as ClientResponse
else:
    # The stubs' name for it exists only in the stubs; at run time annotations are not checked.
    from django.http import HttpResponse as ClientResponse

__all__ = ["ClientResponse", "present"]

T = TypeVar("T")


def present(value: T | None) -> T:
    """`value`, failing the test when it is None (a `.first()` with no row, an empty nullable field)."""
    assert value is not None
    return value
