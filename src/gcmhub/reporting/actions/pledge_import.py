"""Pledges made elsewhere (an IMRF pledging round, a spreadsheet kept by the secretariat) imported from a
JSON Lines file, one published pledge per line (docs/pledges.md, "Import and export").

Every line is checked first and every problem reported with its line number; a bad file changes nothing (one
transaction). A line is matched to an earlier import by its `reference`, so importing the same file again
changes nothing, and a corrected line updates its pledge in place, keeping its pledge ID. A reference that is
a pledge ID of this platform (an export of `gcmhub export_pledges`) names that pledge.
"""

import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import AnyUser
from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import ValidationFailed
from gcmhub.reference.models import Organization
from gcmhub.reporting.actions.common import require_secretariat
from gcmhub.reporting.actions.pledges import clean_contents, public_id_for, store_contents
from gcmhub.reporting.models_pledges import Pledge, PledgeStatus
from gcmhub.reporting.queries_pledges import pledger_type_of

MAX_LINES = 10_000
RELATIONS = ("objectives", "principles", "countries", "co_pledgers")
FIELDS = {"reference", "organization", "title", "description", "language", "published_on", *RELATIONS}


class PledgeImportFailed(ValidationFailed):
    """The file has problems; `errors` lists them as (line number, message)."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        super().__init__(
            _("The file has %(count)d problems; nothing was imported.") % {"count": len(errors)},
            code="bad_file",
        )
        self.errors = errors


@dataclass
class PledgeImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0


@dataclass(frozen=True)
class Line:
    number: int
    reference: str
    organization: Organization
    contents: dict[str, Any]
    published_on: datetime.date | None


def _line(number: int, text: str) -> Line:
    try:
        data = json.loads(text)
    except ValueError:
        raise ValidationFailed(_("This line is not JSON.")) from None
    if not isinstance(data, dict):
        raise ValidationFailed(_("Each line must be a JSON object."))
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)})
    reference = str(data.pop("reference", "") or "").strip()
    if not reference or len(reference) > 100:
        raise ValidationFailed(_("Each pledge needs a reference of at most 100 characters."))
    acronym = str(data.get("organization") or "")
    organization = Organization.objects.filter(acronym__iexact=acronym).first()
    if organization is None:
        raise ValidationFailed(
            _("There is no organization with the acronym %(acronym)s.") % {"acronym": acronym}
        )
    published_on = data.pop("published_on", None)
    date = datetime.date.fromisoformat(published_on) if isinstance(published_on, str) else None
    return Line(number, reference, organization, clean_contents(data, organization), date)


def read_lines(texts: Iterable[str]) -> list[Line]:
    """Every non-empty line checked; all the problems at once, each with its line number."""
    lines: list[Line] = []
    errors: list[tuple[int, str]] = []
    seen: set[str] = set()
    for number, text in enumerate(texts, start=1):
        if number > MAX_LINES:
            errors.append((number, _("A file holds at most %(limit)d pledges.") % {"limit": MAX_LINES}))
            break
        if not text.strip():
            continue
        try:
            line = _line(number, text)
        except (ValidationFailed, ValueError) as error:
            errors.append((number, getattr(error, "message", str(error))))
            continue
        if line.reference in seen:
            errors.append(
                (number, _("The reference %(reference)s appears twice.") % {"reference": line.reference})
            )
        seen.add(line.reference)
        lines.append(line)
    if errors:
        raise PledgeImportFailed(errors)
    return lines


def _differs(pledge: Pledge, line: Line) -> bool:
    if pledge.organization_id != line.organization.pk:
        return True
    if any(getattr(pledge, name) != line.contents[name] for name in ("title", "description", "language")):
        return True
    return any(set(getattr(pledge, name).all()) != set(line.contents[name]) for name in RELATIONS)


def _create(line: Line) -> Pledge:
    when = timezone.now()
    if line.published_on is not None:
        when = timezone.make_aware(datetime.datetime.combine(line.published_on, datetime.time(12)))
    pledge = Pledge(
        reference=line.reference,
        organization=line.organization,
        pledger_type=pledger_type_of(line.organization),
        status=PledgeStatus.PUBLISHED,
        submitted_at=when,
        published_at=when,
        public_id=f"import-{line.number}",
    )
    store_contents(pledge, line.contents)
    pledge.public_id = public_id_for(pledge.pk)
    pledge.save(update_fields=["public_id"])
    return pledge


def _store(line: Line, report: PledgeImportReport) -> None:
    # An export of this platform names its pledges by their pledge ID, so a round trip finds them again.
    exported = Q(reference__isnull=True, public_id=line.reference, status=PledgeStatus.PUBLISHED)
    match = Q(reference=line.reference) | exported
    pledge = Pledge.objects.filter(match).first()
    if pledge is None:
        report.created.append(_create(line).public_id)
    elif _differs(pledge, line):
        pledge.organization = line.organization
        pledge.pledger_type = pledger_type_of(line.organization)
        store_contents(pledge, line.contents)
        report.updated.append(pledge.public_id)
    else:
        report.unchanged += 1


@transaction.atomic
def import_pledges(
    *, actor: AnyUser | None, texts: Iterable[str], dry_run: bool = False
) -> PledgeImportReport:
    """Import published pledges (the secretariat, or the operator's command with no user)."""
    if actor is not None:
        require_secretariat(actor)
    lines = read_lines(texts)
    report = PledgeImportReport()
    with acting_as(actor):
        for line in lines:
            _store(line, report)
    if dry_run:
        transaction.set_rollback(True)
    return report
