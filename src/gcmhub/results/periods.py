"""Reporting periods: labels such as "2025", "2025-H1", "2025-Q3" and "2025-07", by indicator frequency."""

import calendar
import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from gcmhub.core.exceptions import ValidationFailed

PATTERNS = {
    "annual": re.compile(r"^(\d{4})$"),
    "semiannual": re.compile(r"^(\d{4})-H([12])$"),
    "quarterly": re.compile(r"^(\d{4})-Q([1-4])$"),
    "monthly": re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"),
}
EXAMPLES = {"annual": "2025", "semiannual": "2025-H1", "quarterly": "2025-Q3", "monthly": "2025-07"}
MONTHS_PER_PERIOD = {"annual": 12, "semiannual": 6, "quarterly": 3, "monthly": 1}


@dataclass(frozen=True)
class Period:
    label: str
    start: datetime.date
    end: datetime.date


def _month_span(year: int, first_month: int, months: int) -> tuple[datetime.date, datetime.date]:
    last_month = first_month + months - 1
    return (
        datetime.date(year, first_month, 1),
        datetime.date(year, last_month, calendar.monthrange(year, last_month)[1]),
    )


def parse_period(label: str, frequency: str) -> Period:
    """The period a label names for an indicator reported at `frequency`; a malformed label is refused."""
    label = (label or "").strip().upper() if frequency != "monthly" else (label or "").strip()
    pattern = PATTERNS.get(frequency)
    match = pattern.match(label) if pattern else None
    if match is None:
        raise ValidationFailed(
            _("%(label)s is not a period of this indicator; write it like %(example)s.")
            % {"label": label or "—", "example": EXAMPLES.get(frequency, "2025")},
            code="bad_period",
        )
    year = int(match.group(1))
    if not 1900 <= year <= 2200:
        raise ValidationFailed(_("The year %(year)d is out of range.") % {"year": year}, code="bad_period")
    months = MONTHS_PER_PERIOD[frequency]
    index = int(match.group(2)) if frequency != "annual" else 1
    start, end = _month_span(year, (index - 1) * months + 1, months)
    return Period(label=label, start=start, end=end)


def period_containing(day: datetime.date, frequency: str) -> Period:
    """The period of `frequency` that contains `day`."""
    year = day.year
    if frequency == "annual":
        label = f"{year}"
    elif frequency == "semiannual":
        label = f"{year}-H{1 if day.month <= 6 else 2}"
    elif frequency == "quarterly":
        label = f"{year}-Q{(day.month - 1) // 3 + 1}"
    else:
        label = f"{year}-{day.month:02d}"
    return parse_period(label, frequency)
