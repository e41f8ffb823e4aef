"""The system check warns when this node's index is missing or behind, and refuses an unknown engine."""

from typing import Any

from gcmhub.search import outbox
from gcmhub.search.backends import forget_backends
from gcmhub.search.checks import check_search_index
from gcmhub.search.models import SearchOutbox


def ids() -> list[str]:
    return [message.id or "" for message in check_search_index()]


def test_it_warns_when_the_index_is_missing(db: None) -> None:
    assert ids() == ["search.W001"]


def test_it_warns_when_the_index_is_behind_and_is_quiet_when_current(db: None) -> None:
    outbox.rebuild()
    assert ids() == []
    SearchOutbox.objects.create(doc_id="knowledge.resource:0", op="delete")
    assert ids() == ["search.W002"]
    outbox.apply_outbox()
    assert ids() == []


def test_an_unknown_engine_is_an_error(db: None, settings: Any) -> None:
    settings.GCMHUB_SEARCH_BACKEND = "elasticsearch"
    forget_backends()
    assert ids() == ["search.E001"]
