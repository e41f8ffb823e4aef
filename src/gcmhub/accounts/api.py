"""Accounts API: API tokens."""

from ninja import Router

router = Router(tags=["accounts"])
