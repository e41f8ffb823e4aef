"""The resources JSON Lines format (docs/resources-jsonl.md): reading and checking a file line by line, and
writing resources back out in the same shape."""

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from gcmhub.knowledge.fields import Value, jsonl_fields
from gcmhub.knowledge.jsonl_types import type_problems
from gcmhub.knowledge.models import Kind, Resource, ResourceObjective, Status
from gcmhub.knowledge.richtext import clean_html
from gcmhub.knowledge.validation import KINDS, LANGUAGES, CleanResource, ReferenceIndex, clean_resource

IMPORT_STATUSES = (Status.DRAFT, Status.PUBLISHED, Status.ARCHIVED)
MAX_LINE_BYTES = 5 * 1024 * 1024
# A line needs three levels ({"links": [{…}]}); the bound stops a pathological line before parsing it.
MAX_DEPTH = 10
_SKIP_CHUNK = 1024 * 1024
# A JSON string (brackets inside it do not nest), and the brackets that do.
_JSON_STRING = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"')
_BRACKETS = re.compile(rb"[\[\]{}]")
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


def _translations(value: dict[str, Any], original: str, errors: list[str]) -> dict[str, dict[str, str]]:
    """The translations of a line whose types are already checked: known languages other than the original."""
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
        out[language] = {
            "title": (fields.get("title") or "").strip()[:300],
            "summary": (fields.get("summary") or "").strip(),
            "body": clean_html((fields.get("body") or "").strip()),
        }
    return out


# Fields handed to clean_resource as they are (the language, the url and the organizations are handled in
# _resource_values), and what an absent optional one means.
_PASSED_ON = tuple(f.name for f in jsonl_fields() if f.jsonl_name == f.name and f.name != "language")
_ABSENT: dict[str, Any] = {
    f.name: f.empty
    for f in jsonl_fields()
    if f.name in _PASSED_ON and not f.required and f.value != Value.GROUP
}


def _resource_values(data: dict[str, Any], language: str, url: str | None) -> dict[str, Any]:
    """The line's fields in the shape clean_resource takes (the implementer is not among the partners)."""
    values = {**_ABSENT, **{name: data[name] for name in _PASSED_ON if name in data}}
    values["language"] = language
    values["source_url"] = url or ""
    implementer = (data.get("implementer") or "").strip().upper()
    values["partners"] = [o for o in data.get("organizations", []) if o.strip().upper() != implementer]
    return values


def _line_problems(data: dict[str, Any], misfits: set[str]) -> list[str]:
    """What the line as a whole lacks or gets wrong; a field of the wrong type is already reported."""
    errors: list[str] = []
    kind = data.get("kind")
    if kind not in KINDS and "kind" not in misfits:
        errors.append(_("kind must be one of: %(choices)s.") % {"choices": ", ".join(KINDS)})
    if data.get("status", Status.PUBLISHED) not in IMPORT_STATUSES:
        errors.append(_("status must be one of: %(choices)s.") % {"choices": ", ".join(IMPORT_STATUSES)})
    external_id = data.get("external_id")
    if external_id is not None and (not external_id.strip() or len(external_id) > 120):
        errors.append(_("external_id must be text of at most 120 characters."))
    if not _external_id(data) and not data.get("url") and not misfits & {"url", "external_id"}:
        errors.append(
            _("Each line needs a url or an external_id, so that importing it again changes nothing.")
        )
    if "title" not in data and "title" not in misfits:
        errors.append(_("A title is required."))
    if kind == Kind.NATIONAL_PLAN and not data.get("national_plan") and "national_plan" not in misfits:
        errors.append(
            _("A national implementation plan needs national_plan with its country and plan_status.")
        )
    if kind == Kind.PLATFORM and not data.get("platform") and "platform" not in misfits:
        errors.append(_("A platform needs platform with its url."))
    return errors


def _external_id(data: dict[str, Any]) -> str | None:
    """The line's usable external_id, stripped; None when it has none or a bad one."""
    external_id = (data.get("external_id") or "").strip()
    return external_id if external_id and len(data["external_id"]) <= 120 else None


def check_line(
    number: int, data: Any, refs: ReferenceIndex, raw: bytes = b""
) -> tuple[Record | None, list[str]]:
    """One line's record, or the problems that keep it out."""
    if not isinstance(data, dict):
        return None, [_("Each line must be a JSON object.")]
    errors, misfits = type_problems(data)
    line = data
    # Null is the same as an absent field; a field of the wrong type is left out of the checks of values.
    data = {name: value for name, value in line.items() if value is not None and name not in misfits}
    errors += _line_problems(data, misfits)
    kind = str(data.get("kind", ""))
    language = data.get("language") or "en"
    url = data.get("url")
    clean, problems = clean_resource(
        kind if kind in KINDS else Kind.PRACTICE, _resource_values(data, language, url), refs
    )
    errors += problems
    translations = _translations(data.get("translations", {}), language, errors)
    if errors:
        return None, errors
    external_id = _external_id(data)
    key = f"id:{external_id}" if external_id else f"url:{url}"
    # The line's own bytes: an unchanged line is recognised without re-serialising it.
    digest = hashlib.sha256(raw or json.dumps(line, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    status = str(data.get("status", Status.PUBLISHED))
    return Record(number, key, kind, status, external_id, clean, translations, digest), []


def _raw_lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes, bool]]:
    """(line number, bytes, too long) for every line; a line over MAX_LINE_BYTES is never held whole."""
    number = 0
    while raw := stream.readline(MAX_LINE_BYTES + 1):
        number += 1
        too_long = len(raw) > MAX_LINE_BYTES
        while too_long and not raw.endswith(b"\n"):
            raw = stream.readline(_SKIP_CHUNK)
            if not raw:
                break
        yield number, (b"" if too_long else raw), too_long


def nesting_depth(raw: bytes, limit: int) -> int:
    """How deep the arrays and objects of a JSON text nest, counted up to just past `limit`."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_JSON_STRING.sub(b"", raw)):
        depth += 1 if bracket in b"[{" else -1
        deepest = max(deepest, depth)
        if deepest > limit:
            break
    return deepest


class _NotANumber(ValueError):
    """NaN, Infinity or -Infinity: Python's parser accepts them, JSON does not."""


def _refuse_constant(name: str) -> None:
    raise _NotANumber(name)


def read_lines(stream: IO[bytes]) -> Iterator[tuple[int, Any, bytes, str | None]]:
    """(line number, parsed JSON, raw bytes, error) for every non-blank line."""
    for number, raw, too_long in _raw_lines(stream):
        if too_long:
            limit = MAX_LINE_BYTES // (1024 * 1024)
            yield number, None, b"", _("The line is longer than %(limit)d MB.") % {"limit": limit}
            continue
        raw = raw.strip()
        if not raw:
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            yield number, None, raw, _("The line is not UTF-8 text.")
            continue
        # Counting brackets is cheap; the exact depth is measured only for a line with many of them.
        if raw.count(b"[") + raw.count(b"{") > MAX_DEPTH and nesting_depth(raw, MAX_DEPTH) > MAX_DEPTH:
            yield (
                number,
                None,
                raw,
                _("The line nests more than %(limit)d levels deep.") % {"limit": MAX_DEPTH},
            )
            continue
        try:
            yield number, json.loads(text, parse_constant=_refuse_constant), raw, None
        except json.JSONDecodeError as exc:
            yield number, None, raw, _("Not valid JSON: %(error)s.") % {"error": exc.msg}
        except _NotANumber as exc:
            yield number, None, raw, _("Not valid JSON: %(value)s is not allowed.") % {"value": exc}
        except ValueError:
            # Python converts at most 4,300 digits to an integer.
            yield number, None, raw, _("Not valid JSON: a number has too many digits.")


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
