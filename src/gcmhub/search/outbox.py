"""Index sync: writes add outbox rows in their own transaction; every node applies them to its own index.

The database is the system of record. An outbox row says "document X changed" (upsert) or "was deleted";
applying it reads the record's current state through its registration, so applying a row twice, or out
of date, is harmless. Each node keeps the last sequence number it applied (its cursor) in its index
directory, so nodes can be added without a shared search server.
"""

from __future__ import annotations

import datetime
import logging
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from gcmhub.search.backends import get_backend
from gcmhub.search.backends.base import SearchBackend
from gcmhub.search.models import SearchOutbox
from gcmhub.search.registry import SearchDocument, registration_for, registrations, split_doc_id

logger = logging.getLogger(__name__)

UPSERT = SearchOutbox.Op.UPSERT.value
DELETE = SearchOutbox.Op.DELETE.value
VECTORS = SearchOutbox.Op.VECTORS.value  # for the vector matrices (vector_index); the text index skips them
BATCH = 10_000  # outbox rows per index commit (a commit costs about 0.1 s)
QUERY_CHUNK = 1000  # records loaded per query (SQL parameter limits)
# A gap in sequence numbers younger than this may still be filled by a transaction committing late.
GAP_GRACE = datetime.timedelta(seconds=60)


_local = threading.local()


def enqueue(changes: Iterable[tuple[str, str]]) -> None:
    """Write (doc_id, op) rows to the outbox now, inside the caller's transaction.

    The rows commit or roll back with the change itself, so a crash can never leave a committed change
    without its outbox row. This process applies them to its index once the transaction has committed
    (at once when there is no transaction). Several rows for one document are harmless: applying one reads
    the record's current state.
    """
    ops = dict(changes)  # the last op for a document wins
    if not ops:
        return
    SearchOutbox.objects.bulk_create(
        [SearchOutbox(doc_id=doc_id, op=op) for doc_id, op in ops.items()], batch_size=BATCH
    )
    _local.apply_pending = True
    transaction.on_commit(_after_commit)
    from gcmhub.search.vector_store import queue_embedding

    queue_embedding(ops)


def _in_transaction() -> bool:
    return connection.in_atomic_block


def _after_commit() -> None:
    """Once outbox rows are committed, bring this node's index up to date (the first callback does it)."""
    if not getattr(_local, "apply_pending", False):
        return
    _local.apply_pending = False
    if settings.GCMHUB_SEARCH_APPLY_ON_COMMIT and not _in_transaction():
        try:
            apply_outbox(blocking=False)
        except Exception:  # the write is committed; the next apply or search catches the index up
            logger.exception("Could not apply the search outbox after commit.")


@dataclass(frozen=True)
class ApplyResult:
    applied: int  # outbox rows read
    indexed: int
    deleted: int
    cursor: int
    skipped: bool = False  # another process holds the write lock


def current_documents(doc_ids: Iterable[str]) -> tuple[list[SearchDocument], set[str]]:
    """The current documents for doc_ids, and the doc_ids that must leave the index."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for doc_id in doc_ids:
        label, pk = split_doc_id(doc_id)
        by_label[label].append(pk)
    docs: list[SearchDocument] = []
    gone: set[str] = set()
    for label, pks in by_label.items():
        registration = registration_for(label)
        if registration is None:
            gone.update(f"{label}:{pk}" for pk in pks)
            continue
        found: set[str] = set()
        pk_field = registration.model._meta.pk
        assert pk_field is not None
        clean = []
        for pk in pks:
            try:
                clean.append(pk_field.to_python(pk))
            except Exception:  # a malformed doc_id can only be removed
                gone.add(f"{label}:{pk}")
        for start in range(0, len(clean), QUERY_CHUNK):
            for instance in registration.queryset().filter(pk__in=clean[start : start + QUERY_CHUNK]):
                doc = registration.to_document(instance)
                found.add(str(instance.pk))
                if doc is None:
                    gone.add(f"{label}:{instance.pk}")
                else:
                    docs.append(doc)
        gone.update(f"{label}:{pk}" for pk in pks if pk not in found and f"{label}:{pk}" not in gone)
    return docs, gone


def _contiguous_end(rows: list[SearchOutbox], cursor: int, now: datetime.datetime) -> int:
    """The sequence number up to which nothing can still appear (gaps older than GAP_GRACE are final)."""
    end = cursor
    for row in rows:
        # A node that never applied anything (cursor 0) starts wherever the outbox starts.
        if end and row.seq != end + 1 and now - row.created_at < GAP_GRACE:
            break
        end = row.seq
    return end


def apply_outbox(*, backend: SearchBackend | None = None, blocking: bool = True) -> ApplyResult:
    """Bring this node's index up to date with the outbox. Idempotent; safe to run from many processes."""
    backend = backend or get_backend()
    with backend.write_lock(blocking=blocking) as locked:
        if not locked:
            return ApplyResult(0, 0, 0, backend.read_cursor(), skipped=True)
        applied = indexed = deleted = 0
        if not backend.exists():
            # A node without an index builds it whole: the outbox alone would give a partial one.
            indexed = _rebuild_locked(backend)
        cursor = start = backend.read_cursor()
        while True:
            rows = list(SearchOutbox.objects.filter(seq__gt=cursor).order_by("seq")[:BATCH])
            if not rows:
                break
            ops: dict[str, str] = {}
            for row in rows:
                if row.op != VECTORS:
                    ops[row.doc_id] = row.op
            docs, gone = current_documents(doc_id for doc_id, op in ops.items() if op == UPSERT)
            gone.update(doc_id for doc_id, op in ops.items() if op == DELETE)
            if gone:
                deleted += backend.delete(sorted(gone))
            if docs:
                indexed += backend.index(docs)
            applied += len(rows)
            end = _contiguous_end(rows, cursor, timezone.now())
            if end == cursor:
                break
            cursor = end
            backend.write_cursor(cursor)
            if len(rows) < BATCH:
                break
        if applied:
            logger.info(
                "Search outbox applied from %s to %s: %s indexed, %s removed.",
                start,
                cursor,
                indexed,
                deleted,
            )
        return ApplyResult(applied, indexed, deleted, cursor)


def latest_seq() -> int:
    return SearchOutbox.objects.aggregate(last=Max("seq"))["last"] or 0


def pending_count(cursor: int) -> int:
    """Outbox rows past `cursor`: counted, not subtracted, since sequences have gaps (rollbacks, pruning)."""
    return SearchOutbox.objects.filter(seq__gt=cursor).count()


def all_documents(chunk_size: int = 2000) -> Iterator[SearchDocument]:
    """Every document that belongs in the index, from the registered querysets."""
    for registration in registrations():
        for instance in registration.queryset().iterator(chunk_size=chunk_size):
            doc = registration.to_document(instance)
            if doc is not None:
                yield doc


def rebuild(*, backend: SearchBackend | None = None) -> int:
    """Rebuild this node's index from the database; changes made meanwhile are applied afterwards."""
    backend = backend or get_backend()
    with backend.write_lock(blocking=True):
        count = _rebuild_locked(backend)
    apply_outbox(backend=backend)
    return count


def _rebuild_locked(backend: SearchBackend) -> int:
    # Changes committed after this point are in the outbox and get applied afterwards.
    cursor = latest_seq()
    count = backend.replace_all(all_documents())
    backend.write_cursor(cursor)
    logger.info("Search index rebuilt: %s documents, outbox cursor %s.", count, cursor)
    return count


_last_sync = threading.local()


def maybe_sync() -> None:
    """Before a search: at most every GCMHUB_SEARCH_SYNC_SECONDS, apply what other nodes have written."""
    now = time.monotonic()
    if now - getattr(_last_sync, "at", -1e9) < settings.GCMHUB_SEARCH_SYNC_SECONDS:
        return
    _last_sync.at = now
    try:
        backend = get_backend()
        if latest_seq() > backend.read_cursor():
            apply_outbox(backend=backend, blocking=False)
    except DatabaseError:
        logger.exception("Could not read the search outbox.")


def prune(*, older_than: datetime.timedelta) -> int:
    """Delete outbox rows older than `older_than` (nodes further behind must rebuild their index)."""
    deleted, _ = SearchOutbox.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted
