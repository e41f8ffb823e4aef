"""Content in a language of its own keeps its own direction: every element a template marks with a content
language (lang="{{ … }}") also carries dir (usually "auto"), so Latin text in an Arabic page, or Arabic text
in an English page, is laid out in its own order. <bdi> isolates by itself; <html>, <option> and <form> take
the page's or the control's direction, as does text marked with the interface's own language."""

import re
from pathlib import Path

import gcmhub

TEMPLATES = Path(gcmhub.__file__).parent / "templates"
CONTENT_LANG = re.compile(r'<([a-z0-9]+)\b([^<>]*?\blang="\{[^"]*"[^<>]*)>', re.DOTALL)
OWN_DIRECTION = {"bdi", "html", "option", "form"}


def marked_elements() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for match in CONTENT_LANG.finditer(path.read_text(encoding="utf-8")):
            found.append((str(path.relative_to(TEMPLATES)), match.group(1), match.group(2)))
    return found


def test_the_templates_mark_content_languages() -> None:
    assert len(marked_elements()) >= 20


def test_every_element_in_a_content_language_has_a_direction() -> None:
    missing = [
        f"{template}: <{tag}{attributes}>"
        for template, tag, attributes in marked_elements()
        if tag not in OWN_DIRECTION and "dir=" not in attributes and "{{ LANGUAGE_CODE }}" not in attributes
    ]
    assert not missing, "\n".join(missing)
