# ruff: noqa: RUF001, RUF003  # the corpus is Arabic, Cyrillic and Chinese on purpose
"""Our analyzers for the six UN languages: a small corpus per language, with asserted hits."""

from pathlib import Path

import pytest

from gcmhub.search import analysis
from gcmhub.search.backends.base import SearchBackend
from gcmhub.search.backends.tantivy import TantivyBackend
from gcmhub.search.service import request_for, request_for_page, run
from gcmhub.search.tests.conformance import doc

CORPUS = [
    doc("en-1", "Migrant workers and their families", "Policies for labour MIGRATION."),
    doc("en-2", "A migrant worker's rights", "One policy."),
    doc("fr-1", "L'éducation des enfants migrants", "Accès à l'école.", language="fr"),
    doc("fr-2", "Santé des migrantes", "Soins de santé.", language="fr"),
    doc("es-1", "Educación para personas migrantes", "Migración laboral.", language="es"),
    doc("ru-1", "Права мигрантов", "Защита трудящихся-мигрантов.", language="ru"),
    doc("ru-2", "Мигранты и их семьи", "Ёлка и ёж.", language="ru"),
    doc("ar-1", "حقوق المهاجرين", "والهجرة الآمنة", language="ar"),
    doc("ar-2", "مُهاجِرون في المدن", "إدارة الحدود", language="ar"),
    doc("zh-1", "国际移民组织年度报告", "移民与发展", language="zh"),
    doc("zh-2", "人民的移动电话", "移动通信与人民生活", language="zh"),
]


@pytest.fixture
def backend(tmp_path: Path, db: None) -> SearchBackend:  # hybrid ranking reads the vectors
    backend = TantivyBackend(tmp_path / "tantivy")
    backend.index(CORPUS)
    return backend


# The analysis is the keyword engine's: hybrid ranking would also read the vectors in the database.
def hits(backend: SearchBackend, query: str) -> set[str]:
    return {
        hit.doc_id.split(":")[1]
        for hit in run(backend, request_for_page(query, per_page=50), mode="keyword").hits
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # English: plurals, case, possessives
        ("workers", {"en-1", "en-2"}),
        ("WORKER", {"en-1", "en-2"}),
        ("policies", {"en-1", "en-2"}),
        ("migration", {"en-1"}),
        # French and Spanish: accents are optional, plurals and elisions (l') fold away; the two languages
        # share the stem "educ", so either word finds both documents
        ("education", {"fr-1", "es-1"}),
        ("éducation", {"fr-1", "es-1"}),
        ("educacion", {"fr-1", "es-1"}),
        ("EDUCACIÓN", {"fr-1", "es-1"}),
        ("migracion", {"es-1"}),
        ("sante", {"fr-2"}),
        ("ecole", {"fr-1"}),
        # Russian: inflections share a stem; ё is written е
        ("мигрантов", {"ru-1", "ru-2"}),
        ("мигранты", {"ru-1", "ru-2"}),
        ("мигрант", {"ru-1", "ru-2"}),
        ("елка", {"ru-2"}),
        # Arabic: the article and clitics (ال, و, ب, ل) and tashkeel fold away; alef forms are one
        ("المهاجرين", {"ar-1", "ar-2"}),
        ("مهاجرين", {"ar-1", "ar-2"}),
        ("للمهاجرين", {"ar-1", "ar-2"}),
        ("الهجرة", {"ar-1"}),
        ("والهجرة", {"ar-1"}),
        ("هجره", {"ar-1"}),
        ("ادارة", {"ar-2"}),
        # Chinese: two-character words inside longer runs; no hit from the two characters apart
        ("移民", {"zh-1"}),
        ("移动", {"zh-2"}),
        ("国际移民", {"zh-1"}),
        ("报告", {"zh-1"}),
    ],
)
def test_each_language_finds_its_own_forms(backend: SearchBackend, query: str, expected: set[str]) -> None:
    assert hits(backend, query) == expected


def test_chinese_words_need_their_characters_together(backend: SearchBackend) -> None:
    # zh-2 has 移 (in 移动) and 民 (in 人民) but never the word 移民.
    assert "zh-2" not in hits(backend, "移民")
    assert hits(backend, "民移") == set()


def test_folding_is_the_same_for_every_language() -> None:
    assert analysis.fold("ÉDUCATION") == "education"
    assert analysis.fold("Ёлка") == "елка"
    assert analysis.fold("Й") == "й"  # a letter of its own in Russian, not и with a breve
    assert analysis.fold("مُهاجِر") == "مهاجر"
    assert analysis.fold("أإآ") == "ااا"
    assert analysis.fold("مدرسة") == "مدرسه"
    assert analysis.fold("٢٠٢٤") == "2024"
    assert analysis.fold("Œuvre ﬁnale") == "oeuvre finale"


def test_terms_are_the_same_at_index_and_query_time() -> None:
    for text, language in [
        ("Migrants' rights", "en"),
        ("والهجرة", "ar"),
        ("国际移民组织", "zh"),
        ("мигрантов", "ru"),
    ]:
        assert analysis.query_terms(text, language) == analysis.index_terms(text, language).split()


def test_arabic_prefixes_are_stripped_only_from_long_enough_words() -> None:
    assert analysis.strip_arabic_prefix("والهجرة") == "هجرة"
    assert analysis.strip_arabic_prefix("بالمهاجرين") == "مهاجرين"
    assert analysis.strip_arabic_prefix("وطن") == "وطن"  # و begins the word itself
    assert analysis.strip_arabic_prefix("ال") == "ال"


def test_tokens_keep_their_offsets_in_the_original_text() -> None:
    text = "L'Éducation des migrants"
    tokens = analysis.tokens(text, "fr")
    assert [(text[t.start : t.end], t.term) for t in tokens] == [
        ("L", "l"),
        ("Éducation", "educ"),
        ("des", "de"),
        ("migrants", "migr"),
    ]
    arabic = "مُهاجِرون"
    assert [arabic[t.start : t.end] for t in analysis.tokens(arabic, "ar")] == [arabic]


def test_very_long_tokens_are_dropped() -> None:
    assert analysis.query_terms("x" * 100, "en") == []


def test_chinese_is_indexed_as_overlapping_character_pairs() -> None:
    assert analysis.index_terms("国际移民组织", "zh") == "国际 际移 移民 民组 组织"
    assert analysis.query_terms("移", "zh") == ["移"]
    assert analysis.prefix_forms("移", "zh") == ["移"]
    assert analysis.prefix_forms("移民", "zh") == []  # two characters are searched as a word


def test_chinese_highlights_do_not_overlap(tmp_path: Path) -> None:
    backend = TantivyBackend(tmp_path / "zh")
    backend.index([doc("zh-3", "报告", "国际移民组织支持国际移民。", language="zh")])
    snippet = str(run(backend, request_for("国际移民"), mode="keyword").hits[0].snippet)
    assert snippet == "<mark>国际移民</mark>组织支持<mark>国际移民</mark>。"
