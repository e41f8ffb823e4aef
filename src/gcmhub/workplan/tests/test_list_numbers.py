"""Numbered lists in a DOCX plan are read with the number Word shows: roman, letters or zero-padded."""

import pytest

from gcmhub.workplan.importer.reader import MAX_LIST_NUMBER, _format_number


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        # Every numeral and every subtractive pair, in the case asked for.
        (1, "lowerRoman", "i"),
        (3, "lowerRoman", "iii"),
        (4, "lowerRoman", "iv"),
        (5, "lowerRoman", "v"),
        (8, "lowerRoman", "viii"),
        (10, "lowerRoman", "x"),
        (49, "lowerRoman", "xlix"),
        (50, "lowerRoman", "l"),
        (444, "lowerRoman", "cdxliv"),
        (888, "lowerRoman", "dccclxxxviii"),
        (2026, "upperRoman", "MMXXVI"),
        (9, "lowerRoman", "ix"),
        (14, "upperRoman", "XIV"),
        (1994, "upperRoman", "MCMXCIV"),
        (MAX_LIST_NUMBER, "lowerRoman", "mmmcmxcix"),
        (MAX_LIST_NUMBER + 1, "lowerRoman", str(MAX_LIST_NUMBER + 1)),
        (0, "upperRoman", "0"),
        (1, "lowerLetter", "a"),
        (26, "lowerLetter", "z"),
        (27, "lowerLetter", "aa"),
        (28, "upperLetter", "AB"),
        (7, "decimalZero", "07"),
        (7, "decimal", "7"),
    ],
)
def test_a_list_number_is_written_as_word_shows_it(value: int, fmt: str, shown: str) -> None:
    assert _format_number(value, fmt) == shown
