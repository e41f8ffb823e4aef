"""The documents' vectors in the database: which text is embedded, when a vector is stale, and storing them.

The database is the system of record for vectors as for everything else: the embedding job writes
`DocumentVector` rows and one outbox row (op "vectors") per changed document, in one transaction, and every
node's in-memory matrix (`vector_index`) follows the outbox to reload them. A document's text is embedded in
chunks: chunk 0 is its title and summary, the body (attachment text included) follows in pieces.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import transaction

from gcmhub.search import vectors
from gcmhub.search.backends.tantivy import facet_values
from gcmhub.search.models import DocumentVector, SearchOutbox
from gcmhub.search.registry import SearchDocument, registration_for, split_doc_id

CHUNK_CHARS = 1000  # the encoder averages over its input: shorter pieces keep their meaning distinct
MAX_CHUNKS = 16  # per document; text beyond them is not embedded (it stays searchable by keyword)
BATCH_DOCS = 64  # documents embedded per encoder call and per transaction

# Sentence ends: Latin and Cyrillic, the Chinese full stop and full-width marks, the Arabic question mark.
_SENTENCE_END = re.compile(r"(?<=[.!?\u3002\uff01\uff1f\u061f])\s*|\n+")

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class EmbedResult:
    embedded: int  # documents whose vectors were (re)computed
    unchanged: int  # documents whose vectors were current
    removed: int  # documents whose vectors were deleted (no longer indexed)


def _pieces(text: str, size: int) -> Iterator[str]:
    """`text` in pieces of at most about `size` characters, cut after sentences where possible."""
    piece = ""
    for sentence in _SENTENCE_END.split(text):
        sentence = sentence.strip()
        if not sentence:
            continue
        while len(sentence) > size:  # one very long sentence: cut it
            if piece:
                yield piece
                piece = ""
            yield sentence[:size]
            sentence = sentence[size:]
        if piece and len(piece) + len(sentence) + 1 > size:
            yield piece
            piece = ""
        piece = f"{piece} {sentence}" if piece else sentence
    if piece:
        yield piece


def chunks_of(doc: SearchDocument) -> list[str]:
    """The texts embedded for `doc`, in its original language (the encoder is cross-lingual)."""
    head = "\n".join(part for part in (doc.title.strip(), doc.summary.strip()) if part)
    chunks = [head] if head else []
    for piece in _pieces(doc.body, CHUNK_CHARS):
        if len(chunks) >= MAX_CHUNKS:
            break
        chunks.append(piece)
    return chunks or [doc.title or doc.doc_id]


def is_embedded(doc_id: str) -> bool:
    """Whether semantic search holds the document's vectors (its model was not registered with
    `embedded=False`)."""
    registration = registration_for(split_doc_id(doc_id)[0])
    return registration is None or registration.embedded


def text_hash(chunks: Sequence[str]) -> str:
    return hashlib.sha256("\x1e".join(chunks).encode()).hexdigest()[:32]


def _stored_state(doc_ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """doc_id -> (model, text_hash) of the vectors stored now (chunk 0 carries both for the document)."""
    ids = list(doc_ids)
    state: dict[str, tuple[str, str]] = {}
    for start in range(0, len(ids), 1000):
        rows = DocumentVector.objects.filter(doc_id__in=ids[start : start + 1000], chunk=0)
        state.update(
            {
                doc_id: (model, digest)
                for doc_id, model, digest in rows.values_list("doc_id", "model", "text_hash")
            }
        )
    return state


def _rows_for(doc: SearchDocument, chunks: list[str], matrix: np.ndarray, model: str) -> list[DocumentVector]:
    facets = facet_values(doc)
    digest = text_hash(chunks)
    return [
        DocumentVector(
            doc_id=doc.doc_id,
            chunk=number,
            model=model,
            text_hash=digest,
            kind=doc.kind,
            facets=facets,
            vector=matrix[number].astype("<f4").tobytes(),
        )
        for number in range(len(chunks))
    ]


def _save(replaced: dict[str, list[DocumentVector]], removed: Sequence[str]) -> None:
    """Replace the vectors of some documents and remove others, with their outbox rows, in one transaction."""
    changed = [*replaced, *removed]
    if not changed:
        return
    with transaction.atomic():
        DocumentVector.objects.filter(doc_id__in=changed).delete()
        DocumentVector.objects.bulk_create([row for rows in replaced.values() for row in rows])
        SearchOutbox.objects.bulk_create(
            [SearchOutbox(doc_id=doc_id, op=SearchOutbox.Op.VECTORS) for doc_id in changed]
        )


def embed_documents(docs: Sequence[SearchDocument], gone: Iterable[str] = ()) -> EmbedResult:
    """Store current vectors for `docs` (unchanged ones are skipped) and remove those of `gone`."""
    model = vectors.model_id()
    state = _stored_state([doc.doc_id for doc in docs])
    stale: list[tuple[SearchDocument, list[str]]] = []
    for doc in docs:
        chunks = chunks_of(doc)
        if state.get(doc.doc_id) != (model, text_hash(chunks)):
            stale.append((doc, chunks))
    replaced: dict[str, list[DocumentVector]] = {}
    if stale:
        matrix = vectors.encode_texts([text for _doc, chunks in stale for text in chunks])
        start = 0
        for doc, chunks in stale:
            replaced[doc.doc_id] = _rows_for(doc, chunks, matrix[start : start + len(chunks)], model)
            start += len(chunks)
    removed = sorted(_with_vectors(gone))
    _save(replaced, removed)
    return EmbedResult(embedded=len(replaced), unchanged=len(docs) - len(stale), removed=len(removed))


def _with_vectors(doc_ids: Iterable[str]) -> set[str]:
    ids = list(doc_ids)
    if not ids:
        return set()
    return set(DocumentVector.objects.filter(doc_id__in=ids).values_list("doc_id", flat=True))


def embed_changed(doc_ids: Iterable[str]) -> EmbedResult:
    """Bring the vectors of these documents up to date with the database (what the background job runs)."""
    from gcmhub.search.outbox import current_documents

    current, gone = current_documents(doc_ids)
    docs = [doc for doc in current if is_embedded(doc.doc_id)]
    gone |= {doc.doc_id for doc in current if not is_embedded(doc.doc_id)}
    totals = EmbedResult(0, 0, 0)
    for start in range(0, max(len(docs), 1), BATCH_DOCS):
        batch_gone = gone if start == 0 else set()
        totals = _add(totals, embed_documents(docs[start : start + BATCH_DOCS], batch_gone))
    return totals


def _add(a: EmbedResult, b: EmbedResult) -> EmbedResult:
    return EmbedResult(a.embedded + b.embedded, a.unchanged + b.unchanged, a.removed + b.removed)


def embed_all(*, batch_size: int = BATCH_DOCS, progress: Progress | None = None) -> EmbedResult:
    """Embed every indexed document whose vectors are missing or stale (another model, changed text), and
    remove the vectors of documents no longer indexed. Safe to run again: current vectors are kept."""
    from gcmhub.search.outbox import all_documents

    docs = [doc for doc in all_documents() if is_embedded(doc.doc_id)]
    total = EmbedResult(0, 0, 0)
    for start in range(0, len(docs), batch_size):
        total = _add(total, embed_documents(docs[start : start + batch_size]))
        if progress is not None:
            progress(min(start + batch_size, len(docs)), len(docs))
    kept = {doc.doc_id for doc in docs}
    orphans = set(DocumentVector.objects.values_list("doc_id", flat=True).distinct()) - kept
    if orphans:
        _save({}, sorted(orphans))
    return _add(total, EmbedResult(0, 0, len(orphans)))


def stale_count() -> int:
    """Documents with vectors of another model than the installed one (re-embedded by `embed_resources`)."""
    return DocumentVector.objects.filter(chunk=0).exclude(model=vectors.model_id()).count()


# Changes are queued for embedding after their transaction commits (one background job per transaction).
_local = threading.local()


def queue_embedding(doc_ids: Iterable[str]) -> None:
    """Embed these documents in the background once the current transaction commits."""
    if not settings.GCMHUB_EMBED_ON_COMMIT:
        return
    doc_ids = [doc_id for doc_id in doc_ids if is_embedded(doc_id)]
    if not doc_ids:
        return
    pending: set[str] | None = getattr(_local, "pending", None)
    if pending is None:
        pending = _local.pending = set()
    pending.update(doc_ids)
    # The first callback to run takes every pending id; ids left by a rolled-back transaction are harmless,
    # since the job reads each document's current state.
    transaction.on_commit(_start_job)


def _start_job() -> None:
    pending: set[str] = getattr(_local, "pending", None) or set()
    _local.pending = None
    if not pending:
        return
    from django.utils.translation import gettext

    from gcmhub.core.jobs import enqueue_job
    from gcmhub.search.tasks import embed_documents as embed_task

    enqueue_job(
        embed_task,
        actor=None,
        title=gettext("Vectors for %(count)d changed document(s)") % {"count": len(pending)},
        doc_ids=sorted(pending),
    )
