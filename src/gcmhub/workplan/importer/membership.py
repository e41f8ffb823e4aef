"""Who a membership line names: reference organizations (acronyms, whole words, case as written), membership
groups (lower-case aliases, longest first) and the "tbd" / "ToRs" flags. Phrases that match nothing are
reported, not dropped silently."""

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gcmhub.workplan.importer.structure import GroupRef, Membership, Severity

GCM_OBJECTIVES = frozenset(range(1, 24))

_URL = re.compile(r"(?:https?://|www\.)[^\s)\]]+", re.IGNORECASE)
_TBD = re.compile(r"(?<![a-z0-9])(?:tbd|tbc|to be determined|to be confirmed)(?![a-z0-9])", re.IGNORECASE)
_TORS = re.compile(r"(?<![a-z0-9])(?:tors?|terms of reference)(?![a-z0-9])", re.IGNORECASE)
_SEGMENT_BREAK = re.compile(r"[,;()/]|(?<![a-z0-9])(?:and|or)(?![a-z0-9])", re.IGNORECASE)
# "IOM (lead)", "DESA (co-lead)": the organization just before the marker leads.
_LEAD_MARKER = re.compile(r"\(\s*(?:co-?\s*)?leads?(?:\s+agency|\s+agencies)?\s*\)", re.IGNORECASE)
_LEAD_AFTER = re.compile(r"\s*" + _LEAD_MARKER.pattern, re.IGNORECASE)
# "Lead: IOM", "Co-leads: IOM, DESA", "led by IOM": the organizations up to the next ";" lead.
_LEAD_LABEL = re.compile(r"(?<![a-z0-9])(?:(?:co-?\s*)?leads?\s*:|led\s+by(?![a-z0-9]))", re.IGNORECASE)
_ACRONYM_LIKE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2,}[A-Za-z0-9-]*(?![A-Za-z0-9])")
# Words that join names in a membership line without naming anyone.
_FILLER = frozenset(
    ("all", "other", "others", "relevant", "with", "from", "to", "the", "of", "etc", "e", "g")
)


@dataclass(frozen=True)
class Reference:
    """The reference names the importer links to; build it with `store.reference_from_db()`."""

    objective_numbers: frozenset[int] = GCM_OBJECTIVES
    acronyms: frozenset[str] = frozenset()
    # (number, official English title): a document that words an objective otherwise gets a warning.
    objective_titles: tuple[tuple[int, str], ...] = ()
    # (lower-case alias, group), longest alias first so "executive committee members" wins over its prefix.
    group_aliases: tuple[tuple[str, GroupRef], ...] = ()
    _acronym_pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    _group_patterns: tuple[tuple[re.Pattern[str], GroupRef], ...] = field(
        default=(), compare=False, repr=False
    )

    @classmethod
    def build(
        cls,
        *,
        objective_numbers: frozenset[int] = GCM_OBJECTIVES,
        acronyms: frozenset[str] = frozenset(),
        groups: dict[GroupRef, list[str]] | None = None,
        objective_titles: dict[int, str] | None = None,
    ) -> "Reference":
        aliases = {
            " ".join(alias.lower().split()): group
            for group, names in (groups or {}).items()
            for alias in names
            if alias and alias.strip()
        }
        ordered = tuple(sorted(aliases.items(), key=lambda item: (-len(item[0]), item[0])))
        cleaned = frozenset(a.strip() for a in acronyms if a.strip())
        pattern = None
        if cleaned:
            alternation = "|".join(re.escape(a) for a in sorted(cleaned, key=lambda a: (-len(a), a)))
            pattern = re.compile(rf"(?<![A-Za-z0-9])(?:{alternation})(?![A-Za-z0-9])")
        group_patterns = tuple(
            (re.compile(rf"(?<![a-z0-9]){_phrase_pattern(alias)}(?![a-z0-9])", re.IGNORECASE), group)
            for alias, group in ordered
        )
        titles = tuple(sorted((objective_titles or {}).items()))
        return cls(objective_numbers, cleaned, titles, ordered, pattern, group_patterns)


def _phrase_pattern(phrase: str) -> str:
    return r"\s+".join(re.escape(word) for word in phrase.split())


@dataclass
class MembershipReading:
    membership: Membership
    notes: list[tuple[Severity, str, str]] = field(default_factory=list)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def parse_membership(text: str | None, reference: Reference | None) -> MembershipReading:
    """The organizations, groups and flags a membership line names. Without `reference` only the flags are
    read (the parser is then pure)."""
    reading = MembershipReading(Membership(text=text or None))
    if not text:
        return reading
    membership = reading.membership
    membership.tbd = bool(_TBD.search(text))
    membership.tors = bool(_TORS.search(text))
    if reference is None:
        return reading

    work = text
    matched: list[tuple[int, int]] = []
    for url in _URL.finditer(work):
        work = _blank(work, url.start(), url.end())
    for flag in (*_TBD.finditer(work), *_TORS.finditer(work)):
        work = _blank(work, flag.start(), flag.end())

    groups: dict[str, GroupRef] = {}
    for pattern, group in reference._group_patterns:
        for hit in pattern.finditer(work):
            groups[group.slug] = group
            matched.append((hit.start(), hit.end()))
            work = _blank(work, hit.start(), hit.end())

    organizations: set[str] = set()
    hits: list[tuple[int, int, str]] = []
    if reference._acronym_pattern is not None:
        for hit in reference._acronym_pattern.finditer(work):
            organizations.add(hit[0])
            hits.append((hit.start(), hit.end(), hit[0]))
            matched.append((hit.start(), hit.end()))
            work = _blank(work, hit.start(), hit.end())

    membership.organizations = sorted(organizations)
    membership.leads, membership.leads_marked = _leads(work, hits)
    for marker in (*_LEAD_MARKER.finditer(work), *_LEAD_LABEL.finditer(work)):
        work = _blank(work, marker.start(), marker.end())
    membership.groups = sorted(groups.values(), key=lambda g: g.name)
    _report_unmatched(text, work, matched, reading)
    return reading


def _leads(work: str, hits: list[tuple[int, int, str]]) -> tuple[list[str], bool]:
    """The organizations a membership line marks as leads, in order; without a marker, the first one named
    (documents list the lead first). The bool says whether the line marked them."""
    labelled = [(label.end(), _end_of_clause(work, label.end())) for label in _LEAD_LABEL.finditer(work)]
    marked: list[str] = []
    for start, end, acronym in sorted(hits):
        in_label = any(first <= start < last for first, last in labelled)
        if (in_label or _LEAD_AFTER.match(work, end)) and acronym not in marked:
            marked.append(acronym)
    if marked:
        return marked, True
    return [min(hits)[2]] if hits else [], False


def _end_of_clause(text: str, start: int) -> int:
    semicolon = text.find(";", start)
    return len(text) if semicolon == -1 else semicolon


def _report_unmatched(
    text: str, work: str, matched: list[tuple[int, int]], reading: MembershipReading
) -> None:
    """Report each comma/semicolon/"and" separated phrase that names nothing we know, and acronym-like words
    that are not reference organizations."""
    start = 0
    bounds = [(m.start(), m.end()) for m in _SEGMENT_BREAK.finditer(work)] + [(len(work), len(work))]
    for cut_start, cut_end in bounds:
        segment_has_match = any(start <= s < cut_start for s, _e in matched)
        leftover = work[start:cut_start]
        words = [w for w in re.findall(r"[^\W_]+", leftover.lower()) if w not in _FILLER]
        phrase = " ".join(text[start:cut_start].split()).strip(" .:-")
        acronyms = _ACRONYM_LIKE.findall(leftover)
        if words and not segment_has_match and acronyms != [phrase]:
            reading.notes.append(
                (
                    "warning",
                    "membership_unmatched",
                    _(
                        "“%(phrase)s” on the membership line matches no organization acronym or membership "
                        "group."
                    )
                    % {"phrase": phrase},
                )
            )
        elif words:
            for token in acronyms:
                reading.notes.append(
                    (
                        "warning",
                        "membership_unknown_acronym",
                        _(
                            "“%(acronym)s” on the membership line looks like an organization acronym but is "
                            "not in the reference list of organizations."
                        )
                        % {"acronym": token},
                    )
                )
        start = cut_end
