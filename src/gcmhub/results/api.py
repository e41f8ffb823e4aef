"""Results API."""

from ninja import Router

router = Router(tags=["results"])
