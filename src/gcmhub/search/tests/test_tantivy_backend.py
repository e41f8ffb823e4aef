"""The tantivy engine against the conformance suite, plus what is specific to it."""

from pathlib import Path

import pytest

from gcmhub.search.backends.base import SearchBackend
from gcmhub.search.backends.tantivy import TantivyBackend
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
