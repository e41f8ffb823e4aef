"""Bulk import of resources from JSON Lines: everything is checked first, then written in one transaction
with batched inserts; re-importing an unchanged line writes nothing."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from auditlog.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import is_secretariat
from gcmhub.core.audit import record_event
from gcmhub.core.exceptions import PermissionDenied, ValidationFailed
from gcmhub.knowledge import jsonl
from gcmhub.knowledge.models import (
    ImportRun,
    NationalPlan,
    Platform,
    Resource,
    ResourceObjective,
    ResourceTranslation,
    Status,
)
from gcmhub.search.registry import reindex_many

BATCH = 2000
# Plain many-to-many relations: field name on the clean record → the through table's column.
M2M = ("principles", "thematic_areas", "regions", "countries", "partners")


class ImportFailed(ValidationFailed):
    """The file has problems; nothing was written. `errors` lists (line, message) for every one."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        super().__init__(
            _("The file has %(count)d problem(s); nothing was imported.") % {"count": len(errors)},
            code="invalid_file",
        )
        self.errors = errors


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    resource_ids: list[int] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)


def _through(name: str) -> tuple[Any, str]:
    m2m = Resource._meta.get_field(name)
    return m2m.remote_field.through, f"{m2m.m2m_reverse_field_name()}_id"  # type: ignore[union-attr]


def _write_relations(pairs: Sequence[tuple[int, jsonl.Record]]) -> None:
    """Insert the related rows of freshly written resources, one bulk insert per table."""
    links: list[ResourceObjective] = []
    for pk, record in pairs:
        primary = record.clean.primary_objectives or []
        links += [ResourceObjective(resource_id=pk, objective_id=o, primary=True) for o in primary]
        links += [
            ResourceObjective(resource_id=pk, objective_id=o, primary=False)
            for o in record.clean.secondary_objectives or []
            if o not in primary
        ]
    ResourceObjective.objects.bulk_create(links, batch_size=BATCH)
    for name in M2M:
        through, column = _through(name)
        rows = [
            through(resource_id=pk, **{column: target})
            for pk, record in pairs
            for target in getattr(record.clean, name) or []
        ]
        through.objects.bulk_create(rows, batch_size=BATCH)
    ResourceTranslation.objects.bulk_create(
        [
            ResourceTranslation(resource_id=pk, language=language, **fields)
            for pk, record in pairs
            for language, fields in record.translations.items()
        ],
        batch_size=BATCH,
    )
    NationalPlan.objects.bulk_create(
        [
            NationalPlan(resource_id=pk, **record.clean.national_plan)
            for pk, record in pairs
            if record.clean.national_plan
        ],
        batch_size=BATCH,
    )
    plan_countries = _through("countries")
    extra = [
        plan_countries[0](resource_id=pk, **{plan_countries[1]: record.clean.national_plan["country_id"]})
        for pk, record in pairs
        if record.clean.national_plan
        and record.clean.national_plan["country_id"] not in (record.clean.countries or [])
    ]
    plan_countries[0].objects.bulk_create(extra, batch_size=BATCH)
    Platform.objects.bulk_create(
        [Platform(resource_id=pk, **record.clean.platform) for pk, record in pairs if record.clean.platform],
        batch_size=BATCH,
    )


def _clear_relations(pks: list[int]) -> None:
    ResourceObjective.objects.filter(resource_id__in=pks).delete()
    for name in M2M:
        through, _column = _through(name)
        through.objects.filter(resource_id__in=pks).delete()
    ResourceTranslation.objects.filter(resource_id__in=pks).delete()
    NationalPlan.objects.filter(resource_id__in=pks).delete()
    Platform.objects.filter(resource_id__in=pks).delete()


def _resource(record: jsonl.Record, now: Any) -> Resource:
    resource = Resource(
        kind=record.kind,
        status=record.status,
        external_id=record.external_id,
        import_hash=record.digest,
        **record.clean.scalars,
    )
    resource.updated_at = now
    if record.status == Status.PUBLISHED:
        resource.published_at = now
    return resource


def _existing() -> tuple[dict[str, tuple[int, str]], dict[int, str]]:
    """Existing resources by import key ("id:…" / "url:…"), and every resource's import hash by id."""
    keys: dict[str, tuple[int, str]] = {}
    hashes: dict[int, str] = {}
    for pk, external_id, url, digest in Resource.objects.values_list(
        "pk", "external_id", "source_url", "import_hash"
    ):
        hashes[pk] = digest
        if external_id:
            keys[f"id:{external_id}"] = (pk, digest)
        if url:
            keys.setdefault(f"url:{url}", (pk, digest))
    return keys, hashes


def _match(
    record: jsonl.Record, keys: dict[str, tuple[int, str]], hashes: dict[int, str]
) -> tuple[int, str] | None:
    found = keys.get(record.key)
    if found is None and record.external_id and record.external_id.startswith(jsonl.OWN_ID_PREFIX):
        # The hub's own export: "gcmhub:<id>" names a resource of this hub.
        own = record.external_id.removeprefix(jsonl.OWN_ID_PREFIX)
        if own.isdigit() and int(own) in hashes:
            found = (int(own), hashes[int(own)])
    return found


def import_resources(
    *, actor: AbstractBaseUser | None, stream: IO[bytes], source: str = "", dry_run: bool = False
) -> ImportReport:
    """Import a JSON Lines file (docs/resources-jsonl.md). `actor` None is the command line (the operator);
    through the web only the secretariat may import. Raises ImportFailed listing every problem by line."""
    if actor is not None and not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat may import resources."))
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    parsed = jsonl.parse(stream)
    if parsed.errors:
        raise ImportFailed(parsed.errors)
    report = ImportReport()
    with transaction.atomic():
        keys, hashes = _existing()
        fresh: list[jsonl.Record] = []
        changed: list[tuple[int, jsonl.Record]] = []
        for record in parsed.records:
            found = _match(record, keys, hashes)
            if found is None:
                fresh.append(record)
            elif found[1] == record.digest:
                report.unchanged += 1
            else:
                changed.append((found[0], record))
        del parsed, keys, hashes
        now = timezone.now()
        for start in range(0, len(fresh), BATCH):
            batch = fresh[start : start + BATCH]
            created = Resource.objects.bulk_create([_resource(record, now) for record in batch])
            pairs = [(resource.pk, record) for resource, record in zip(created, batch, strict=True)]
            _write_relations(pairs)
            ids = [pk for pk, _record in pairs]
            reindex_many(Resource, ids)
            report.resource_ids += ids
        report.created = len(fresh)
        for start in range(0, len(changed), BATCH):
            batch_pairs = changed[start : start + BATCH]
            ids = [pk for pk, _record in batch_pairs]
            current = Resource.objects.in_bulk(ids)
            fields: set[str] = {"kind", "status", "external_id", "import_hash", "updated_at", "published_at"}
            for pk, record in batch_pairs:
                resource = current[pk]
                resource.kind, resource.status = record.kind, record.status
                resource.external_id = record.external_id or resource.external_id
                resource.import_hash, resource.updated_at = record.digest, now
                if record.status == Status.PUBLISHED and resource.published_at is None:
                    resource.published_at = now
                for name, value in record.clean.scalars.items():
                    setattr(resource, name, value)
                    fields.add(name)
            Resource.objects.bulk_update(list(current.values()), sorted(fields), batch_size=BATCH)
            _clear_relations(ids)
            _write_relations(batch_pairs)
            reindex_many(Resource, ids)
            report.resource_ids += ids
        report.updated = len(changed)
        del fresh, changed
        run = ImportRun.objects.create(
            source=source[:255],
            sha256=digest.hexdigest(),
            actor=actor,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
        )
        record_event(
            run,
            actor=actor,
            action=LogEntry.Action.CREATE,
            changes={"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
            note=f"import_resources {source}",
        )
        if dry_run:
            transaction.set_rollback(True)
    return report
