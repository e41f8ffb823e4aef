"""Bulk import of resources from JSON Lines, in one transaction: every line is checked and every problem
reported; a file with any problem is rolled back whole; re-importing an unchanged line writes nothing.

The file is streamed: lines are written in batches while later lines are still being checked, and the
transaction is rolled back at the end if any line had a problem. New rows go in with multi-row INSERTs
(the ORM's bulk_create spends most of its time preparing values one by one), so 200,000 resources import
in well under a minute; their index updates are queued as one batch."""

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from auditlog.models import LogEntry
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gcmhub.accounts.queries import AnyUser, is_secretariat
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
from gcmhub.knowledge.validation import ReferenceIndex
from gcmhub.search.changes import reindex_many

BATCH = 1000
# SQLite allows 32,766 parameters per statement; stay well below for every backend.
MAX_PARAMS = 30_000
M2M = ("principles", "thematic_areas", "regions", "countries", "partners")
# Resource columns written by an import, in insert order (the rest keep their defaults).
SCALARS = (
    "title", "summary", "body", "language", "scope", "implementer_id", "start_date", "end_date",
    "published_on", "implementation_status", "audiences", "themes", "results", "lessons", "links",
    "source_url", "licence",
)  # fmt: skip
DEFAULTS: dict[str, Any] = {
    "summary": "", "body": "", "language": "en", "scope": "", "implementer_id": None, "start_date": None,
    "end_date": None, "published_on": None, "implementation_status": "", "audiences": [], "themes": [],
    "results": "", "lessons": "", "links": [], "source_url": "", "licence": "",
}  # fmt: skip
JSON_FIELDS = {"audiences", "themes", "links"}
DATE_FIELDS = {"start_date", "end_date", "published_on"}


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


def _insert(
    model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence[Any]], *, returning: bool
) -> list[int]:
    """Multi-row INSERTs of already prepared values; the new primary keys, in order, when `returning`."""
    if not rows:
        return []
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    placeholders = "(" + ", ".join(["%s"] * len(columns)) + ")"
    per_statement = max(1, MAX_PARAMS // len(columns))
    ids: list[int] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([placeholders] * len(chunk))}"
            params = [value for row in chunk for value in row]
            if returning:
                # Rows come back in VALUES order on SQLite and PostgreSQL (bulk_create relies on it too).
                pk_column = model._meta.pk.column if model._meta.pk else "id"
                cursor.execute(f"{sql} RETURNING {quote(pk_column)}", params)
                ids += [row[0] for row in cursor.fetchall()]
            else:
                cursor.execute(sql, params)
    return ids


def _through(name: str) -> tuple[Any, str]:
    m2m = Resource._meta.get_field(name)
    # a many-to-many field always has its remote_field.
    return m2m.remote_field.through, f"{m2m.m2m_reverse_field_name()}_id"  # type: ignore[union-attr]


def _resource_row(record: jsonl.Record, now_db: Any, published_at: Any) -> list[Any]:
    ops = connection.ops
    values = {**DEFAULTS, **record.clean.scalars}
    row: list[Any] = []
    for name in SCALARS:
        value = values[name]
        if name in JSON_FIELDS:
            value = ops.adapt_json_value(value, None)
        elif name in DATE_FIELDS:
            value = ops.adapt_datefield_value(value)
        row.append(value)
    row += [
        record.kind,
        record.status,
        record.external_id,
        record.digest,
        now_db,
        now_db,
        published_at if record.status == Status.PUBLISHED else None,
        0,
    ]
    return row


def _write_relations(pairs: Sequence[tuple[int, jsonl.Record]]) -> None:
    """The related rows of freshly written resources, one INSERT per table and batch."""
    links: list[tuple[int, int, bool]] = []
    for pk, record in pairs:
        primary = record.clean.primary_objectives or []
        links += [(pk, o, True) for o in primary]
        links += [(pk, o, False) for o in record.clean.secondary_objectives or [] if o not in primary]
    _insert(ResourceObjective, ("resource_id", "objective_id", "primary"), links, returning=False)
    for name in M2M:
        through, column = _through(name)
        targets = {pk: list(getattr(record.clean, name) or []) for pk, record in pairs}
        if name == "countries":
            # A plan's country is one of the resource's countries.
            for pk, record in pairs:
                plan = record.clean.national_plan
                if plan and plan["country_id"] and plan["country_id"] not in targets[pk]:
                    targets[pk].append(plan["country_id"])
        rows = [(pk, target) for pk, values in targets.items() for target in values]
        _insert(through, ("resource_id", column), rows, returning=False)
    _insert(
        ResourceTranslation,
        ("resource_id", "language", "title", "summary", "body"),
        [
            (pk, language, fields["title"], fields["summary"], fields["body"])
            for pk, record in pairs
            for language, fields in record.translations.items()
        ],
        returning=False,
    )
    NationalPlan.objects.bulk_create(
        [
            NationalPlan(resource_id=pk, **record.clean.national_plan)
            for pk, record in pairs
            if record.clean.national_plan
        ]
    )
    Platform.objects.bulk_create(
        [Platform(resource_id=pk, **record.clean.platform) for pk, record in pairs if record.clean.platform]
    )


def _clear_relations(pks: list[int]) -> None:
    ResourceObjective.objects.filter(resource_id__in=pks).delete()
    for name in M2M:
        through, _column = _through(name)
        through.objects.filter(resource_id__in=pks).delete()
    ResourceTranslation.objects.filter(resource_id__in=pks).delete()
    NationalPlan.objects.filter(resource_id__in=pks).delete()
    Platform.objects.filter(resource_id__in=pks).delete()


def _create(records: list[jsonl.Record], now: Any) -> list[int]:
    now_db = connection.ops.adapt_datetimefield_value(now)
    columns = [*SCALARS, "kind", "status", "external_id", "import_hash", "created_at", "updated_at",
               "published_at", "review_round"]  # fmt: skip
    ids = _insert(Resource, columns, [_resource_row(r, now_db, now_db) for r in records], returning=True)
    _write_relations(list(zip(ids, records, strict=True)))
    return ids


def _update(pairs: list[tuple[int, jsonl.Record]], now: Any) -> list[int]:
    ids = [pk for pk, _record in pairs]
    current = Resource.objects.in_bulk(ids)
    fields: set[str] = {"kind", "status", "external_id", "import_hash", "updated_at", "published_at"}
    for pk, record in pairs:
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
    _write_relations(pairs)
    return ids


def _existing() -> tuple[dict[str, tuple[int, str]], dict[int, str]]:
    """Existing resources by import key ("id:…" / "url:…"), and every resource's import hash by id."""
    keys: dict[str, tuple[int, str]] = {}
    hashes: dict[int, str] = {}
    rows = Resource.objects.values_list("pk", "external_id", "source_url", "import_hash")
    for pk, external_id, url, digest in rows.iterator(chunk_size=10_000):
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


def _sha256(stream: IO[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1024 * 1024), b""):
        digest.update(chunk)
    stream.seek(0)
    return digest.hexdigest()


def import_resources(
    *, actor: AnyUser | None, stream: IO[bytes], source: str = "", dry_run: bool = False
) -> ImportReport:
    """Import a JSON Lines file (docs/resources-jsonl.md). `actor` None is the command line (the operator);
    otherwise only the secretariat may import. Raises ImportFailed listing every problem by line."""
    if actor is not None and not is_secretariat(actor):
        raise PermissionDenied(_("Only the secretariat may import resources."))
    file_digest = _sha256(stream)
    report = ImportReport()
    errors: list[tuple[int, str]] = []
    now = timezone.now()
    with transaction.atomic():
        keys, hashes = _existing()
        fresh: list[jsonl.Record] = []
        changed: list[tuple[int, jsonl.Record]] = []

        def flush() -> None:
            report.resource_ids.extend(_create(fresh, now))
            report.resource_ids.extend(_update(changed, now))
            report.created += len(fresh)
            report.updated += len(changed)
            fresh.clear()
            changed.clear()

        for record, problems in jsonl.iter_records(stream, ReferenceIndex.load()):
            errors += problems
            if record is None or errors:
                # After the first problem nothing more is written: the whole file will be rolled back.
                continue
            found = _match(record, keys, hashes)
            if found is None:
                fresh.append(record)
            elif found[1] == record.digest:
                report.unchanged += 1
            else:
                changed.append((found[0], record))
            if len(fresh) + len(changed) >= BATCH:
                flush()
        if errors:
            raise ImportFailed(errors)
        flush()
        run = ImportRun.objects.create(
            source=source[:255], sha256=file_digest, actor_id=actor.pk if actor is not None else None,
            created=report.created, updated=report.updated, unchanged=report.unchanged,
        )  # fmt: skip
        record_event(
            run, actor=actor, action=LogEntry.Action.CREATE,
            changes={"created": report.created, "updated": report.updated, "unchanged": report.unchanged},
            note=f"import_resources {source}",
        )  # fmt: skip
        # One batch of outbox rows for the whole import, written last so they commit with it.
        reindex_many(Resource, report.resource_ids)
        if dry_run:
            transaction.set_rollback(True)
    return report
