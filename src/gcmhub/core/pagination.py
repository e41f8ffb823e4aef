"""The one paginator of the API: `limit` and `offset`, in an `{"items", "count"}` envelope.

ninja's LimitOffsetPagination leaves `offset` unbounded, so a huge one reached the database and failed there
(a 500 on SQLite); here both are validated up front and a bad value is a 422 like any other invalid input."""

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
