"""Text folding for look-ups by name: the same folding for stored names and for what users type."""

import unicodedata


def fold(text: str) -> str:
    """Case- and diacritic-insensitive form of `text` in any script ("Côte d'Ivoire" -> "cote d'ivoire")."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
