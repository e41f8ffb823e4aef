# ruff: noqa: RUF001, RUF003  # Arabic, Cyrillic and Chinese letters are the point of this module
"""Our text analysis for the six UN languages, identical at index and query time.

Text is split into word runs; each run is case- and diacritic-folded, then handled by its script: Han runs
are segmented into words (jieba, dictionary shipped inside the package), Arabic words are normalised and
lose their clitic prefixes before Snowball stemming, Cyrillic words are stemmed as Russian, and Latin words
with the Snowball stemmer of the text's language (English for text in a non-Latin language).
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import Stemmer

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
_SNOWBALL = {"ar": "arabic", "en": "english", "es": "spanish", "fr": "french", "ru": "russian"}
MAX_TOKEN_LENGTH = 64

# Combining marks that belong inside a word (Latin accents in decomposed form, Arabic tashkeel).
_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed"
)
_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD_RE = re.compile(rf"[{_HAN}]+|(?:[^\W{_HAN}]|[{_MARKS}])+")
_HAN_RE = re.compile(rf"[{_HAN}]")


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


@lru_cache(maxsize=200_000)
def _stem_word(language: str, word: str) -> str:
    return str(_stemmer(language).stemWord(word))


def stem(word: str, language: str) -> str:
    """The index term of one folded, non-Han word in text of `language`."""
    script = _script(word)
    if script == "ar":
        return _stem_word("ar", strip_arabic_prefix(word))
    if script == "ru":
        return _stem_word("ru", word)
    if word.isdigit():
        return word
    return _stem_word(language if language in ("en", "es", "fr") else "en", word)


class _Jieba:
    """The Chinese segmenter, loaded once on first use (about 0.7 s; nothing is downloaded)."""

    _lock = threading.Lock()
    _tokenizer: Any = None

    @classmethod
    def get(cls) -> Any:
        if cls._tokenizer is None:
            with cls._lock:
                if cls._tokenizer is None:
                    with warnings.catch_warnings():
                        # jieba imports the deprecated pkg_resources to find its bundled dictionary.
                        warnings.simplefilter("ignore")
                        import jieba

                    jieba.setLogLevel(logging.WARNING)
                    tokenizer = jieba.Tokenizer()
                    tokenizer.initialize()
                    cls._tokenizer = tokenizer
        return cls._tokenizer


def segment(run: str) -> list[tuple[str, int, int]]:
    """Chinese words of a run of Han characters as (word, start, end); single characters stay words."""
    if len(run) == 1:
        return [(run, 0, 1)]
    return [(word, start, end) for word, start, end in _Jieba.get().tokenize(run, HMM=False)]


def _sub_words(word: str) -> list[str]:
    """Dictionary words inside a long Chinese word, so "移民" finds "移民局"."""
    if len(word) < 3:
        return []
    freq = _Jieba.get().FREQ
    found = []
    for size in (2, 3):
        for i in range(len(word) - size + 1):
            part = word[i : i + size]
            if part != word and freq.get(part):
                found.append(part)
    return found


@dataclass(frozen=True, slots=True)
class Token:
    term: str  # the index term
    start: int  # character offsets in the analysed text
    end: int


def iter_words(text: str) -> Iterator[tuple[str, int, int]]:
    """Folded word runs of `text` with their offsets."""
    for match in _WORD_RE.finditer(text):
        folded = fold(match.group())
        if folded:
            yield folded, match.start(), match.end()


def tokens(text: str, language: str) -> list[Token]:
    """Index terms of `text` in order, with offsets (for phrases and highlighting)."""
    out: list[Token] = []
    for word, start, end in iter_words(text):
        if _HAN_RE.match(word):
            for part, part_start, part_end in segment(word):
                out.append(Token(part, start + part_start, start + part_end))
        elif len(word) <= MAX_TOKEN_LENGTH:
            out.append(Token(stem(word, language), start, end))
    return out


def index_terms(text: str, language: str) -> str:
    """`text` as space-separated index terms for a whitespace-tokenized field; Chinese sub-words go last."""
    terms: list[str] = []
    extra: list[str] = []
    for word, _start, _end in iter_words(text):
        if _HAN_RE.match(word):
            for part, _s, _e in segment(word):
                terms.append(part)
                extra.extend(_sub_words(part))
        elif len(word) <= MAX_TOKEN_LENGTH:
            terms.append(stem(word, language))
    return " ".join(terms + extra)


def query_terms(text: str, language: str) -> list[str]:
    """Terms of one query word or phrase, analysed as in `language`'s fields."""
    return [token.term for token in tokens(text, language)]


def prefix_forms(word: str, language: str) -> list[str]:
    """Index-term prefixes for `word*`: the folded word and its stem, which may be shorter (éduca: educ)."""
    folded = fold(word)
    if not folded or _HAN_RE.match(folded):
        return [folded] if folded else []
    forms = [folded]
    if _script(folded) == "ar":
        forms.append(strip_arabic_prefix(folded))
    forms.append(stem(folded, language))
    return list(dict.fromkeys(form for form in forms if form))


def has_han(text: str) -> bool:
    return bool(_HAN_RE.search(text))


def suggest_terms(text: str) -> list[str]:
    """Folded, unstemmed words of a title for autocomplete (Arabic without its article)."""
    terms: list[str] = []
    for word, _start, _end in iter_words(text):
        if _HAN_RE.match(word):
            terms.extend(part for part, _s, _e in segment(word))
        elif len(word) <= MAX_TOKEN_LENGTH:
            terms.append(strip_arabic_prefix(word) if _script(word) == "ar" else word)
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
