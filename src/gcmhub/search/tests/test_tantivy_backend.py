"""The tantivy engine against the conformance suite, plus what is specific to it."""

from dataclasses import replace
from pathlib import Path

import pytest

from gcmhub.search import registry
from gcmhub.search.backends import tantivy
from gcmhub.search.backends.base import SearchBackend, SearchRequest
from gcmhub.search.backends.tantivy import TantivyBackend
from gcmhub.search.query import parse
from gcmhub.search.tests.conformance import CORPUS, BackendConformance


class TestTantivyBackend(BackendConformance):
    @pytest.fixture
    def backend(self, tmp_path: Path) -> SearchBackend:
        return TantivyBackend(tmp_path / "tantivy")


def test_it_starts_afresh_when_the_schema_version_changed(tmp_path: Path) -> None:
    backend = TantivyBackend(tmp_path / "tantivy")
    backend.index(CORPUS)
    backend.write_cursor(7)
    (backend.path / "schema.json").write_text('{"version": 0}')
    reopened = TantivyBackend(backend.path)
    assert not reopened.exists()
    assert reopened.count() == 0
    reopened.index(CORPUS[:1])
    assert reopened.count() == 1
    assert reopened.read_cursor() == 0


def test_a_busy_write_lock_is_reported_not_waited_for(tmp_path: Path) -> None:
    backend = TantivyBackend(tmp_path / "tantivy")
    with backend.write_lock() as held:
        assert held
        with TantivyBackend(backend.path).write_lock(blocking=False) as second:
            assert second is False


def test_bare_hits_take_registered_ids_from_the_key_field_and_others_from_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = TantivyBackend(tmp_path / "tantivy")
    # The same texts under a registered model's ids (numeric keys) and under the test's own (no key).
    registered = [replace(item, doc_id=f"knowledge.resource:{n}") for n, item in enumerate(CORPUS, start=1)]
    backend.index(registered + CORPUS)
    decoded: list[str | None] = []
    decode = registry.doc_id_of_key

    def recording(key: int) -> str | None:
        decoded.append(decode(key))
        return decoded[-1]

    request = SearchRequest(query=parse("migrants OR detention OR remittances"), limit=50)
    full = backend.search(request).hits
    monkeypatch.setattr(tantivy, "doc_id_of_key", recording)
    bare = backend.search(replace(request, ids_only=True)).hits

    assert [(hit.doc_id, hit.score) for hit in bare] == [(hit.doc_id, hit.score) for hit in full]
    from_keys = sorted(hit.doc_id for hit in full if hit.doc_id.startswith("knowledge.resource:"))
    assert from_keys and len(from_keys) < len(full)  # both kinds of id are in the pool
    assert sorted(doc_id for doc_id in decoded if doc_id) == from_keys
