# ruff: noqa: RUF001  # texts in Cyrillic, Arabic and Chinese are the point of these tests
"""GCM objective suggestions: the ranking, its three kinds of evidence, the scores, the pre-ticked choice and
the cached description vectors."""

from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest

from gcmhub.search import suggest, vectors

LANGUAGES = {"ar", "en", "es", "fr", "ru", "zh"}


def no_neighbours(vector: npt.NDArray[np.float32], k: int) -> list[suggest.Neighbour]:
    return []


@pytest.mark.parametrize(
    ("text", "objective"),
    [
        ("A legal clinic helps construction workers recover the recruitment fees agents charged them.", 6),
        ("Une coopérative réduit le coût des transferts d'argent des migrants vers leur famille.", 20),
        ("Las familias solicitantes viven en albergues abiertos en lugar de la detención migratoria.", 13),
        ("Консульство выдаёт паспорта и свидетельства о рождении гражданам, живущим за рубежом.", 4),
        ("تفكيك شبكة لتهريب المهاجرين عبر البحر بالتعاون مع الشرطة في دول الجوار", 9),
        ("搜救船只在海上救起遇险移民，并帮助家属寻找失踪的亲人。", 8),
    ],
)
def test_it_ranks_the_objective_a_text_is_about_first(text: str, objective: int) -> None:
    ranked = suggest.suggest(text, neighbours=no_neighbours)

    assert ranked[0].objective == objective


def test_it_ranks_all_23_objectives_once_with_scores_that_add_up_to_one() -> None:
    ranked = suggest.suggest("Diaspora investment in small businesses at home.", neighbours=no_neighbours)

    assert sorted(s.objective for s in ranked) == list(range(1, 24))
    scores = [s.score for s in ranked]
    assert scores == sorted(scores, reverse=True)
    assert sum(scores) == pytest.approx(1.0, abs=0.01)
    assert all(0 <= s <= 1 for s in scores)


def test_each_suggestion_names_its_nearest_description_sentence_and_matching_words() -> None:
    best = suggest.suggest("Cheaper remittances sent home through mobile money.", neighbours=no_neighbours)[0]

    assert best.objective == 20
    assert best.description in suggest.descriptions().sentences
    assert best.description_language in {"ar", "en", "es", "fr", "ru", "zh"}
    assert "remitt" in best.keywords


def test_the_votes_of_tagged_neighbours_raise_their_objectives() -> None:
    text = "Our programme works with migrants and their communities in the city."

    def tagged_thirteen(vector: npt.NDArray[np.float32], k: int) -> list[suggest.Neighbour]:
        return [
            suggest.Neighbour("knowledge.resource:7", 0.9, (13,)),
            suggest.Neighbour("x:8", 0.8, (13, 15)),
        ]

    alone = {s.objective: s for s in suggest.suggest(text, neighbours=no_neighbours)}
    voted = {s.objective: s for s in suggest.suggest(text, neighbours=tagged_thirteen)}

    assert voted[13].score > alone[13].score * 2
    assert voted[13].neighbours == ("knowledge.resource:7", "x:8")
    assert voted[15].neighbours == ("x:8",)
    assert alone[13].neighbours == ()


def test_neighbour_votes_are_similarity_weighted_shares() -> None:
    votes, voters = suggest.neighbour_votes(
        [
            suggest.Neighbour("a", 1.0, (2,)),
            suggest.Neighbour("b", 1.0, (3, 4)),
            suggest.Neighbour("c", -0.5, (5,)),
        ]
    )

    assert votes[1] == pytest.approx(0.5)  # objective 2: one of two equally near documents
    assert votes[2] == pytest.approx(0.25)  # objectives 3 and 4 share the other document's vote
    assert votes[4] == 0  # a dissimilar document does not vote
    assert voters == {2: ["a"], 3: ["b"], 4: ["b"], 5: ["c"]}


def test_no_neighbours_give_no_votes() -> None:
    votes, voters = suggest.neighbour_votes([])

    assert not votes.any()
    assert voters == {}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The workers and their families", "en"),
        ("Les travailleurs et leurs familles", "fr"),
        ("Los trabajadores y sus familias", "es"),
        ("Трудящиеся и их семьи", "ru"),
        ("العمال وأسرهم", "ar"),
        ("工人及其家庭", "zh"),
    ],
)
def test_it_detects_the_language_of_a_text(text: str, language: str) -> None:
    assert suggest.detect_language(text) == language


def test_keyword_evidence_counts_rare_words_of_the_descriptions_in_the_texts_language() -> None:
    scores, matched = suggest.keyword_evidence(
        "Les passeurs et le trafic illicite", suggest.descriptions().keywords
    )

    assert int(np.argmax(scores)) + 1 == 9
    assert scores.max() == 1.0
    assert "passeur" in matched[9]


def test_the_best_is_preselected_with_only_the_others_close_to_it() -> None:
    def ranked(*scores: float) -> list[suggest.Suggestion]:
        return [suggest.Suggestion(n, s, "", "en", (), ()) for n, s in enumerate(scores, start=1)]

    assert suggest.preselected(ranked(0.8, 0.1, 0.1)) == [1]
    assert suggest.preselected(ranked(0.4, 0.3, 0.2, 0.1)) == [1, 2, 3]
    assert suggest.preselected(ranked(0.3, 0.3, 0.3, 0.1)) == [1, 2, 3]  # never more than three
    assert suggest.preselected([]) == []


def test_a_long_text_is_read_up_to_the_limit() -> None:
    relevant = "Remittances cost too much to send home. "
    filler = "Lorem ipsum dolor sit amet. " * (suggest.MAX_ENCODED_CHARS // 10)

    assert suggest.suggest(relevant + filler, neighbours=no_neighbours)[0].objective == 20


def test_description_vectors_are_cached_on_disk_and_a_damaged_cache_is_rebuilt(
    settings: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(suggest, "SHIPPED_VECTORS", tmp_path / "none shipped")
    first = suggest.build_descriptions()
    (cache,) = (tmp_path / "cache" / "suggest").glob("descriptions-*.npy")
    np.save(cache, np.zeros((2, 3), dtype=np.float32))  # the wrong shape, as if written by another model

    again = suggest.build_descriptions()

    np.testing.assert_allclose(again.vectors, first.vectors, atol=1e-6)
    assert np.load(cache).shape == first.vectors.shape
    assert len(first.sentences) == len(suggest.read_descriptions()) >= 23 * 6 * 2


def test_every_objective_is_described_in_the_six_languages() -> None:
    rows = suggest.read_descriptions()

    for objective in range(1, 24):
        assert {language for number, language, _ in rows if number == objective} == {
            "ar",
            "en",
            "es",
            "fr",
            "ru",
            "zh",
        }


def test_a_text_is_read_sentence_by_sentence_with_short_ones_joined() -> None:
    long = "This second sentence is long enough to be read on its own, more than eighty characters."

    assert suggest.chunks(f"Short. {long}\nNext") == [f"Short. {long}", "Next"]
    assert suggest.chunks("第一句话比较短。第二句。") == ["第一句话比较短。 第二句。"]
    assert suggest.chunks("Version 3.5 is out") == ["Version 3.5 is out"]


def test_a_text_about_two_things_keeps_both_among_the_first_three() -> None:
    text = (
        "Families of migrants who went missing on the sea route are helped to trace them "
        "and identify the dead. Separately, the programme lowers the cost of sending remittances "
        "home through mobile money."
    )

    first_three = {s.objective for s in suggest.suggest(text, neighbours=no_neighbours)[:3]}

    assert {8, 20} <= first_three


def test_text_vectors_are_normalised_means_of_the_sentences() -> None:
    sentences = [
        "Remittances cost migrant workers too much when they send money home to their families.",
        "The detention of children for migration reasons must end, and alternatives must be found.",
    ]
    (vector,) = suggest.text_vectors([" ".join(sentences)])
    mean = vectors.encode_texts(sentences).mean(axis=0)

    np.testing.assert_allclose(vector, mean / np.linalg.norm(mean), atol=1e-5)


@pytest.mark.parametrize(
    ("text", "principle"),
    [
        ("Unaccompanied children live with foster families; their best interests guide each decision.", 8),
        ("Un refugio para mujeres migrantes sobrevivientes de violencia de género, dirigido por ellas.", 7),
        ("Профсоюзы, работодатели, диаспора и НКО вместе разработали национальный план.", 10),
        ("劳动、内政和卫生等部委成立了部际移民委员会，并与城市合作。", 9),
    ],
)
def test_it_names_the_guiding_principle_a_text_clearly_supports(text: str, principle: int) -> None:
    ranked = suggest.suggest_principles(text)

    assert sorted(s.objective for s in ranked) == list(range(1, 11))
    assert sum(s.score for s in ranked) == pytest.approx(1.0, abs=0.01)
    assert suggest.supported(ranked)[:1] == [principle]


def test_no_principle_is_named_when_none_stands_out() -> None:
    def flat(*scores: float) -> list[suggest.Suggestion]:
        return [suggest.Suggestion(n, s, "", "en", (), ()) for n, s in enumerate(scores, start=1)]

    assert suggest.supported(flat(0.3, 0.25, 0.2, 0.15, 0.1)) == []
    assert suggest.supported(flat(0.6, 0.35, 0.05)) == [1, 2]
    assert suggest.supported([]) == []


def test_every_principle_is_described_in_the_six_languages() -> None:
    rows = suggest.read_descriptions(suggest.PRINCIPLES_FILE)

    assert {number for number, _, _ in rows} == set(range(1, 11))
    for principle in range(1, 11):
        assert {language for number, language, _ in rows if number == principle} == set(LANGUAGES)


@pytest.mark.parametrize("path", [suggest.DESCRIPTIONS_FILE, suggest.PRINCIPLES_FILE])
def test_the_shipped_vectors_match_the_descriptions_and_spare_the_encoder(
    path: Path, settings: Any, tmp_path: Path, monkeypatch: Any
) -> None:
    """Edited a descriptions file? Run `gcmhub suggest_objectives --ship-vectors` and commit data/vectors/."""
    settings.DATA_DIR = tmp_path  # no cache yet

    def refuse(texts: Any) -> Any:
        raise AssertionError("the shipped vectors should have been used")

    monkeypatch.setattr(vectors, "encode_texts", refuse)
    built = suggest.build_descriptions(path)

    expected = suggest.read_descriptions(path)
    assert built.vectors.shape == (len(expected), vectors.DIMENSIONS)
    np.testing.assert_allclose(np.linalg.norm(built.vectors, axis=1), 1.0, atol=1e-2)
