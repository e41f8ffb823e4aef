"""The direction of a piece of text comes from its first strongly directional character."""

import pytest

from gcmhub.core.bidi import text_direction


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Protecting the human rights, safety", "ltr"),
        ("حماية حقوق الإنسان", "rtl"),
        ("12, (Objective 3) نص", "ltr"),
        ("١٢ - حماية", "rtl"),
        ("2026 — ", "auto"),
        ("", "auto"),
        ("עברית", "rtl"),
    ],
)
def test_the_first_strong_character_decides(text: str, expected: str) -> None:
    assert text_direction(text) == expected
