"""This node's in-memory matrix of document vectors (filled from the vector store; see docs/search.md)."""

from __future__ import annotations

from collections.abc import Collection

import numpy as np
import numpy.typing as npt

from gcmhub.search.vectors import VectorHit


def nearest(vector: npt.NDArray[np.float32], k: int, kinds: Collection[str] | None) -> list[VectorHit]:
    """The `k` documents closest to `vector`; empty until the vector store is built."""
    return []
