"""The outline: default in code, a JSON file for the command, checked with clear errors; and the command."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from gcmhub.core.exceptions import ValidationFailed
from gcmhub.reporting.report import default_outline, parse_outline, parse_outline_text
from gcmhub.reporting.tests.report_files import docx_headings


def test_the_default_outline_has_every_chapter_with_sources_last() -> None:
    kinds = [chapter.kind for chapter in default_outline().chapters]
    assert kinds == ["responses", "workplan", "fund", "knowledge", "coverage", "sources"]


def test_an_outline_keeps_order_and_titles_and_adds_the_annex() -> None:
    outline = parse_outline({"chapters": [{"kind": "fund", "title": "  Money  "}, {"kind": "responses"}]})
    assert [(c.kind, c.title) for c in outline.chapters] == [
        ("fund", "Money"),
        ("responses", ""),
        ("sources", ""),
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([], 'must be a JSON object with a "chapters" list'),
        ({"chapters": []}, 'needs a non-empty "chapters" list'),
        ({"chapters": [{"kind": "fnd"}]}, 'Chapter 1 has an unknown kind "fnd"; use one of: responses'),
        ({"chapters": [{"kind": "fund"}, {"kind": "fund"}]}, "Chapter 2 repeats the chapter fund"),
        ({"chapters": [{"kind": "fund", "title": 3}]}, "The title of chapter 1 must be text"),
        ({"chapters": [{"kind": "fund", "title": "x" * 201}]}, "longer than 200 characters"),
        ({"chapters": [{"kind": "fund", "colour": "red"}]}, 'Chapter 1 has an unknown field "colour"'),
        ({"chapters": [{"kind": "fund"}], "extra": 1}, 'Unknown field "extra" in the outline'),
        ({"chapters": [{"kind": "sources"}, {"kind": "fund"}]}, "must be the last chapter"),
        ({"chapters": ["fund"]}, "Chapter 1 must be a JSON object"),
    ],
)
def test_a_bad_outline_is_refused_with_a_clear_message(value: Any, message: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_outline(value)
    assert message in caught.value.message


def test_text_that_is_not_json_says_where() -> None:
    with pytest.raises(ValidationFailed, match="not valid JSON \\(line 1, column 2\\)"):
        parse_outline_text("{chapters")


def test_the_command_follows_the_outline_file(db: None, tmp_path: Path) -> None:
    outline = tmp_path / "outline.json"
    outline.write_text(
        json.dumps({"chapters": [{"kind": "fund", "title": "The fund first"}, {"kind": "workplan"}]})
    )
    out = tmp_path / "report.docx"
    call_command("build_report", "--format", "docx", "--out", str(out), "--outline", str(outline))
    headings = [text for style, text in docx_headings(out.read_bytes()) if style == "Heading 1"]
    assert headings == ["The fund first", "Progress of the work plan", "Annex: sources of the figures"]


def test_the_command_refuses_a_bad_outline_and_writes_nothing(db: None, tmp_path: Path) -> None:
    outline = tmp_path / "outline.json"
    outline.write_text('{"chapters": [{"kind": "nope"}]}')
    out = tmp_path / "report.html"
    with pytest.raises(CommandError, match='unknown kind "nope"'):
        call_command("build_report", "--format", "html", "--out", str(out), "--outline", str(outline))
    assert not out.exists()


def test_the_command_refuses_an_unknown_language_and_call(db: None, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    with pytest.raises(CommandError, match="Unknown language xx"):
        call_command("build_report", "--format", "html", "--out", str(out), "--language", "xx")
    with pytest.raises(CommandError, match="no published call for inputs 999"):
        call_command("build_report", "--format", "html", "--out", str(out), "--call", "999")
    assert not out.exists()


def test_the_command_without_a_call_says_so(db: None, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    call_command("build_report", "--format", "html", "--out", str(out), "--as-of", "2025-06-30")
    page = out.read_text()
    assert "No call for inputs was used" in page.split('<nav class="toc"')[0]
    assert "Data as of June 30, 2025" in page
