"""The one accessor for reference labels: a record's field in the reader's language, from the translations
stored beside it (per field and language), else the field as stored. Templates reach it through the models'
`*_display` properties or the `label` filter, the API through the same properties under ?lang=."""

from typing import Any

from django.utils.translation import get_language

from gcmhub.reference.catalog import LANGUAGES


def language_code(language: str | None = None) -> str:
    """The data files' code for a Django language ("zh-hans" -> "zh"); the active language by default."""
    code = (language or get_language() or "en").lower().split("-")[0]
    return code if code in LANGUAGES else "en"


def translation_of(obj: Any, field: str, language: str | None = None) -> str:
    """The stored translation of `field` into `language`, or "" where there is none."""
    translations = getattr(obj, "translations", None) or {}
    texts = translations.get(field) if isinstance(translations, dict) else None
    text = texts.get(language_code(language)) if isinstance(texts, dict) else None
    return text if isinstance(text, str) else ""


def label(obj: Any, field: str, language: str | None = None) -> str:
    """`field` of `obj` in `language` (the active one by default); as stored where no translation is."""
    if language_code(language) != "en":
        text = translation_of(obj, field, language)
        if text:
            return text
    return str(getattr(obj, field))
