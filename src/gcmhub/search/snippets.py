"""Highlighted snippets: the passage with most of the query's words, escaped first, then marked."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gcmhub.search import analysis
from gcmhub.search.query import ParsedQuery
from gcmhub.search.registry import LANGUAGES

SNIPPET_CHARS = 220
_LEAD = 40  # characters of context before the first highlighted word


@dataclass(frozen=True)
class Highlighter:
    terms: dict[str, frozenset[str]]  # language -> index terms of the query's words and phrases
    prefixes: dict[str, tuple[str, ...]]  # language -> index-term prefixes of `word*` terms

    @classmethod
    def for_query(cls, parsed: ParsedQuery) -> Highlighter:
        terms: dict[str, set[str]] = {language: set() for language in LANGUAGES}
        prefixes: dict[str, set[str]] = {language: set() for language in LANGUAGES}
        for term in parsed.positive_terms():
            for language in LANGUAGES:
                if term.prefix:
                    prefixes[language].update(analysis.prefix_forms(term.text, language))
                else:
                    terms[language].update(analysis.query_terms(term.text, language))
        return cls(
            {language: frozenset(values) for language, values in terms.items()},
            {language: tuple(sorted(values)) for language, values in prefixes.items()},
        )

    def _may_match(self, text: str, language: str) -> bool:
        # Cheap test before analysing: a stem's first letters appear in the folded text.
        folded = analysis.fold(text)
        probes = [term[:-1] if len(term) > 3 else term for term in self.terms.get(language, ())]
        probes += list(self.prefixes.get(language, ()))
        return any(probe in folded for probe in probes)

    def snippet(self, text: str, language: str, size: int = SNIPPET_CHARS) -> SafeString | None:
        """The best passage of `text` with the query's words marked, or None if none occurs."""
        language = language if language in LANGUAGES else "en"
        if not text or not self._may_match(text, language):
            return None
        terms = self.terms.get(language, frozenset())
        prefixes = self.prefixes.get(language, ())
        matched = [
            token
            for token in analysis.tokens(text, language)
            if token.term in terms or (prefixes and token.term.startswith(prefixes))
        ]
        if not matched:
            return None
        best_start, best_score = matched[0].start, -1
        for i, first in enumerate(matched):
            distinct = {token.term for token in matched[i:] if token.end <= first.start + size - _LEAD}
            if len(distinct) > best_score:
                best_start, best_score = first.start, len(distinct)
        start = _word_start(text, max(0, best_start - _LEAD))
        end = _word_end(text, min(len(text), start + size))
        parts = ["…" if start > 0 else ""]
        position = start
        for token in matched:
            if token.start < start or token.end > end:
                continue
            parts.append(escape(text[position : token.start]))
            parts.append(f"<mark>{escape(text[token.start : token.end])}</mark>")
            position = token.end
        parts.append(escape(text[position:end]))
        parts.append("…" if end < len(text) else "")
        return mark_safe("".join(parts))  # every piece of text above is escaped


def plain_snippet(text: str, size: int = SNIPPET_CHARS) -> SafeString:
    """The beginning of `text`, escaped (when no query word occurs in it)."""
    text = " ".join(text.split())
    if len(text) <= size:
        return escape(text)
    return mark_safe(escape(text[: _word_end(text, size)]) + "…")  # escaped above


def _word_start(text: str, position: int) -> int:
    if position == 0:
        return 0
    space = text.find(" ", position)
    return position if space == -1 or space - position > 20 else space + 1


def _word_end(text: str, position: int) -> int:
    if position >= len(text):
        return len(text)
    space = text.rfind(" ", 0, position)
    return position if space == -1 or position - space > 20 else space
