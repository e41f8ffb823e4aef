"""The work plan importer: a .txt, .md or .docx document in, a stored work plan version out, with every
anomaly of the document reported (see docs/importer.md).

    read_document(data, filename) -> str          bytes to text; refuses what is not a work plan document
    parse_text(text) -> ParsedPlan                 pure: sections, results, activities, issues
    import_document(data, filename, actor=...)     read, parse and store in one transaction

The web upload page, the API and `gcmhub import_workplan` all call `import_document`."""

import datetime
import hashlib
import re
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

from gcmhub.core.actors import Actor
from gcmhub.core.exceptions import PermissionDenied
from gcmhub.workplan.importer.membership import Reference
from gcmhub.workplan.importer.parser import parse_text
from gcmhub.workplan.importer.reader import MAX_BYTES, check_size, read_document
from gcmhub.workplan.importer.store import ImportOutcome, reference_from_db, store_plan
from gcmhub.workplan.importer.structure import (
    ImportRejected,
    Issue,
    Membership,
    ParsedActivity,
    ParsedPlan,
    ParsedResult,
    ParsedSection,
    Timeframe,
)
from gcmhub.workplan.importer.timeframe import add_months, parse_timeframe
from gcmhub.workplan.queries import DEFAULT_PLAN_SLUG, can_import_workplan

__all__ = [
    "MAX_BYTES",
    "ImportOutcome",
    "ImportRejected",
    "Issue",
    "Membership",
    "ParsedActivity",
    "ParsedPlan",
    "ParsedResult",
    "ParsedSection",
    "Reference",
    "Timeframe",
    "add_months",
    "default_start_date",
    "import_document",
    "parse_text",
    "parse_timeframe",
    "read_document",
    "reference_from_db",
]

_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,50}$")
# Planned dates are computed by adding months; keep them well inside what a date can hold.
_EARLIEST_START, _LATEST_START = datetime.date(1900, 1, 1), datetime.date(2200, 12, 31)


def default_start_date() -> datetime.date:
    """The date a plan's timeframes count from unless an import says otherwise (GCMHUB_PLAN_START)."""
    return datetime.date.fromisoformat(str(settings.GCMHUB_PLAN_START))


def import_document(
    data: bytes,
    filename: str,
    *,
    actor: Actor,
    start_date: datetime.date | None = None,
    plan_slug: str = DEFAULT_PLAN_SLUG,
) -> ImportOutcome:
    """Read, parse and store a work plan document as a new version of the plan `plan_slug`.

    Re-importing a document that parses to the current version's structure (with the same start date)
    stores nothing and returns `created=False`. Raises ImportRejected (a 422 ValidationFailed) for anything
    that cannot be imported; the database is then unchanged. `actor` None is the system (the command line);
    any other actor must be allowed to import (the secretariat), else PermissionDenied."""
    if actor is not None and not can_import_workplan(actor):
        raise PermissionDenied(_("Only the secretariat may import a new version of the work plan."))
    check_size(len(data))
    if not _SLUG.match(plan_slug or ""):
        raise ImportRejected(_("“%(slug)s” is not a valid work plan identifier.") % {"slug": plan_slug})
    start = start_date or default_start_date()
    if not _EARLIEST_START <= start <= _LATEST_START:
        raise ImportRejected(
            _("The start date %(date)s is outside the years 1900 to 2200.") % {"date": start.isoformat()},
            code="bad_start_date",
        )
    text = read_document(data, filename)
    parsed = parse_text(text, reference=reference_from_db())
    return store_plan(
        parsed,
        actor=actor,
        source_name=PurePath(filename).name,
        source_sha256=hashlib.sha256(data).hexdigest(),
        start_date=start,
        plan_slug=plan_slug,
    )
