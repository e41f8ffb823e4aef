"""Checks shared by the actions of calls for inputs."""

import datetime
from typing import Any

from django.utils.translation import gettext as _

from gcmhub.accounts.queries import AnyUser, is_secretariat
from gcmhub.core.exceptions import PermissionDenied, ValidationFailed
from gcmhub.reporting.models import LANGUAGE_CHOICES

LANGUAGES = tuple(code for code, _name in LANGUAGE_CHOICES)
MAX_TEXT = 20_000
MAX_OPTIONS = 50
# Signatures of the file types an answer may attach: PDF, and the zip-based DOCX, ODT and XLSX.
FILE_SIGNATURES = {b"%PDF-": "pdf", b"PK\x03\x04": "zip"}
FILE_EXTENSIONS = {"pdf": ("pdf",), "zip": ("docx", "odt", "xlsx")}


def require_secretariat(actor: AnyUser) -> None:
    if not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat may do this."))


def clean_text(data: dict[str, Any], name: str, limit: int, *, required: bool = False) -> str:
    value = data.get(name)
    value = "" if value is None else str(value).strip()
    if required and not value:
        raise ValidationFailed(_("%(field)s is required.") % {"field": name}, code="required")
    if len(value) > limit:
        raise ValidationFailed(
            _("%(field)s is longer than %(limit)d characters.") % {"field": name, "limit": limit},
            code="too_long",
        )
    return value


def clean_date(value: Any, name: str) -> datetime.date:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationFailed(
            _("%(field)s must be a date like 2026-05-31.") % {"field": name}, code="bad_date"
        ) from None
