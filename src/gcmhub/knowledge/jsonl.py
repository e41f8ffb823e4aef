"""The resources JSON Lines format (docs/resources-jsonl.md): reading and checking a file line by line, and
writing resources back out in the same shape."""

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from gcmhub.knowledge.models import Kind, Resource, ResourceObjective, Status
from gcmhub.knowledge.richtext import clean_html
from gcmhub.knowledge.validation import KINDS, LANGUAGES, CleanResource, ReferenceIndex, clean_resource

FIELDS = {
    "kind",
    "title",
    "summary",
    "body",
    "language",
    "objectives",
    "secondary_objectives",
    "principles",
    "thematic_areas",
    "scope",
    "countries",
    "regions",
    "organizations",
    "implementer",
    "url",
    "external_id",
    "published_on",
    "start_date",
    "end_date",
    "status",
    "implementation_status",
    "audiences",
    "themes",
    "results",
    "lessons",
    "links",
    "licence",
    "translations",
    "national_plan",
    "platform",
}
IMPORT_STATUSES = (Status.DRAFT, Status.PUBLISHED, Status.ARCHIVED)
MAX_LINE_BYTES = 5 * 1024 * 1024
OWN_ID_PREFIX = "gcmhub:"


@dataclass
class Record:
    line: int
    key: str  # "id:<external_id>" or "url:<url>"
    kind: str
    status: str
    external_id: str | None
    clean: CleanResource
    translations: dict[str, dict[str, str]]
    digest: str


@dataclass
class ParseResult:
    records: list[Record] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def _translations(value: Any, original: str, errors: list[str]) -> dict[str, dict[str, str]]:
    if value in (None, {}):
        return {}
    if not isinstance(value, dict):
        errors.append(_("translations must be an object of language → {title, summary, body}."))
        return {}
    out: dict[str, dict[str, str]] = {}
    for language, fields in value.items():
        if language not in LANGUAGES:
            errors.append(_("Unknown translation language %(language)s.") % {"language": language})
            continue
        if language == original:
            errors.append(
                _("A translation cannot be in the original language (%(language)s).") % {"language": language}
            )
            continue
        if not isinstance(fields, dict) or set(fields) - {"title", "summary", "body"}:
            errors.append(_("A translation has only title, summary and body."))
            continue
        if not all(isinstance(v, str) for v in fields.values()):
            errors.append(_("Translated fields must be text."))
            continue

        out[language] = {
            "title": fields.get("title", "").strip()[:300],
            "summary": fields.get("summary", "").strip(),
            "body": clean_html(fields.get("body", "").strip()),
        }
    return out


def check_line(
    number: int, data: Any, refs: ReferenceIndex, raw: bytes = b""
) -> tuple[Record | None, list[str]]:
    """One line's record, or the problems that keep it out."""
    if not isinstance(data, dict):
        return None, [_("Each line must be a JSON object.")]
    errors: list[str] = []
    unknown = sorted(set(data) - FIELDS)
    if unknown:
        errors.append(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(unknown)})
    kind = data.get("kind")
    if kind not in KINDS:
        errors.append(_("kind must be one of: %(choices)s.") % {"choices": ", ".join(KINDS)})
    status = data.get("status", Status.PUBLISHED)
    if status not in IMPORT_STATUSES:
        errors.append(_("status must be one of: %(choices)s.") % {"choices": ", ".join(IMPORT_STATUSES)})
    external_id = data.get("external_id")
    if external_id is not None and (
        not isinstance(external_id, str) or not external_id.strip() or len(external_id) > 120
    ):
        errors.append(_("external_id must be text of at most 120 characters."))
        external_id = None
    url = data.get("url")
    if url is not None and not isinstance(url, str):
        errors.append(_("url must be text."))
        url = None
    if not external_id and not url:
        errors.append(
            _("Each line needs a url or an external_id, so that importing it again changes nothing.")
        )
    if not data.get("title"):
        errors.append(_("A title is required."))
    language = data.get("language") or "en"
    organizations = data.get("organizations") or []
    implementer = data.get("implementer")
    if not isinstance(organizations, list):
        errors.append(_("%(field)s must be a list.") % {"field": "organizations"})
        organizations = []
    values = {
        name: data[name]
        for name in (
            "title",
            "summary",
            "body",
            "objectives",
            "secondary_objectives",
            "principles",
            "thematic_areas",
            "scope",
            "countries",
            "regions",
            "implementer",
            "published_on",
            "start_date",
            "end_date",
            "implementation_status",
            "audiences",
            "themes",
            "results",
            "lessons",
            "links",
            "licence",
            "national_plan",
            "platform",
        )
        if name in data
    }
    values["language"] = language
    values["source_url"] = url or ""
    values["partners"] = [
        o
        for o in organizations
        if not (isinstance(o, str) and isinstance(implementer, str) and o.upper() == implementer.upper())
    ]
    for name in (
        "objectives",
        "secondary_objectives",
        "principles",
        "thematic_areas",
        "countries",
        "regions",
        "audiences",
        "themes",
        "links",
    ):
        values.setdefault(name, [])
    for name in ("summary", "body", "results", "lessons", "licence", "scope", "implementation_status"):
        values.setdefault(name, "")
    for name in ("published_on", "start_date", "end_date", "implementer"):
        values.setdefault(name, None)
    if kind == Kind.NATIONAL_PLAN and not data.get("national_plan"):
        errors.append(
            _("A national implementation plan needs national_plan with its country and plan_status.")
        )
    if kind == Kind.PLATFORM and not data.get("platform"):
        errors.append(_("A platform needs platform with its url."))
    clean, problems = clean_resource(kind if kind in KINDS else Kind.PRACTICE, values, refs)
    errors += problems
    translations = _translations(data.get("translations"), language, errors)
    if errors:
        return None, errors
    key = f"id:{external_id.strip()}" if external_id else f"url:{url}"
    # The line's own bytes: an unchanged line is recognised without re-serialising it.
    digest = hashlib.sha256(raw or json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    clean_id = external_id.strip() if external_id else None
    return Record(number, key, str(kind), str(status), clean_id, clean, translations, digest), []


def read_lines(stream: IO[bytes]) -> Iterator[tuple[int, Any, bytes, str | None]]:
    """(line number, parsed JSON, raw bytes, error) for every non-blank line."""
    for number, raw in enumerate(stream, start=1):
        if len(raw) > MAX_LINE_BYTES:
            limit = MAX_LINE_BYTES // (1024 * 1024)
            yield number, None, raw, _("The line is longer than %(limit)d MB.") % {"limit": limit}
            continue
        raw = raw.strip()
        if not raw:
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield number, None, raw, _("The line is not UTF-8 text.")
            continue
        try:
            yield number, json.loads(text), raw, None
        except json.JSONDecodeError as exc:
            yield number, None, raw, _("Not valid JSON: %(error)s.") % {"error": exc.msg}


def iter_records(
    stream: IO[bytes], refs: ReferenceIndex | None = None
) -> Iterator[tuple[Record | None, list[tuple[int, str]]]]:
    """Each line's record (or None) and its problems, line by line: a large file is never held in memory."""
    refs = refs or ReferenceIndex.load()
    seen: dict[str, int] = {}
    for number, data, raw, error in read_lines(stream):
        if error:
            yield None, [(number, error)]
            continue
        record, problems = check_line(number, data, refs, raw)
        if record is not None and record.key in seen:
            yield (
                None,
                [(number, _("Same url or external_id as line %(line)d.") % {"line": seen[record.key]})],
            )
            continue
        if record is not None:
            seen[record.key] = number
        yield record, [(number, problem) for problem in problems]


def parse(stream: IO[bytes], refs: ReferenceIndex | None = None) -> ParseResult:
    """Check every line; collect every problem with its line number."""
    result = ParseResult()
    for record, problems in iter_records(stream, refs):
        result.errors += problems
        if record is not None:
            result.records.append(record)
    return result


# ---- Export ------------------------------------------------------------------------------------------------


def exported_resources() -> "QuerySet[Resource]":
    return (
        Resource.objects.select_related("implementer", "national_plan__country", "platform__owner")
        .prefetch_related(
            Prefetch("objective_links", queryset=ResourceObjective.objects.select_related("objective")),
            "principles",
            "thematic_areas",
            "regions",
            "countries",
            "partners",
            "translations",
        )
        .order_by("pk")
    )


def as_line(resource: Resource) -> dict[str, Any]:
    """One resource in the import format (importing the output reproduces the resource)."""
    links = list(resource.objective_links.all())
    partners = sorted(p.acronym for p in resource.partners.all())
    organizations = ([resource.implementer.acronym] if resource.implementer else []) + [
        a for a in partners if not resource.implementer or a != resource.implementer.acronym
    ]
    line: dict[str, Any] = {
        "kind": resource.kind,
        "title": resource.title,
        "summary": resource.summary,
        "body": resource.body,
        "language": resource.language,
        "objectives": sorted(link.objective.number for link in links if link.primary),
        "secondary_objectives": sorted(link.objective.number for link in links if not link.primary),
        "principles": sorted(p.slug for p in resource.principles.all()),
        "thematic_areas": sorted(t.number for t in resource.thematic_areas.all()),
        "scope": resource.scope,
        "countries": sorted(c.iso3 for c in resource.countries.all()),
        "regions": sorted(r.m49 for r in resource.regions.all()),
        "organizations": organizations,
        "implementer": resource.implementer.acronym if resource.implementer else None,
        "url": resource.source_url or None,
        # Without an external_id or a url, the hub's own id keeps a re-import from duplicating the resource.
        "external_id": resource.external_id
        or (None if resource.source_url else f"{OWN_ID_PREFIX}{resource.pk}"),
        "published_on": resource.published_on.isoformat() if resource.published_on else None,
        "start_date": resource.start_date.isoformat() if resource.start_date else None,
        "end_date": resource.end_date.isoformat() if resource.end_date else None,
        "status": resource.status if resource.status in IMPORT_STATUSES else Status.DRAFT,
        "implementation_status": resource.implementation_status,
        "audiences": resource.audiences,
        "themes": resource.themes,
        "results": resource.results,
        "lessons": resource.lessons,
        "links": resource.links,
        "licence": resource.licence,
        "translations": {
            t.language: {"title": t.title, "summary": t.summary, "body": t.body}
            for t in resource.translations.all()
        },
    }
    plan = getattr(resource, "national_plan", None) if resource.kind == Kind.NATIONAL_PLAN else None
    if plan is not None:
        line["national_plan"] = {
            "country": plan.country.iso3,
            "plan_type": plan.plan_type,
            "plan_status": plan.plan_status,
            "adopted_on": plan.adopted_on.isoformat() if plan.adopted_on else None,
            "period_start": plan.period_start,
            "period_end": plan.period_end,
            "lead_ministry": plan.lead_ministry,
            "government_entities": plan.government_entities,
            "stakeholders_consulted": plan.stakeholders_consulted,
        }
    platform = getattr(resource, "platform", None) if resource.kind == Kind.PLATFORM else None
    if platform is not None:
        line["platform"] = {
            "owner": platform.owner.acronym if platform.owner else None,
            "owner_name": platform.owner_name,
            "url": platform.url,
            "content_types": platform.content_types,
            "languages": platform.languages,
            "update_frequency": platform.update_frequency,
        }
    return line


def write_lines(resources: Iterable[Resource], out: IO[str]) -> int:
    count = 0
    for resource in resources:
        out.write(json.dumps(as_line(resource), ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
