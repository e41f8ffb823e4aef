"""The curated directory of real data and knowledge platforms shipped in data/knowledge_platforms.json.

`load_platforms` creates or updates one published `platform` resource per entry, so the overlaps-and-gaps
view means something on a fresh install. Each entry names the public pages its facts were checked against
(kept as the resource's links); a second run changes nothing. Entries are recognised by their
`external_id` ("curated-platform:<id>"), so platforms registered by people are never touched.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

from gcmhub.core.audit import acting_as
from gcmhub.core.exceptions import ValidationFailed
from gcmhub.knowledge.models import Kind, Language, Platform, Resource, ResourceObjective, Scope, Status
from gcmhub.knowledge.richtext import clean_html
from gcmhub.reference.models import Objective, Organization, Region

SEED_FILE = Path(settings.PACKAGE_DIR).parent.parent / "data" / "knowledge_platforms.json"
EXTERNAL_ID_PREFIX = "curated-platform:"
REQUIRED = ("id", "name", "url", "scope", "objectives", "summary", "sources")


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


@dataclass(frozen=True)
class Entry:
    """One platform as the seed file gives it, checked against the reference tables."""

    key: str
    resource: dict[str, Any]
    platform: dict[str, Any]
    objectives: frozenset[int]
    regions: frozenset[str]


def read_seed(path: Path = SEED_FILE) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        platforms: list[dict[str, Any]] = json.load(handle)["platforms"]
    return platforms


def _problem(message: str) -> ValidationFailed:
    return ValidationFailed(message, code="bad_seed")


def _owner(raw: dict[str, Any], key: str) -> Organization | None:
    acronym = raw.get("organization")
    if not acronym:
        if not raw.get("organization_name"):
            raise _problem(_("Platform %(id)s in the seed file names no organization.") % {"id": key})
        return None
    owner = Organization.objects.filter(acronym=acronym).first()
    if owner is None:
        raise _problem(
            _("Platform %(id)s in the seed file names an unknown organization, %(acronym)s.")
            % {"id": key, "acronym": acronym}
        )
    return owner


def _checked_codes(raw: dict[str, Any], key: str) -> tuple[frozenset[int], frozenset[str]]:
    objectives = frozenset(int(n) for n in raw["objectives"])
    if not objectives or len(Objective.objects.filter(number__in=objectives)) != len(objectives):
        raise _problem(
            _("Platform %(id)s in the seed file must name GCM objectives by number.") % {"id": key}
        )
    regions = frozenset(str(code) for code in raw.get("regions", []))
    if len(Region.objects.filter(m49__in=regions)) != len(regions):
        raise _problem(_("Platform %(id)s in the seed file must name regions by M49 code.") % {"id": key})
    languages = set(raw.get("languages", []))
    if not languages <= set(Language.values):
        raise _problem(
            _("Platform %(id)s in the seed file must name languages by UN language code.") % {"id": key}
        )
    return objectives, regions


def parse_entry(raw: dict[str, Any]) -> Entry:
    """An entry of the seed file, checked; an entry without sources is refused."""
    key = str(raw.get("id") or "?")
    missing = [name for name in REQUIRED if not raw.get(name)]
    if missing:
        raise _problem(
            _("Platform %(id)s in the seed file lacks %(fields)s.")
            % {"id": key, "fields": ", ".join(missing)}
        )
    if raw["scope"] not in Scope.values:
        raise _problem(
            _("Platform %(id)s in the seed file has an unknown scope, %(scope)s.")
            % {"id": key, "scope": raw["scope"]}
        )
    objectives, regions = _checked_codes(raw, key)
    owner = _owner(raw, key)
    resource = {
        "title": raw["name"],
        "summary": raw["summary"],
        "body": clean_html(f"<p>{escape(raw.get('objectives_basis', ''))}</p>"),
        "language": Language.EN,
        "scope": raw["scope"],
        "source_url": raw["url"],
        "links": [{"label": "", "url": url} for url in raw["sources"]],
    }
    platform = {
        "owner": owner,
        "owner_name": "" if owner else raw["organization_name"],
        "url": raw["url"],
        "languages": list(raw.get("languages", [])),
    }
    return Entry(EXTERNAL_ID_PREFIX + key, resource, platform, objectives, regions)


def _differences(resource: Resource, entry: Entry) -> list[str]:
    changed = [name for name, value in entry.resource.items() if getattr(resource, name) != value]
    platform = getattr(resource, "platform", None)
    if platform is None or any(getattr(platform, n) != v for n, v in entry.platform.items()):
        changed.append("platform")
    if set(resource.objective_links.values_list("objective__number", flat=True)) != entry.objectives:
        changed.append("objectives")
    if set(resource.regions.values_list("m49", flat=True)) != entry.regions:
        changed.append("regions")
    return changed


def _store(resource: Resource, entry: Entry) -> None:
    for name, value in entry.resource.items():
        setattr(resource, name, value)
    resource.save()
    Platform.objects.update_or_create(resource=resource, defaults=entry.platform)
    resource.objective_links.all().delete()
    ResourceObjective.objects.bulk_create(
        ResourceObjective(resource=resource, objective=o, primary=True)
        for o in Objective.objects.filter(number__in=entry.objectives)
    )
    resource.regions.set(Region.objects.filter(m49__in=entry.regions))


def _load_one(entry: Entry, report: SeedReport) -> None:
    resource = Resource.objects.filter(external_id=entry.key).select_related("platform").first()
    if resource is None:
        now = timezone.now()
        resource = Resource(
            external_id=entry.key, kind=Kind.PLATFORM, status=Status.PUBLISHED, published_at=now
        )
        _store(resource, entry)
        report.created.append(entry.key)
        return
    changed = _differences(resource, entry)
    if not changed:
        report.unchanged += 1
        return
    _store(resource, entry)
    report.updated.append(f"{entry.key}: {', '.join(changed)}")


@transaction.atomic
def load_platforms(*, actor: Any = None, path: Path = SEED_FILE) -> SeedReport:
    """Create or update every curated platform; a bad entry changes nothing (one transaction)."""
    entries = [parse_entry(raw) for raw in read_seed(path)]
    report = SeedReport()
    with acting_as(actor):
        for entry in entries:
            _load_one(entry, report)
    return report
