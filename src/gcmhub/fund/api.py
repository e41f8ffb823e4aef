"""Fund API."""

from ninja import Router

router = Router(tags=["fund"])
