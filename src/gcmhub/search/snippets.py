"""Highlighted snippets: the passage with most of the query's words, escaped first, then marked."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from gcmhub.search import analysis
from gcmhub.search.query import ParsedQuery
from gcmhub.search.registry import LANGUAGES

SNIPPET_CHARS = 220
_LEAD = 40  # characters of context before the first highlighted word
_LEAD_WORDS = 5  # the same, in words
_CHARS_PER_WORD = 7  # to size a passage in words


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
                forms = analysis.prefix_forms(term.text, language) if term.prefix else []
                if forms:
                    prefixes[language].update(forms)
                else:
                    terms[language].update(analysis.query_terms(term.text, language))
        return cls(
            {language: frozenset(values) for language, values in terms.items()},
            {language: tuple(sorted(values)) for language, values in prefixes.items()},
        )

    def snippet(self, text: str, language: str, size: int = SNIPPET_CHARS) -> SafeString | None:
        """The best passage of `text` with the query's words marked, or None if none occurs."""
        language = language if language in LANGUAGES else "en"
        terms = self.terms.get(language, frozenset())
        prefixes = self.prefixes.get(language, ())
        if not text or not (terms or prefixes):
            return None
        if analysis.has_han(text):
            return self._snippet_from_tokens(text, language, size)
        parts, word_terms = analysis.split_words(text, language)
        hits = [
            i
            for i, term in enumerate(word_terms)
            if term in terms or (prefixes and term.startswith(prefixes))
        ]
        if not hits:
            return None
        window = max(1, size // _CHARS_PER_WORD)
        best, best_score = hits[0], -1
        for n, first in enumerate(hits):
            distinct = len({word_terms[i] for i in hits[n:] if i < first + window})
            if distinct > best_score:
                best, best_score = first, distinct
        first = max(0, best - _LEAD_WORDS)
        last, length = first, 0
        while last < len(word_terms) and length < size:
            length += len(parts[2 * last + 1]) + len(parts[2 * last + 2])
            last += 1
        marked = set(hits)
        pieces = ["…" if first > 0 else html.escape(parts[0])]
        plain: list[str] = []
        for k in range(first, last):
            if k in marked:
                pieces.append(html.escape("".join(plain)))
                pieces.append(f"<mark>{html.escape(parts[2 * k + 1])}</mark>")
                plain.clear()
            else:
                plain.append(parts[2 * k + 1])
            if k + 1 < last or last == len(word_terms):
                plain.append(parts[2 * k + 2])
        pieces.append(html.escape("".join(plain)))
        if last < len(word_terms):
            pieces.append("…")
        return mark_safe("".join(pieces))  # every piece of text above is escaped

    def _snippet_from_tokens(self, text: str, language: str, size: int) -> SafeString | None:
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
        for mark_start, mark_end in _merged(
            (t.start, t.end) for t in matched if t.start >= start and t.end <= end
        ):
            parts.append(escape(text[position:mark_start]))
            parts.append(f"<mark>{escape(text[mark_start:mark_end])}</mark>")
            position = mark_end
        parts.append(escape(text[position:end]))
        parts.append("…" if end < len(text) else "")
        return mark_safe("".join(parts))  # every piece of text above is escaped


def _merged(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping ranges as one (Chinese character pairs overlap)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


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
