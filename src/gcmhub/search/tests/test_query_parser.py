"""The query syntax: words, "phrases", OR, -exclude, prefix*; malformed input is a QuerySyntaxError."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gcmhub.search.backends.tantivy import TantivyBackend
from gcmhub.search.query import MAX_QUERY_LENGTH, ParsedQuery, QuerySyntaxError, SearchError, Term, parse
from gcmhub.search.service import request_for, run
from gcmhub.search.tests.conformance import CORPUS


def test_words_are_groups_of_one() -> None:
    assert parse("safe  migration") == ParsedQuery(((Term("safe"),), (Term("migration"),)))


def test_a_phrase_keeps_its_words_together() -> None:
    assert parse('"safe   migration" children') == ParsedQuery(
        ((Term("safe migration", phrase=True),), (Term("children"),))
    )


def test_or_joins_its_neighbours_into_one_group() -> None:
    assert parse('detention OR "closed centres" OR custody children').groups == (
        (Term("detention"), Term("closed centres", phrase=True), Term("custody")),
        (Term("children"),),
    )


def test_lowercase_or_is_a_plain_word() -> None:
    assert parse("this or that").groups == ((Term("this"),), (Term("or"),), (Term("that"),))


def test_exclusions_and_prefixes() -> None:
    parsed = parse('migra* -detention -"closed centres" co-operation')
    assert parsed.groups == ((Term("migra", prefix=True),), (Term("co-operation"),))
    assert parsed.excluded == (Term("detention"), Term("closed centres", phrase=True))


def test_a_chinese_character_is_enough_for_a_prefix() -> None:
    assert parse("移*").groups == ((Term("移", prefix=True),),)


def test_an_empty_query_is_empty() -> None:
    assert parse("   ").is_empty


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('"safe migration', "query_unbalanced_quote"),
        ('children "', "query_unbalanced_quote"),
        ('""', "query_empty_phrase"),
        ("OR", "query_lone_or"),
        ("OR children", "query_lone_or"),
        ("children OR", "query_lone_or"),
        ("children OR OR detention", "query_lone_or"),
        ("children OR -detention", "query_lone_or"),
        ("-detention", "query_only_exclusions"),
        ('-detention -"closed centres"', "query_only_exclusions"),
        ("x" * (MAX_QUERY_LENGTH + 1), "query_too_long"),
        ("children\x00", "query_control_character"),
        ("children\x1b[31m", "query_control_character"),
        ("mi*gration", "query_wildcard"),
        ("*", "query_prefix_too_short"),
        ("m*", "query_prefix_too_short"),
        (" ".join(["word"] * 33), "query_too_many_terms"),
    ],
)
def test_malformed_queries_are_refused_with_a_message(text: str, code: str) -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse(text)
    assert raised.value.code == code
    assert raised.value.status_code == 400
    assert raised.value.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"safe migration', "A quotation mark is not closed: put phrases between two quotation marks."),
        ('""', "A pair of quotation marks is empty: put words between them."),
        ("OR children", "Put OR between two words or phrases, as in detention OR custody."),
        ("-detention", "Add a word to look for: a search cannot only leave words out."),
        ("x" * (MAX_QUERY_LENGTH + 1), "The search is too long: use at most 500 characters."),
        ("children\x00", "The search contains a control character; type it again without it."),
        ("mi*gration", "Put * only at the end of a word, as in migra*."),
        ("m*", "Type at least two letters before *, as in migra*."),
        (" ".join(["word"] * 33), "The search has too many words: use at most 32."),
    ],
)
def test_each_refusal_tells_the_user_what_to_type(text: str, message: str) -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse(text)
    assert raised.value.message == message


def test_two_letters_are_enough_for_a_prefix() -> None:
    assert parse("mi*").groups == ((Term("mi", prefix=True),),)


def test_a_prefix_keeps_the_letters_before_its_stars() -> None:
    assert parse("TAX**").groups == ((Term("TAX", prefix=True),),)


def test_a_search_error_has_a_code_by_default() -> None:
    assert SearchError("Not possible.").code == "invalid_search"
    assert QuerySyntaxError("Not possible.").code == "query_syntax"


def test_the_positive_terms_leave_out_the_facet_tags_of_query_expansion() -> None:
    tagged = ParsedQuery(((Term("detention"), Term("MEX", facet="countries")), (Term("children"),)))
    assert tagged.positive_terms() == [Term("detention"), Term("children")]


def test_a_one_letter_exclusion_counts_at_the_end_and_in_the_middle() -> None:
    assert parse("migration -x").excluded == (Term("x"),)
    middle = parse("migration -x children")
    assert middle.excluded == (Term("x"),)
    assert middle.groups == ((Term("migration"),), (Term("children"),))


def test_a_dash_at_the_end_is_a_word() -> None:
    assert parse("migration -").groups == ((Term("migration"),), (Term("-"),))


def test_two_phrases_stay_apart() -> None:
    assert parse('"safe migration" children "closed centres"').groups == (
        (Term("safe migration", phrase=True),),
        (Term("children"),),
        (Term("closed centres", phrase=True),),
    )


def test_a_word_right_after_a_phrase_keeps_its_first_letter() -> None:
    assert parse('"safe migration"children').groups == (
        (Term("safe migration", phrase=True),),
        (Term("children"),),
    )


def test_a_phrase_right_after_a_word_is_a_phrase() -> None:
    assert parse('children"safe migration"').groups == (
        (Term("children"),),
        (Term("safe migration", phrase=True),),
    )


def test_a_search_of_the_longest_length_is_taken() -> None:
    assert parse("x" * MAX_QUERY_LENGTH).groups == ((Term("x" * MAX_QUERY_LENGTH),),)


def test_a_lone_surrogate_is_refused_as_a_control_character() -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse("children\ud800")
    assert raised.value.code == "query_control_character"


def test_the_most_words_are_taken() -> None:
    assert len(parse(" ".join(["word"] * 32)).groups) == 32


def test_or_between_the_last_two_words() -> None:
    assert parse("detention OR custody").groups == ((Term("detention"), Term("custody")),)


def test_or_after_an_exclusion_is_refused() -> None:
    with pytest.raises(QuerySyntaxError) as raised:
        parse("-detention OR children")
    assert raised.value.code == "query_lone_or"


def test_tabs_and_newlines_are_spaces() -> None:
    assert parse("safe\tmigration\n").groups == ((Term("safe"),), (Term("migration"),))


@given(st.text(max_size=200))
def test_parsing_never_crashes(text: str) -> None:
    try:
        parsed = parse(text)
    except QuerySyntaxError as exc:
        assert exc.message
    else:
        assert isinstance(parsed, ParsedQuery)
        if parsed.excluded:
            assert parsed.groups


_query_alphabet = st.sampled_from(
    [*"ab \"-*OR \tmigrants детей المهاجرين 移民 é<>&'", "OR", " OR ", "migra*", '"safe migration"']
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_query_alphabet, max_size=12).map("".join))
def test_searching_never_crashes(tmp_path: Path, text: str) -> None:
    backend = _shared_backend(tmp_path)
    try:
        page = run(backend, request_for(text), mode="keyword")
    except QuerySyntaxError:
        return
    assert page.total >= 0
    for hit in page.hits:
        assert "<script" not in str(hit.snippet)


_backends: dict[Path, TantivyBackend] = {}


def _shared_backend(tmp_path: Path) -> TantivyBackend:
    # One index for all generated examples of a test run: the examples only read it.
    if tmp_path not in _backends:
        _backends[tmp_path] = TantivyBackend(tmp_path / "tantivy")
        _backends[tmp_path].index(CORPUS)
    return _backends[tmp_path]
