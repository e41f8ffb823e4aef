"""`gcmhub export_workplan` and the exporters: JSON in the documented shape, Markdown and Word documents in
the source's layout that re-import to the identical structure."""

# The work plan's own en dashes and typographic apostrophes are quoted as written.
# ruff: noqa: RUF001

import io
import json
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gcmhub.core.tests.typed import present
from gcmhub.workplan.export import version_as_dict, version_as_docx, version_as_markdown
from gcmhub.workplan.importer import import_document, read_document
from gcmhub.workplan.tests.fixtures.importer import changed, current, row_counts

pytestmark = pytest.mark.django_db


def export(*args: str, **options: Any) -> str:
    out = io.StringIO()
    call_command("export_workplan", *args, stdout=out, **options)
    return out.getvalue()


def test_json_has_the_documented_shape() -> None:
    data = json.loads(export("--format", "json"))
    assert data == json.loads(json.dumps(version_as_dict(current())))
    assert set(data) == {"title", "version", "sections"}
    section = data["sections"][0]
    assert set(section) == {"kind", "number", "title", "objectives", "results"}
    result = section["results"][5]
    assert set(result) == {"number", "title", "output", "activities", "timeframe", "membership"}
    assert result["activities"][0] == {
        "number": 1,
        "text": "provide logistical support, including note taking during the consultations and negotiations",
    }
    assert result["timeframe"] == {
        "text": "7 months",
        "min_months": 7,
        "max_months": 7,
        "recurrence_months": None,
        "open_ended": False,
    }
    assert result["membership"] == {
        "text": "IOM, DESA",
        "organizations": ["DESA", "IOM"],
        "groups": [],
        "tbd": False,
    }


def test_json_is_the_default_format_and_can_go_to_a_file(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    message = export("--out", str(out))
    assert "Wrote version 1" in message
    assert json.loads(out.read_text(encoding="utf-8")) == json.loads(export())


def test_an_older_version_can_be_exported() -> None:
    import_document(changed(("Timeframe: 7 months", "Timeframe: 9 months")), "v2.txt", actor=None)
    assert json.loads(export())["version"] == 2
    old = json.loads(export("--version", "1"))
    assert old["version"] == 1
    assert old["sections"][0]["results"][5]["timeframe"]["text"] == "7 months"


def test_the_diff_can_be_exported() -> None:
    import_document(changed(("Timeframe: 7 months", "Timeframe: 9 months")), "v2.txt", actor=None)
    diff = json.loads(export("--diff-from", "1"))
    assert (diff["from"], diff["to"]) == (1, 2)
    assert [(c["key"], c["field"]) for c in diff["results"]["changed"]] == [("cc.6", "timeframe")]


def test_markdown_is_laid_out_like_the_source() -> None:
    text = export("--format", "md")
    assert text.startswith("# Draft UN Migration Network Multi-Annual Work Plan\n")
    assert "\n## Cross-cutting/programming (title tbc)\n\nGCM Objectives 1-23\n" in text
    assert "\n## Thematic Area 5: Improving the social inclusion and integration of migrants\n" in text
    assert "\n- Objective 22: " in text
    assert "\n#### 5. Integration of GCM in mandatory common country analysis and renewed UNDAFs\n" in text
    assert "\n**Activities:** Miscellaneous (handbooks, guidelines, workshops, training programmes)\n" in text
    assert "\n3\\) Increase the number of countries" in text
    assert "\n**Timeframe:** 18 months – 2years\n" in text
    assert "[bookmark" not in text


def test_markdown_and_word_reimport_to_the_identical_structure(tmp_path: Path) -> None:
    stored = version_as_dict(current())
    markdown = version_as_markdown(current()).encode()
    word = version_as_docx(current())
    for name, data in (("plan.md", markdown), ("plan.docx", word)):
        outcome = import_document(data, name, actor=None, plan_slug=f"copy-{name.replace('.', '-')}")
        assert version_as_dict(outcome.version) == stored
        before = row_counts()
        assert not import_document(data, name, actor=None).created
        assert row_counts() == before


def test_word_document_uses_headings_and_bold_labels(tmp_path: Path) -> None:
    out = tmp_path / "plan.docx"
    export("--format", "docx", "--out", str(out))
    document = docx.Document(str(out))
    headings = [
        (present(p.style).name, p.text)
        for p in document.paragraphs
        if present(p.style).name.startswith(("Title", "Heading"))
    ]
    assert headings[0] == ("Title", "Draft UN Migration Network Multi-Annual Work Plan")
    assert (
        "Heading 1",
        "Thematic Area 1: Promoting fact-based and data-driven migration discourse, policy and planning",
    ) in headings
    output = next(p for p in document.paragraphs if p.text.startswith("Output: Global programme"))
    assert output.runs[0].bold and output.runs[0].text == "Output:"
    assert read_document(out.read_bytes(), "plan.docx").count("Expected results:") == 6


def test_a_changed_plan_round_trips_too() -> None:
    data = changed(
        ("Timeframe: 7 months", "Timeframe: 3 weeks"),
        ("2) Draft report on a biennial basis", "2) Draft the *report* [with] `care` # \\ | <b>"),
    )
    version = import_document(data, "v2.txt", actor=None).version
    stored = version_as_dict(version)
    for name, content in (
        ("p.md", version_as_markdown(version).encode()),
        ("p.docx", version_as_docx(version)),
    ):
        copy = import_document(content, name, actor=None, plan_slug=f"rt-{name[-2:]}").version
        assert version_as_dict(copy) == {**stored, "version": 1}


def test_docx_needs_an_output_file() -> None:
    with pytest.raises(CommandError, match="--out"):
        export("--format", "docx")


def test_an_unknown_version_is_a_command_error() -> None:
    with pytest.raises(CommandError, match="There is no version 42"):
        export("--version", "42")


def test_a_plan_never_imported_is_a_command_error() -> None:
    with pytest.raises(CommandError, match="No version of this work plan"):
        export("--plan", "nothing-here")


def test_an_unwritable_output_is_a_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot write"):
        export("--out", str(tmp_path / "missing-dir" / "plan.json"))
