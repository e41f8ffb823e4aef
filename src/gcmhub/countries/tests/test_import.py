"""`gcmhub import_indicators`: the secretariat's values, checked whole before anything is stored."""

import io
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from gcmhub.core.exceptions import PermissionDenied
from gcmhub.countries.actions import import_values
from gcmhub.countries.importer import ImportProblems
from gcmhub.countries.models import IndicatorValue, Source

HEADER = "indicator,country,year,value,source,source_date\n"
GOOD = (
    "sdg-10-7-4,MEX,2020,12.5,Test agency figures,2021-06-01\nsdg-10-c-1,MEX,2020,3.1,Test agency figures,\n"
)


def _snapshot() -> tuple[int, int]:
    return IndicatorValue.objects.count(), Source.objects.count()


def test_it_imports_and_a_second_run_changes_nothing(db: None, tmp_path: Path) -> None:
    path = tmp_path / "values.csv"
    path.write_text(HEADER + GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("import_indicators", str(path), stdout=out)
    assert "2 created, 0 updated, 0 unchanged" in out.getvalue()
    value = IndicatorValue.objects.get(indicator__code="sdg-10-7-4", country__iso3="MEX", year=2020)
    assert value.value == Decimal("12.5")
    assert value.source.title == "Test agency figures"
    assert value.source_date is not None and value.source_date.isoformat() == "2021-06-01"
    out = io.StringIO()
    call_command("import_indicators", str(path), stdout=out)
    assert "0 created, 0 updated, 2 unchanged" in out.getvalue()


def test_it_reads_xlsx(db: None) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["indicator", "country", "year", "value", "source"])
    sheet.append(["sdg-10-7-3", "ITA", 2019, 1262, "Test agency figures"])
    content = io.BytesIO()
    book.save(content)
    report = import_values(content.getvalue(), "values.xlsx", actor=None)
    assert report.created == 1
    assert (
        IndicatorValue.objects.get(indicator__code="sdg-10-7-3", country__iso3="ITA", year=2019).value == 1262
    )


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("sdg-10-7-4,ZZZ,2020,1,S,", "unknown country ZZZ"),
        ("no-such-indicator,MEX,2020,1,S,", "unknown indicator no-such-indicator"),
        ("sdg-10-c-1,MEX,2020,140,S,", "value 140 is out of range"),
        ("sdg-10-7-3,MEX,2020,-3,S,", "value -3 is out of range"),
        ("sdg-10-7-3,MEX,20x0,3,S,", "bad year 20x0"),
        ("sdg-10-7-3,MEX,1850,3,S,", "bad year 1850"),
        ("sdg-10-7-3,MEX,2020,many,S,", "value many is not a number"),
        ("sdg-10-7-3,MEX,2020,3,S,yesterday", "bad source_date yesterday"),
        ("sdg-10-7-4,MEX,2020,12.5,S,", "duplicate of line 2"),
        ("sdg-10-7-3,,2020,3,S,", "give either a country or a corridor"),
    ],
)
def test_a_bad_row_is_reported_by_line_and_nothing_changes(db: None, row: str, problem: str) -> None:
    before = _snapshot()
    content = (HEADER + GOOD + row + "\n").encode()
    with pytest.raises(ImportProblems) as caught:
        import_values(content, "values.csv", actor=None)
    assert any(line.startswith("line 4:") and problem in line for line in caught.value.problems)
    assert _snapshot() == before


def test_the_command_prints_every_problem_and_changes_nothing(db: None, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "sdg-10-7-4,ZZZ,2020,1,S,\nsdg-10-7-4,MEX,1800,1,S,\n", encoding="utf-8")
    before = _snapshot()
    with pytest.raises(CommandError) as caught:
        call_command("import_indicators", str(path))
    assert "line 2: unknown country ZZZ" in str(caught.value)
    assert "line 3: bad year 1800" in str(caught.value)
    assert _snapshot() == before


def test_a_file_that_is_not_a_workbook_is_refused(db: None) -> None:
    with pytest.raises(ImportProblems):
        import_values(b"not a workbook", "values.xlsx", actor=None)


def test_it_rejects_outsider(outsider: User) -> None:
    before = _snapshot()
    with pytest.raises(PermissionDenied):
        import_values((HEADER + GOOD).encode(), "values.csv", actor=outsider)
    assert _snapshot() == before
