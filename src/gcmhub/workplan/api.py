"""Work plan API."""

from ninja import Router

router = Router(tags=["workplans"])
