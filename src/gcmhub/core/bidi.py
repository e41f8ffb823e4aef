"""The direction of a piece of text, for renderers that cannot isolate it themselves (WeasyPrint ignores
`dir="auto"` and `<bdi>`): English inside an Arabic page keeps its punctuation in place."""

import unicodedata


def text_direction(text: str) -> str:
    """ "ltr" or "rtl" by the text's first strongly directional character (Unicode's rule P2), else "auto"."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "auto"
