"""Does this node's index agree with the database? `gcmhub check_index` and the system check ask here.

The database is the system of record: a document belongs in the index when its registration's `to_document`
returns one, and in exactly that version (compared by `registry.fingerprint`). A disagreement that an outbox
row not yet applied on this node will fix is *queued*; any other one means a change reached the database
without reaching the outbox, and `repair` queues it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from gcmhub.search import outbox
from gcmhub.search.backends import get_backend
from gcmhub.search.backends.base import SearchBackend
from gcmhub.search.models import SearchOutbox
from gcmhub.search.registry import fingerprint, registrations, split_doc_id


@dataclass(frozen=True)
class Comparison:
    expected: int  # documents the database says belong in the index
    indexed: int  # documents the index holds
    missing: list[str]  # belong in the index, are not in it
    stale: list[str]  # in the index, but not in their current version
    extra: list[str]  # in the index, but unpublished or deleted
    queued: frozenset[str]  # of the above, those an outbox row not yet applied here will fix

    @property
    def agrees(self) -> bool:
        return not (self.missing or self.stale or self.extra)

    @property
    def disagreeing(self) -> list[str]:
        return [*self.missing, *self.stale, *self.extra]

    @property
    def unqueued(self) -> list[str]:
        """Disagreements no outbox row will fix: only `repair` (or `rebuild_index`) does."""
        return [doc_id for doc_id in self.disagreeing if doc_id not in self.queued]


def _doc_order(doc_id: str) -> tuple[str, int, str]:
    label, pk = split_doc_id(doc_id)
    return (label, int(pk), "") if pk.isdigit() else (label, -1, pk)


def expected_fingerprints() -> dict[str, str]:
    """doc_id -> fingerprint of every document that belongs in the index, read from the database."""
    return {doc.doc_id: fingerprint(doc) for doc in outbox.all_documents()}


def compare(backend: SearchBackend | None = None) -> Comparison:
    """Compare this node's index with the database, document by document (reads every indexed record)."""
    backend = backend or get_backend()
    backend.refresh()
    # The cursor first: rows after it are still to be applied, whatever the index holds by now.
    cursor = backend.read_cursor()
    held = backend.fingerprints()
    expected = expected_fingerprints()
    missing = sorted(expected.keys() - held.keys(), key=_doc_order)
    stale = sorted((d for d in expected.keys() & held.keys() if expected[d] != held[d]), key=_doc_order)
    extra = sorted(held.keys() - expected.keys(), key=_doc_order)
    disagreeing = {*missing, *stale, *extra}
    pending = set(SearchOutbox.objects.filter(seq__gt=cursor).values_list("doc_id", flat=True).distinct())
    return Comparison(
        expected=len(expected),
        indexed=len(held),
        missing=missing,
        stale=stale,
        extra=extra,
        queued=frozenset(disagreeing & pending),
    )


def repair(comparison: Comparison) -> int:
    """Queue every disagreeing document in the outbox, so that every node fixes it. Returns how many.

    All are queued as upserts: applying one reads the record's current state and removes it from the index
    when it is gone or unpublished, so a record published meanwhile is not removed by mistake.
    """
    with transaction.atomic():
        outbox.enqueue((doc_id, outbox.UPSERT) for doc_id in comparison.disagreeing)
    return len(comparison.disagreeing)


def expected_count() -> int | None:
    """How many documents belong in the index, by one COUNT per registration; None if one cannot count."""
    total = 0
    for registration in registrations():
        if registration.public_count is None:
            return None
        total += registration.public_count()
    return total
