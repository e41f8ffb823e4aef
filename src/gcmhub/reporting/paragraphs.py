"""The paragraphs of a draft text, pure functions without the database: split a text into paragraphs, match
the paragraphs of a new version to those of the previous one (so comments follow them), and diff two versions
paragraph by paragraph, with a word-level diff of the changed ones.

Matching: a paragraph whose normalized text is unchanged keeps its identity (by SHA-256); the rest are
paired by `difflib` similarity, best pairs first, when it reaches `SIMILARITY_THRESHOLD`. What is left over
is new (in the new version) or removed (in the old one)."""

import dataclasses
import difflib
import hashlib
import re
from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Two versions of a paragraph at least this similar (difflib's ratio over words) are the same paragraph.
SIMILARITY_THRESHOLD = 0.6
_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n+")
_SPACES = re.compile(r"\s+")
# Words, runs of spaces and single punctuation marks: what a word-level diff compares.
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def normalize(text: str) -> str:
    """The text with its spacing collapsed, so a re-wrapped paragraph is the same paragraph."""
    return _SPACES.sub(" ", text).strip()


def text_hash(text: str) -> str:
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()


def split_text(text: str) -> list[str]:
    """Plain text or Markdown: paragraphs are separated by blank lines; line breaks inside one are kept."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    paragraphs = (part.strip() for part in _BLANK_LINES.split(text))
    return ["\n".join(line.rstrip() for line in part.split("\n")) for part in paragraphs if part]


def split_lines(text: str) -> list[str]:
    """A document read one paragraph per line (as the DOCX reader gives it): every non-empty line."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _words(a), _words(b), autojunk=False).ratio()


def _words(text: str) -> list[str]:
    return normalize(text).lower().split(" ")


def match_paragraphs(old: Sequence[tuple[int, str]], new: Sequence[str]) -> list[int | None]:
    """For each paragraph of `new`, the identity (the first item of an `old` pair) it continues, or None
    when it is a new paragraph. Each old identity is given at most once."""
    matched: list[int | None] = [None] * len(new)
    unused: dict[str, list[int]] = {}
    for identity, text in old:
        unused.setdefault(text_hash(text), []).append(identity)
    taken: set[int] = set()
    for index, text in enumerate(new):
        same = unused.get(text_hash(text))
        if same:
            matched[index] = same.pop(0)
            # matched[index] was set from `same` just above: never None here.
            taken.add(matched[index])  # type: ignore[arg-type]
    left_old = [(identity, text) for identity, text in old if identity not in taken]
    left_new = [(index, text) for index, text in enumerate(new) if matched[index] is None]
    pairs = []
    for index, text in left_new:
        for identity, old_text in left_old:
            matcher = difflib.SequenceMatcher(None, _words(old_text), _words(text), autojunk=False)
            # The cheap upper bounds first: most pairs are far apart.
            if matcher.real_quick_ratio() < SIMILARITY_THRESHOLD:
                continue
            if matcher.quick_ratio() < SIMILARITY_THRESHOLD:
                continue
            ratio = matcher.ratio()
            if ratio >= SIMILARITY_THRESHOLD:
                pairs.append((ratio, index, identity))
    # Best pairs first; ties go to the earlier paragraphs, so the result does not depend on dict order.
    for _ratio, index, identity in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
        if matched[index] is None and identity not in taken:
            matched[index] = identity
            taken.add(identity)
    return matched


@dataclasses.dataclass(frozen=True)
class DiffRow:
    """One row of a paragraph-level diff. `kind` is "kept", "changed", "inserted", "removed" or "moved";
    positions are 1-based in their version (None where the paragraph is absent)."""

    kind: str
    identity: int
    old_position: int | None
    new_position: int | None
    old_text: str
    new_text: str

    @property
    def words(self) -> SafeString:
        """The word-level diff of a changed or moved paragraph, as escaped HTML with <del> and <ins>."""
        return word_diff(self.old_text, self.new_text)


def diff_versions(old: Sequence[tuple[int, str]], new: Sequence[tuple[int, str]]) -> list[DiffRow]:
    """The paragraphs of two versions (identity, text), in order, as rows of a diff in the new version's
    order with removed paragraphs where they stood."""
    old_ids = [identity for identity, _text in old]
    new_ids = [identity for identity, _text in new]
    in_old, in_new = set(old_ids), set(new_ids)
    old_at = {identity: (position, text) for position, (identity, text) in enumerate(old, 1)}
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, old_ids, new_ids, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                old_text, new_text = old[i][1], new[j][1]
                kind = "kept" if normalize(old_text) == normalize(new_text) else "changed"
                rows.append(DiffRow(kind, new_ids[j], i + 1, j + 1, old_text, new_text))
            continue
        for i in range(i1, i2):
            if old_ids[i] not in in_new:  # a paragraph moved elsewhere is shown where it now stands
                rows.append(DiffRow("removed", old_ids[i], i + 1, None, old[i][1], ""))
        for j in range(j1, j2):
            identity, text = new[j]
            if identity in in_old:
                position, old_text = old_at[identity]
                rows.append(DiffRow("moved", identity, position, j + 1, old_text, text))
            else:
                rows.append(DiffRow("inserted", identity, None, j + 1, "", text))
    return rows


def word_diff(old: str, new: str) -> SafeString:
    """`old` → `new` word by word: removed words in <del>, added ones in <ins>, everything escaped."""
    a, b = _TOKENS.findall(old), _TOKENS.findall(new)
    parts: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            parts.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            parts.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            parts.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(parts))  # every piece of user text above went through escape()
