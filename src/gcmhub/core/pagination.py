"""Paging: the API's one paginator (`limit` and `offset`, in an `{"items", "count"}` envelope) and `page_of`
for list pages (`?page=`).

ninja's LimitOffsetPagination leaves `offset` unbounded, so a huge one reached the database and failed there
(a 500 on SQLite); here both are validated up front and a bad value is a 422 like any other invalid input."""

from typing import Any

from django.core.paginator import Page
from django.core.paginator import Paginator as PagePaginator
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.conf import settings
from ninja.pagination import LimitOffsetPagination

from gcmhub.core.params import DB_INT_MAX


class Paginator(LimitOffsetPagination):
    """Use as `@paginate(Paginator)` on every API list."""

    class Input(Schema):
        limit: int = Field(
            settings.PAGINATION_PER_PAGE,
            ge=1,
            le=settings.PAGINATION_MAX_LIMIT,
            description="How many items to return.",
        )
        offset: int = Field(0, ge=0, le=DB_INT_MAX, description="How many items to skip.")


# Pages list twenty items at a time; the API pages with `limit`.
PAGE_SIZE = 20


def page_of(items: Any, request: HttpRequest, per_page: int = PAGE_SIZE) -> Page[Any]:
    """The page named by `?page=` of a list page; a missing or malformed number shows the first or last."""
    return PagePaginator(items, per_page).get_page(request.GET.get("page"))
