"""Every table that scrolls sideways sits in a labelled, keyboard-focusable region (WCAG 2.1.1 and 4.1.2),
so people who cannot use a mouse or touch can still read its hidden columns."""

import re
from pathlib import Path

import gcmhub

TEMPLATES = Path(gcmhub.__file__).parent / "templates"
WRAPPER = re.compile(r'<div class="table-scroll"([^>]*)>')


def wrappers() -> list[tuple[str, str, str]]:
    """(template, the wrapper's attributes, the markup up to the next wrapper) for each wrapper."""
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        matches = list(WRAPPER.finditer(text))
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            found.append((str(path.relative_to(TEMPLATES)), match.group(1), text[match.end() : end]))
    return found


def test_the_templates_have_scrolling_tables() -> None:
    assert len(wrappers()) >= 20


def test_each_scrolling_table_is_a_focusable_region_named_by_its_caption() -> None:
    problems = []
    for template, attributes, following in wrappers():
        if 'role="region"' not in attributes or 'tabindex="0"' not in attributes:
            problems.append(f"{template}: wrapper without role=region and tabindex=0")
            continue
        label = re.search(r'aria-labelledby="([^"]+)"', attributes)
        if label is None:
            problems.append(f"{template}: wrapper without aria-labelledby")
            continue
        caption = re.search(r"<caption\b[^>]*>", following)
        if caption is None or f'id="{label.group(1)}"' not in caption.group(0):
            problems.append(f"{template}: aria-labelledby={label.group(1)} is not its table's caption")
    assert not problems, "\n".join(problems)


def test_region_names_are_unique_within_each_template() -> None:
    seen: dict[str, set[str]] = {}
    duplicates = []
    for template, attributes, _ in wrappers():
        label = re.search(r'aria-labelledby="([^"]+)"', attributes)
        if label is None:
            continue
        names = seen.setdefault(template, set())
        if label.group(1) in names:
            duplicates.append(f"{template}: {label.group(1)}")
        names.add(label.group(1))
    assert not duplicates, duplicates
