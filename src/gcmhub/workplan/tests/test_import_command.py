"""`gcmhub import_workplan`: prints the import report, says "unchanged" for the same file, exits 1 on a bad
file and changes nothing then."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gcmhub.workplan.management.commands.import_workplan import Command
from gcmhub.workplan.tests.fixtures.importer import SHIPPED_BYTES, changed, current, row_counts

pytestmark = pytest.mark.django_db


def run(*args: str, **options: Any) -> str:
    out = io.StringIO()
    call_command("import_workplan", *args, stdout=out, **options)
    return out.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_it_says_unchanged_for_the_same_file(tmp_path: Path) -> None:
    before = row_counts()
    output = run(write(tmp_path, "plan.txt", SHIPPED_BYTES))
    assert "Unchanged:" in output
    assert "version 1" in output
    assert "12 warnings, 21 notes" in output
    assert row_counts() == before


def test_it_imports_a_changed_file_and_prints_the_report_and_the_changes(tmp_path: Path) -> None:
    path = write(tmp_path, "plan.txt", changed(("Timeframe: 7 months", "Timeframe: 9 months")))
    output = run(path, "--start-date", "2020-01-01")
    assert f"Imported {path} as version 2" in output
    assert "6 sections, 19 expected results, 38 activities" in output
    assert "line 29: [warning] missing_colon: “Output” has no colon after it." in output
    assert "line 141: [warning] timeframe_missing_space" in output
    assert "line 9: [info] empty_field" in output
    assert (
        "Changes from version 1: expected results 0 added, 0 removed, 1 changed; activities 0 added, "
        "0 removed, 0 changed; sections 0 added, 0 removed, 0 changed." in output
    )
    version = current()
    assert (version.number, str(version.start_date), version.imported_by) == (2, "2020-01-01", None)


def test_it_lists_each_change_when_verbose(tmp_path: Path) -> None:
    output = run(
        write(tmp_path, "plan.txt", changed(("Timeframe: 7 months", "Timeframe: 9 months"))), verbosity=2
    )
    assert "changed cc.6, timeframe: “7 months” → “9 months”" in output


def test_it_is_silent_at_verbosity_0(tmp_path: Path) -> None:
    assert (
        run(write(tmp_path, "plan.txt", changed(("Timeframe: 7 months", "Timeframe: 9 months"))), verbosity=0)
        == ""
    )


def test_it_records_the_user_given(tmp_path: Path, secretariat: Any) -> None:
    run(
        write(tmp_path, "plan.md", changed(("Timeframe: 7 months", "Timeframe: 9 months"))),
        user="secretariat",
    )
    assert current().imported_by == secretariat


def test_it_refuses_a_user_who_may_not_import(tmp_path: Path, outsider: Any) -> None:
    before = row_counts()
    with pytest.raises(CommandError, match="Only the secretariat"):
        run(write(tmp_path, "plan.txt", changed(("7 months", "9 months"))), user="outsider")
    assert row_counts() == before


def test_it_refuses_an_unknown_user(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="There is no user “nobody”"):
        run(write(tmp_path, "plan.txt", SHIPPED_BYTES), user="nobody")


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("empty.txt", b"", "The file is empty."),
        ("binary.txt", b"\x00\x01\x02\x03" * 100, "binary"),
        ("plan.pdf", SHIPPED_BYTES, "not a supported file type"),
        ("plan.docx", b"PK\x03\x04 broken", "not a valid .docx"),
        ("letter.txt", b"Dear colleagues,\nhello\n", "No sections were found"),
        ("big.txt", b"x" * (5 * 1024 * 1024 + 1), "5 MB"),
    ],
)
def test_a_bad_file_is_a_command_error_and_changes_nothing(
    tmp_path: Path, name: str, data: bytes, words: str
) -> None:
    before = row_counts()
    path = write(tmp_path, name, data)
    with pytest.raises(CommandError) as refused:
        run(path)
    assert f"{path} was not imported:" in str(refused.value)
    assert words in str(refused.value)
    assert row_counts() == before


def test_a_missing_file_is_a_command_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        run(str(tmp_path / "missing.txt"))


def test_a_bad_start_date_is_a_command_error(tmp_path: Path) -> None:
    before = row_counts()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run(write(tmp_path, "plan.txt", SHIPPED_BYTES), "--start-date", "01/02/2019")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run(write(tmp_path, "plan.txt", SHIPPED_BYTES), start_date="2019-13-01")
    assert row_counts() == before


def test_on_the_command_line_a_bad_file_exits_with_status_1(
    tmp_path: Path, capsys: Any, monkeypatch: Any
) -> None:
    from django.db import connections

    # The command line closes every database connection when it ends; the test still needs its own.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    before = row_counts()
    path = write(tmp_path, "empty.txt", b"")
    with pytest.raises(SystemExit) as exited:
        # Without the project-wide system checks, which are not what this test is about.
        Command().run_from_argv(["gcmhub", "import_workplan", path, "--skip-checks"])
    assert exited.value.code == 1
    assert "The file is empty." in capsys.readouterr().err
    assert row_counts() == before
