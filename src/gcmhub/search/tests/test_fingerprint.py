"""A document's fingerprint is a digest of all its fields: the index stores it, and `check_index` compares
the stored digest with a fresh one, so the digest of the same content must not change between versions."""

import dataclasses
import datetime
from typing import Any

from gcmhub.search.registry import SearchDocument, fingerprint

DOCUMENT = SearchDocument(
    doc_id="knowledge.resource:7",
    kind="practice",
    title="Retour digne",
    summary="Résumé",
    body="Corps",
    language="fr",
    translations={"en": {"title": "Dignified return", "summary": "Summary"}},
    url="/resources/7/",
    date=datetime.date(2024, 3, 1),
    facets={"objective": ["21", "5"], "country": ["MEX"]},
)


def test_the_digest_of_the_same_content_is_the_one_indexes_already_hold() -> None:
    # Computed with the earlier implementation (dataclasses.asdict, then the same JSON): indexes built
    # before must not look stale.
    assert fingerprint(DOCUMENT) == "e7373da4f4adc23a432bad7c22037061"


def test_every_field_changes_the_digest() -> None:
    changes: dict[str, Any] = {
        "doc_id": "knowledge.resource:8",
        "kind": "guidance",
        "title": "Retour",
        "summary": "Autre",
        "body": "Autre corps",
        "language": "es",
        "translations": {"en": {"title": "Return", "summary": "Summary"}},
        "url": "/resources/8/",
        "date": datetime.date(2024, 3, 2),
        "facets": {"objective": ["21"], "country": ["MEX"]},
    }
    assert set(changes) == {item.name for item in dataclasses.fields(SearchDocument)}
    for name, value in changes.items():
        assert fingerprint(dataclasses.replace(DOCUMENT, **{name: value})) != fingerprint(DOCUMENT), name


def test_a_missing_date_has_a_digest_of_its_own() -> None:
    undated = dataclasses.replace(DOCUMENT, date=None)
    assert fingerprint(undated) != fingerprint(DOCUMENT)
    assert fingerprint(undated) == fingerprint(dataclasses.replace(DOCUMENT, date=None))
