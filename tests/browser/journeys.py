"""Helpers the journeys share: a page's text and address in a given language, and checks that a page reads
right to left in Arabic and fits a phone."""

from typing import Any

from django.urls import reverse
from django.utils import translation

PHONE = {"width": 360, "height": 740}


def in_language(language: str, message: str) -> str:
    """`message` as the interface shows it in `language` (English while a translation is missing)."""
    with translation.override(language):
        return translation.gettext(message)


def url_in(language: str, name: str, *args: Any) -> str:
    """The address of page `name` in `language` (/ar/…; English has no prefix)."""
    with translation.override(language):
        return reverse(name, args=args)


def is_arabic(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


def reads_right_to_left_in_arabic(tab: Any) -> None:
    assert tab.evaluate("[document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    assert tab.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"


def fits_a_phone(tab: Any) -> None:
    """Nothing makes the page scroll sideways on a phone."""
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{tab.url} is {width} px wide on a {PHONE['width']} px phone"
