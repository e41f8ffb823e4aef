# ruff: noqa: RUF001, RUF003  # Arabic, Cyrillic and Chinese letters are the point of this module
"""Our text analysis for the six UN languages, identical at index and query time.

Text is split into word runs; each run is case- and diacritic-folded, then handled by its script: Han runs
become overlapping two-character terms (CJK bigrams: a two-character word matches wherever its characters
stand together, never when they stand apart), Arabic words are normalised and lose their clitic prefixes
before Snowball stemming, Cyrillic words are stemmed as Russian, and Latin words with the Snowball stemmer of
the text's language (English for text in a non-Latin language).

Bigrams rather than a dictionary segmenter (jieba): measured here, jieba needs 0.7-2.4 s to load and
segments about 130,000 characters a second (about 2 ms per Chinese document), bigrams about 100 times faster,
with no dictionary to ship or load.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Any

import Stemmer

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
_SNOWBALL = {"ar": "arabic", "en": "english", "es": "spanish", "fr": "french", "ru": "russian"}
MAX_TOKEN_LENGTH = 64
_CACHE_LIMIT = 500_000  # cached words per language before the cache starts afresh

# Combining marks that belong inside a word (Latin accents in decomposed form, Arabic tashkeel).
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD_RE = re.compile(rf"[{_HAN}]+|(?:[^\W{_HAN}]|[{_MARKS}])+")
_PLAIN_WORD_RE = re.compile(rf"[\w{_MARKS}]+")  # the same on text without Han, six times faster
_HAN_RE = re.compile(rf"[{_HAN}]")


def _word_re(text: str) -> re.Pattern[str]:
    return _WORD_RE if _HAN_RE.search(text) else _PLAIN_WORD_RE


def _build_fold_table() -> dict[int, str | None]:
    """One str.translate table: strip accents from Latin letters, fold Arabic letter variants and digits."""
    table: dict[int, str | None] = {}
    for start, end in ((0x00C0, 0x024F), (0x1E00, 0x1EFF), (0xFB00, 0xFB06)):
        for cp in range(start, end + 1):
            char = chr(cp)
            folded = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
            if folded != char:
                table[cp] = folded.lower()
    table.update(
        {ord("æ"): "ae", ord("œ"): "oe", ord("ø"): "o", ord("ł"): "l", ord("đ"): "d", ord("ß"): "ss"}
    )
    for cp in range(0x0300, 0x0370):
        table[cp] = None
    # Russian: ё is written as е; й stays a letter of its own (the stemmer needs it).
    table[ord("ё")] = "е"
    # Arabic: drop tashkeel and tatweel; one form of alef, yeh and teh marbuta; Arabic-Indic digits.
    for cp in [*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, 0x0640, *range(0x06D6, 0x06EE)]:
        table[cp] = None
    table.update({ord(c): "ا" for c in "أإآٱ"})
    table.update({ord("ى"): "ي", ord("ة"): "ه", ord("ؤ"): "و", ord("ئ"): "ي"})
    for digit in range(10):
        table[0x0660 + digit] = str(digit)
        table[0x06F0 + digit] = str(digit)
    return table


_FOLD = _build_fold_table()


def fold(text: str) -> str:
    """Case and diacritic folding, the same for every language."""
    return text.casefold().translate(_FOLD)


def _script(word: str) -> str:
    first = word[0]
    if "\u0600" <= first <= "\u06ff" or "\u0750" <= first <= "\u077f" or "\ufb50" <= first <= "\ufeff":
        return "ar"
    if "\u0400" <= first <= "\u04ff":
        return "ru"
    if _HAN_RE.match(first):
        return "zh"
    return "latin"


# Clitics written together with the next word: the article (with و/ب/ك/ف/ل before it), then a lone و.
_ARABIC_ARTICLES = ("وال", "بال", "كال", "فال", "ولل", "لل", "ال")


def strip_arabic_prefix(word: str) -> str:
    for prefix in _ARABIC_ARTICLES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 2:
            return word[len(prefix) :]
    if word.startswith("و") and len(word) >= 4:
        return strip_arabic_prefix(word[1:]) if word[1:3] == "ال" else word[1:]
    return word


_stemmers = threading.local()


def _stemmer(language: str) -> Any:
    # PyStemmer objects are not thread-safe: one per thread and language.
    cache = getattr(_stemmers, "cache", None)
    if cache is None:
        cache = _stemmers.cache = {}
    if language not in cache:
        cache[language] = Stemmer.Stemmer(_SNOWBALL[language])
    return cache[language]


def stem(word: str, language: str) -> str:
    """The index term of one folded, non-Han word in text of `language`."""
    script = _script(word)
    if script == "ar":
        return str(_stemmer("ar").stemWord(strip_arabic_prefix(word)))
    if script == "ru":
        return str(_stemmer("ru").stemWord(word))
    if word.isdigit():
        return word
    return str(_stemmer(language if language in ("en", "es", "fr") else "en").stemWord(word))


_terms: dict[str, dict[str, str]] = {language: {} for language in LANGUAGES}


def word_term(word: str, language: str) -> str:
    """The index term of a non-Han word run exactly as written ("" when it is not indexed)."""
    cache = _terms[language if language in _terms else "en"]
    term = cache.get(word)
    if term is None:
        folded = fold(word)
        term = stem(folded, language) if folded and len(folded) <= MAX_TOKEN_LENGTH else ""
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[word] = term
    return term


def han_terms(run: str) -> list[str]:
    """Overlapping character pairs of a Han run; a lone character stands for itself."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


@dataclass(frozen=True, slots=True)
class Token:
    term: str  # the index term
    start: int  # character offsets in the analysed text
    end: int


def tokens(text: str, language: str) -> list[Token]:
    """Index terms of `text` in order, with offsets (for highlighting)."""
    out: list[Token] = []
    for match in _word_re(text).finditer(text):
        word, start = match.group(), match.start()
        if _HAN_RE.match(word):
            if len(word) == 1:
                out.append(Token(word, start, start + 1))
            else:
                out.extend(Token(word[i : i + 2], start + i, start + i + 2) for i in range(len(word) - 1))
        else:
            term = word_term(word, language)
            if term:
                out.append(Token(term, start, match.end()))
    return out


def index_terms(text: str, language: str) -> str:
    """`text` as space-separated index terms, for a whitespace-tokenized field (positions = order)."""
    cache = _terms[language if language in _terms else "en"]
    words = _word_re(text).findall(text)
    terms = list(map(cache.get, words))
    if None not in terms:  # the usual case once the vocabulary is cached
        return " ".join(filter(None, terms))
    out: list[str] = []
    for word, term in zip(words, terms, strict=True):
        if term is None:
            if _HAN_RE.match(word):
                out.extend(han_terms(word))
                continue
            term = word_term(word, language)
        if term:
            out.append(term)
    return " ".join(out)


_SPLIT_RE = re.compile(rf"([\w{_MARKS}]+)")


def split_words(text: str, language: str) -> tuple[list[str], list[str]]:
    """Text without Han as [separator, word, separator, word, …, separator] and each word's term ("" if none).

    For highlighting: cheaper than `tokens` because no offsets are built.
    """
    parts = _SPLIT_RE.split(text)
    words = parts[1::2]
    cache = _terms[language if language in _terms else "en"]
    terms = list(map(cache.get, words))
    if None in terms:
        terms = [
            term if term is not None else word_term(word, language)
            for word, term in zip(words, terms, strict=True)
        ]
    return parts, terms  # type: ignore[return-value]  # every None was replaced just above


def query_terms(text: str, language: str) -> list[str]:
    """Terms of one query word or phrase, analysed as in `language`'s fields."""
    return [token.term for token in tokens(text, language)]


def prefix_forms(word: str, language: str) -> list[str]:
    """Index-term prefixes for `word*`: the folded word and its stem, which may be shorter (éduca: educ).

    Chinese: one character is a prefix of the pairs it starts; two or more are searched as a word.
    """
    folded = fold(word)
    if not folded:
        return []
    if _HAN_RE.match(folded):
        return [folded] if len(folded) == 1 else []
    forms = [folded]
    if _script(folded) == "ar":
        forms.append(strip_arabic_prefix(folded))
    forms.append(stem(folded, language))
    return list(dict.fromkeys(form for form in forms if form))


def has_han(text: str) -> bool:
    return bool(_HAN_RE.search(text))


_suggest_words: dict[str, str] = {}


def suggest_terms(text: str) -> list[str]:
    """Folded, unstemmed words of a title for autocomplete (Arabic without its article, Chinese as pairs)."""
    terms: list[str] = []
    for word in _word_re(text).findall(text):
        term = _suggest_words.get(word)
        if term is None:
            folded = fold(word)
            if _HAN_RE.match(folded):
                terms.extend(han_terms(folded))
                continue
            term = "" if len(folded) > MAX_TOKEN_LENGTH else folded
            term = strip_arabic_prefix(term) if term and _script(term) == "ar" else term
            if len(_suggest_words) >= _CACHE_LIMIT:
                _suggest_words.clear()
            _suggest_words[word] = term
        if term:
            terms.append(term)
    return terms


# Function words that do not count towards "matches more of the query's words".
_STOPWORD_TEXT = {
    "en": "a an and are as at be but by for from has have how in into is it its of on or that the their "
    "there these this to was were what when where which who why will with",
    "fr": "a au aux avec ce ces d dans de des du elle en est et il ils l la le les leur leurs mais ou par "
    "pour qu que qui sa se ses son sont sur un une",
    "es": "a al como con de del e el en entre es esta este la las lo los o para pero por que se sin son su "
    "sus un una y",
    "ru": "в во для же за и из или к как на не о об от по с со у что это",
    "ar": "في من الى على عن ان او ما مع هذا هذه التي الذي ذلك كان و",
    "zh": "的 了 和 与 及 在 是 对 为 或 等 中 也 以 之",
}
STOPWORDS: dict[str, frozenset[str]] = {
    language: frozenset(fold(word) for word in text.split(" ")) for language, text in _STOPWORD_TEXT.items()
}
ALL_STOPWORDS = frozenset().union(*STOPWORDS.values())


def is_stopword(word: str) -> bool:
    """Whether a query word is a function word in any UN language."""
    return fold(word) in ALL_STOPWORDS
