"""The user query syntax, parsed by our code (never handed raw to an engine).

    words            documents matching more of the words rank first; partial matches still count
    "a phrase"       the words next to each other, in this order (required)
    a OR b           either of two words or phrases (counts as one word for ranking)
    -word -"phrase"  leave out documents that contain it
    prefix*          words starting with "prefix" (at least two letters, or one Chinese character)

Malformed input raises QuerySyntaxError with a message for the user.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext

from gcmhub.core.exceptions import DomainError

MAX_QUERY_LENGTH = 500
MAX_TERMS = 32
_ALLOWED_CONTROLS = {"\t", "\n", "\r"}
_WORDISH = re.compile(r"[^\W_]", re.UNICODE)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


class SearchError(DomainError):
    """A search request that cannot be run as asked (shown to the user, answered with 400)."""

    status_code = 400

    def __init__(self, message: str, *, code: str = "invalid_search") -> None:
        super().__init__(message, code=code)


class QuerySyntaxError(SearchError):
    def __init__(self, message: str, *, code: str = "query_syntax") -> None:
        super().__init__(message, code=code)


@dataclass(frozen=True)
class Term:
    text: str  # the word or the phrase's words, without quotes or star
    phrase: bool = False
    prefix: bool = False
    # Set by query expansion, never by the user: the document is tagged with `text` in this facet.
    facet: str = ""


@dataclass(frozen=True)
class ParsedQuery:
    groups: tuple[tuple[Term, ...], ...] = ()  # each group: alternatives joined by OR
    excluded: tuple[Term, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.groups

    def positive_terms(self) -> list[Term]:
        """The words and phrases to look for (a facet tag added by query expansion is not a word)."""
        return [term for group in self.groups for term in group if not term.facet]


@dataclass(frozen=True)
class _Item:
    kind: str  # "term" | "or"
    term: Term | None = None
    excluded: bool = False


def _check_characters(text: str) -> None:
    if len(text) > MAX_QUERY_LENGTH:
        raise QuerySyntaxError(
            gettext("The search is too long: use at most %(limit)d characters.")
            % {"limit": MAX_QUERY_LENGTH},
            code="query_too_long",
        )
    for char in text:
        category = unicodedata.category(char)
        if (category == "Cc" and char not in _ALLOWED_CONTROLS) or category == "Cs":
            raise QuerySyntaxError(
                gettext("The search contains a control character; type it again without it."),
                code="query_control_character",
            )


def _word_term(raw: str) -> Term:
    if "*" not in raw:
        return Term(raw)
    stem = raw.rstrip("*")
    if "*" in stem:
        raise QuerySyntaxError(
            gettext("Put * only at the end of a word, as in %(example)s.") % {"example": "migra*"},
            code="query_wildcard",
        )
    letters = _WORDISH.findall(stem)
    if len(letters) < 2 and not _HAN.search(stem):
        raise QuerySyntaxError(
            gettext("Type at least two letters before *, as in %(example)s.") % {"example": "migra*"},
            code="query_prefix_too_short",
        )
    return Term(stem, prefix=True)


def _lex(text: str) -> list[_Item]:
    items: list[_Item] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char.isspace():
            i += 1
            continue
        excluded = False
        if char == "-" and i + 1 < n and not text[i + 1].isspace():
            excluded = True
            i += 1
            char = text[i]
        if char == '"':
            end = text.find('"', i + 1)
            if end == -1:
                raise QuerySyntaxError(
                    gettext("A quotation mark is not closed: put phrases between two quotation marks."),
                    code="query_unbalanced_quote",
                )
            words = " ".join(text[i + 1 : end].split())
            if not words:
                raise QuerySyntaxError(
                    gettext("A pair of quotation marks is empty: put words between them."),
                    code="query_empty_phrase",
                )
            items.append(_Item("term", Term(words, phrase=True), excluded))
            i = end + 1
            continue
        start = i
        while i < n and not text[i].isspace() and text[i] != '"':
            i += 1
        raw = text[start:i]
        if raw == "OR" and not excluded:
            items.append(_Item("or"))
        else:
            items.append(_Item("term", _word_term(raw), excluded))
    return items


def parse(text: str) -> ParsedQuery:
    """The query `text` as groups of alternatives and exclusions; raises QuerySyntaxError."""
    _check_characters(text)
    items = _lex(text)
    if sum(1 for item in items if item.kind == "term") > MAX_TERMS:
        raise QuerySyntaxError(
            gettext("The search has too many words: use at most %(limit)d.") % {"limit": MAX_TERMS},
            code="query_too_many_terms",
        )
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    previous: _Item | None = None
    for index, item in enumerate(items):
        if item.kind == "or":
            following = items[index + 1] if index + 1 < len(items) else None
            if (
                previous is None
                or previous.kind != "term"
                or previous.excluded
                or following is None
                or following.kind != "term"
                or following.excluded
            ):
                raise QuerySyntaxError(
                    gettext("Put OR between two words or phrases, as in %(example)s.")
                    % {"example": "detention OR custody"},
                    code="query_lone_or",
                )
        elif item.term is not None:
            if item.excluded:
                excluded.append(item.term)
            elif previous is not None and previous.kind == "or":
                groups[-1].append(item.term)
            else:
                groups.append([item.term])
        previous = item
    if excluded and not groups:
        raise QuerySyntaxError(
            gettext("Add a word to look for: a search cannot only leave words out."),
            code="query_only_exclusions",
        )
    return ParsedQuery(tuple(tuple(group) for group in groups), tuple(excluded))
