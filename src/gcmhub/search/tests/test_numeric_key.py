"""A doc_id as one integer (the engine's `key` fast field) and back."""

import pytest

from gcmhub.reference.models import Organization
from gcmhub.search import registry
from gcmhub.search.registry import doc_id_of_key, numeric_key


def test_a_registered_models_doc_id_comes_back_from_its_key() -> None:
    for doc_id in (
        "knowledge.resource:1",
        "events.event:987654321",
        "directory.expert:140737488355327",
    ):
        key = numeric_key(doc_id)
        assert key > 0
        assert doc_id_of_key(key) == doc_id


def test_different_models_and_records_have_different_keys() -> None:
    keys = {
        numeric_key(f"{label}:{pk}") for label in ("knowledge.resource", "events.event") for pk in (1, 2, 3)
    }
    assert len(keys) == 6


@pytest.mark.parametrize(
    "doc_id",
    [
        "test.item:remittances",
        "knowledge.resource:0",
        "knowledge.resource:-3",
        "knowledge.resource:140737488355328",
        "knowledge.resource:",
        "knowledge.resource:\uff11\uff12",
        "no-colon",
    ],
)
def test_an_id_without_a_small_positive_integer_pk_has_no_key(doc_id: str) -> None:
    assert numeric_key(doc_id) == 0


def test_an_unregistered_models_id_has_no_key() -> None:
    assert numeric_key("test.item:5") == 0
    # Nor is any key read back as one of its ids.
    code = registry._label_code("test.item")
    assert doc_id_of_key(code << registry._PK_BITS | 5) is None


def test_two_labels_with_the_same_code_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    taken = {registry._label_code("reference.organization"): "other.thing"}
    monkeypatch.setattr(registry, "_labels_by_code", taken)

    with pytest.raises(ValueError, match="same numeric key code"):
        registry.register(
            Organization, to_document=lambda _instance: None, queryset=Organization.objects.none
        )

    assert registry.registration_for("reference.organization") is None
