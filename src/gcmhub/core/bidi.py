"""The direction of a piece of text, for renderers that cannot isolate it themselves (WeasyPrint ignores
`dir="auto"` and `<bdi>`): English inside an Arabic page keeps its punctuation in place."""

import unicodedata

from django.utils import translation


def text_direction(text: str) -> str:
    """ "ltr" or "rtl" by the text's first strongly directional character (Unicode's rule P2), else "auto"."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "auto"


def language_is_rtl() -> bool:
    """Whether the active interface language is written right to left (Arabic): spreadsheets follow it."""
    return bool(translation.get_language_bidi())
