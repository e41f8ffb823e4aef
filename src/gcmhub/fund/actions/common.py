"""Small helpers shared by the fund's actions."""

from typing import Any

from django.utils.translation import gettext as _

from gcmhub.core.exceptions import ValidationFailed


def clean_text(value: Any, what: str, max_length: int, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationFailed(_("%(what)s is required.") % {"what": what}, code="required")
    if len(text) > max_length:
        raise ValidationFailed(
            _("%(what)s can have at most %(max)d characters.") % {"what": what, "max": max_length},
            code="too_long",
        )
    return text
