"""Timeframes from free text ("6 months - 1 year", "Biennial", "Multi-year") into months. The original text
is always kept; what cannot be read is reported, never guessed."""

import calendar
import datetime
import re
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from gcmhub.workplan.importer.structure import Severity, Timeframe

# A hundred years: anything longer is a typing slip, not a plan.
MAX_MONTHS = 1200

UNIT_MONTHS: dict[str, Fraction] = {
    **dict.fromkeys(("year", "years", "yr", "yrs"), Fraction(12)),
    **dict.fromkeys(("month", "months", "mo", "mos", "mth", "mths"), Fraction(1)),
    **dict.fromkeys(("quarter", "quarters"), Fraction(3)),
    **dict.fromkeys(("week", "weeks", "wk", "wks"), Fraction(12, 52)),
    **dict.fromkeys(("day", "days"), Fraction(12, 365)),
}
NUMBER_WORDS: dict[str, Fraction] = {
    "zero": Fraction(0),
    "one": Fraction(1),
    "two": Fraction(2),
    "three": Fraction(3),
    "four": Fraction(4),
    "five": Fraction(5),
    "six": Fraction(6),
    "seven": Fraction(7),
    "eight": Fraction(8),
    "nine": Fraction(9),
    "ten": Fraction(10),
    "eleven": Fraction(11),
    "twelve": Fraction(12),
    "eighteen": Fraction(18),
    "twenty-four": Fraction(24),
    "a": Fraction(1),
    "an": Fraction(1),
}

_UNIT = r"(years?|yrs?|months?|mos?|mths?|quarters?|weeks?|wks?|days?)"
_QTY = r"([0-9]{1,4}(?:[.,][0-9]{1,2})?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_GLUED = re.compile(r"(?<![0-9a-z.,])([0-9]{1,4}(?:[.,][0-9]{1,2})?)" + _UNIT + r"(?![a-z])")
_HYPHENATED_UNIT = re.compile(r"([0-9])-" + _UNIT + r"(?![a-z])")
_QUALIFIER = re.compile(r"^(?:approximately|approx\.?|about|around|roughly|circa|ca\.|~)\s*")
_SINGLE = re.compile(rf"{_QTY}\s*{_UNIT}")
_RANGE = re.compile(
    rf"(?:from\s+|between\s+)?{_QTY}\s*{_UNIT}?\s*(?:-|to|and|until|through)\s*{_QTY}\s*{_UNIT}"
)
_AT_MOST = re.compile(
    rf"(?:within|up to|max(?:imum)?\.?(?: of)?|no more than|not more than|less than|under)\s+"
    rf"{_QTY}\s*{_UNIT}"
)
_AT_LEAST = re.compile(
    rf"(?:at least|min(?:imum)?\.?(?: of)?|more than|over|no less than)\s+{_QTY}\s*{_UNIT}"
)
# Parts end at ";", a parenthesis or a comma, but a comma between two digits is a decimal one ("1,5").
_PART_BREAK = re.compile(r"[;()]|,(?![0-9])|(?<![0-9]),")
_HALF_YEAR = re.compile(r"half(?: a|-a)? ?-?year|half-yearly")
_EVERY = re.compile(rf"(?:every|each|once every)\s+{_QTY}\s*{_UNIT}")
_OPEN_ENDED = re.compile(
    r"multi-? ?years?|multi-? ?annual|multiple years|ongoing|on-going|continuous(?:ly)?|continuing|"
    r"open-? ?ended|long-? ?term|permanent|indefinite(?:ly)?|until further notice"
)
_RECURRENCES: list[tuple[re.Pattern[str], int]] = [
    (re.compile(r"bi-?ennial(?:ly)?|every other year|every two years|once every two years"), 24),
    (re.compile(r"tri-?ennial(?:ly)?|every three years"), 36),
    (
        re.compile(
            r"semi-? ?annual(?:ly)?|bi-?annual(?:ly)?|twice a year|twice yearly|half-yearly|every six months"
        ),
        6,
    ),
    (re.compile(r"annual(?:ly)?|yearly|every year|each year|once a year|per year|per annum"), 12),
    (re.compile(r"quarterly|every quarter"), 3),
    (re.compile(r"monthly|every month"), 1),
]


@dataclass
class TimeframeReading:
    timeframe: Timeframe
    # (severity, code, message) for each thing worth reporting; the parser adds the line number.
    notes: list[tuple[Severity, str, str]] = field(default_factory=list)


def _quantity(token: str) -> Fraction:
    if token in NUMBER_WORDS:
        return NUMBER_WORDS[token]
    return Fraction(token.replace(",", "."))


def _months(quantity: str, unit: str, reading: TimeframeReading, original: str) -> int | None:
    exact = _quantity(quantity) * UNIT_MONTHS[unit]
    months = max(1, round(exact)) if exact else 0
    if months > MAX_MONTHS:
        reading.notes.append(
            (
                "warning",
                "timeframe_implausible",
                _("The timeframe “%(text)s” is longer than %(years)d years; it was not read as a duration.")
                % {"text": original, "years": MAX_MONTHS // 12},
            )
        )
        return None
    if exact != months:
        reading.notes.append(
            (
                "info",
                "timeframe_rounded",
                ngettext(
                    "The timeframe “%(text)s” was rounded to %(months)d whole month.",
                    "The timeframe “%(text)s” was rounded to %(months)d whole months.",
                    months,
                )
                % {"text": original, "months": months},
            )
        )
    return months


def _read_part(part: str, reading: TimeframeReading, original: str) -> bool:
    """Read one comma-separated part into `reading`; False when it means nothing we know."""
    tf = reading.timeframe
    part = _QUALIFIER.sub("", part).strip(" .")
    if not part:
        return True
    if _OPEN_ENDED.fullmatch(part):
        tf.open_ended = True
        return True
    for pattern, months in _RECURRENCES:
        if pattern.fullmatch(part):
            tf.recurrence_months = months
            return True
    if m := _EVERY.fullmatch(part):
        tf.recurrence_months = _months(m[1], m[2], reading, original)
        return True
    if _HALF_YEAR.fullmatch(part):
        tf.min_months = tf.max_months = 6
        return True
    if m := _RANGE.fullmatch(part):
        low_unit = m[2] or m[4]
        low, high = _months(m[1], low_unit, reading, original), _months(m[3], m[4], reading, original)
        tf.min_months, tf.max_months = low, high
        if low is not None and high is not None and low > high:
            reading.notes.append(
                (
                    "warning",
                    "timeframe_reversed",
                    _(
                        "The timeframe “%(text)s” ends before it starts (%(low)d months to %(high)d months); "
                        "it is stored as written."
                    )
                    % {"text": original, "low": low, "high": high},
                )
            )
        return True
    if m := _AT_MOST.fullmatch(part):
        tf.max_months = _months(m[1], m[2], reading, original)
        return True
    if m := _AT_LEAST.fullmatch(part):
        tf.min_months = _months(m[1], m[2], reading, original)
        return True
    if m := _SINGLE.fullmatch(part):
        tf.min_months = tf.max_months = _months(m[1], m[2], reading, original)
        return True
    return False


def parse_timeframe(text: str | None) -> TimeframeReading:
    """Read a timeframe such as "1-2 years", "6 months - 1 year", "Biennial", "Multi-year", "3 weeks"."""
    reading = TimeframeReading(Timeframe(text=text or None))
    if not text:
        return reading
    normalized = re.sub(r"[\u2010\u2011\u2012\u2013\u2014\u2212]", "-", text.lower())
    normalized = re.sub(r"\s+", " ", normalized).strip()
    for glued in _GLUED.finditer(normalized):
        reading.notes.append(
            (
                "warning",
                "timeframe_missing_space",
                _(
                    "“%(glued)s” has no space between the number and the unit; it was read as "
                    "“%(number)s %(unit)s”."
                )
                % {"glued": glued[0], "number": glued[1], "unit": glued[2]},
            )
        )
    normalized = _GLUED.sub(r"\1 \2", normalized)
    normalized = _HYPHENATED_UNIT.sub(r"\1 \2", normalized)
    parts = _PART_BREAK.split(normalized)
    unread = [part.strip() for part in parts if not _read_part(part, reading, text)]
    unread = [part for part in unread if part]
    if unread:
        reading.notes.append(
            (
                "warning",
                "timeframe_unparsed",
                _("The timeframe “%(text)s” could not be read (%(part)s); only the text is kept.")
                % {"text": text, "part": "; ".join(f"“{p}”" for p in unread)},
            )
        )
    return reading


def add_months(start: datetime.date, months: int) -> datetime.date:
    """`start` moved by whole months, keeping the day if the month has it (31 Jan + 1 month = 28/29 Feb)."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return start.replace(year=year, month=month, day=min(start.day, calendar.monthrange(year, month)[1]))
