"""Exports and commands: the statement as CSV, XLSX and JSON (`gcmhub fund_statement`), IATI 2.03 XML
(`gcmhub export_iati`) valid against the schema, and `gcmhub load_demo`."""

import csv
import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from lxml import etree
from openpyxl import load_workbook

from gcmhub.core.tests.typed import present
from gcmhub.fund import actions, queries
from gcmhub.fund.exports.iati import SCHEMA_DIR, export, validation_errors
from gcmhub.fund.exports.statement import statement_csv, statement_xlsx
from gcmhub.fund.models import Contributor, Fund, JointProgramme, ProgrammeStatus
from gcmhub.fund.tests.conftest import D, advance, day, deposit, make_programme
from gcmhub.results import actions as results
from gcmhub.results.models import Dimension, Framework, Report

REPO = Path(settings.PACKAGE_DIR).parent.parent
SHARED_SCHEMA = REPO.parent / "shared" / "iati-2.03"


@pytest.fixture
def books(fund: Fund, contributor: Contributor) -> JointProgramme:
    deposit(fund, contributor, "1000000.00", "2024-01-10")
    programme = advance(make_programme(fund), "active")
    actions.transfer(
        actor=None, code=programme.code, organization="IOM", amount_usd=D("60000.00"), date=day("2024-02-10")
    )
    actions.report_expenditure(
        actor=None,
        code=programme.code,
        organization="IOM",
        amount_usd=D("45000.00"),
        date=day("2024-06-30"),
        note="=cmd|' /C calc'!A0",
    )
    return programme


def test_statement_csv(fund: Fund, books: JointProgramme) -> None:
    rows = list(csv.reader(io.StringIO(statement_csv(queries.statement(fund, day("2024-12-31"))))))
    assert rows[0] == ["Fund", "MPTF", "Migration MPTF"]
    assert ["Sources of funds", "Contributions from contributors", "1000000.00"] in rows
    assert ["Uses of funds", "Administrative agent fees", "10000.00"] in rows
    assert ["Balance", "Balance with the administrative agent", "930000.00"] in rows
    iom = next(r for r in rows if r and r[0] == "IOM")
    assert iom == ["IOM", "600000.00", "60000.00", "0.00", "60000.00", "45000.00", "15000.00", "0.7500"]


def test_statement_xlsx_has_numbers_and_the_entries(fund: Fund, books: JointProgramme) -> None:
    workbook = load_workbook(io.BytesIO(statement_xlsx(queries.statement(fund, day("2024-12-31")))))
    sheet, entries = workbook.worksheets
    values = {row[1]: row[2] for row in sheet.iter_rows(values_only=True) if len(row) > 2 and row[1]}
    assert values["Contributions from contributors"] == 1000000
    assert values["Administrative agent fees"] == 10000
    rows = list(entries.iter_rows(values_only=True))
    spent = next(r for r in rows if r[0] == "Expenditure reported by participating organizations")
    assert spent[4] == 45000 and spent[7].startswith("'=")  # a note is never run as a formula


def test_the_statement_exports_net_a_reversal(fund: Fund, books: JointProgramme) -> None:
    reverse_expenditure(fund, books)
    statement = queries.statement(fund, day("2024-12-31"))
    rows = list(csv.reader(io.StringIO(statement_csv(statement))))
    iom = next(r for r in rows if r and r[0] == "IOM")
    assert iom == ["IOM", "600000.00", "60000.00", "0.00", "60000.00", "0.00", "60000.00", "0.0000"]
    workbook = load_workbook(io.BytesIO(statement_xlsx(statement)))
    entries = list(workbook.worksheets[1].iter_rows(values_only=True))
    assert entries[0][-1] == "Correction"
    spent = [r for r in entries if r[0] == "Expenditure reported by participating organizations"]
    assert [r[4] for r in spent] == [45000, -45000]
    assert spent[0][-1] == "Reversed on 2024-07-01: Reported twice"
    assert spent[1][-1] == "Reverses the entry of 2024-06-30: Reported twice"
    early = load_workbook(io.BytesIO(statement_xlsx(queries.statement(fund, day("2024-06-30")))))
    spent_then = [r for r in early.worksheets[1].iter_rows(values_only=True) if r[0] == spent[0][0]]
    assert [(r[4], r[-1]) for r in spent_then] == [(45000, None)]


def test_fund_statement_command_json_and_as_of(
    fund: Fund, books: JointProgramme, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("fund_statement", "--fund", fund.code, "--as-of", "2024-01-31", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2024-01-31"
    assert data["sources"]["contributions"] == "1000000.00"
    assert data["uses"]["transfers"] == "0.00"
    assert data["balance"] == "990000.00"
    call_command("fund_statement", "--fund", fund.code)
    text = capsys.readouterr().out
    assert "Balance with the administrative agent" in text and "930000.00" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--fund", "NOPE"], "There is no fund NOPE"),
        (["--fund", "MPTF", "--as-of", "31/12/2024"], "--as-of takes a date"),
    ],
)
def test_fund_statement_command_refuses_bad_input(fund: Fund, args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("fund_statement", *args)


@pytest.fixture
def reported(fund: Fund, books: JointProgramme, fund_manager: User) -> JointProgramme:
    """The programme has a results framework with a disaggregated, approved value and a draft."""
    fund.iati_org_ref = "XI-IATI-TEST"
    fund.save()
    code = present(books.framework).code
    outcome = results.add_result(
        actor=None, framework_code=code, level="outcome", code="1", title="Safer migration"
    )
    indicator = results.add_indicator(
        actor=None,
        result_id=outcome.pk,
        code="1.a",
        title="People reached",
        value_type="number",
        baseline_value="0",
        baseline_date=day("2024-01-01"),
        dimensions=["sex"],
        sdg_code="10.7.2",
    )
    results.set_targets(actor=None, indicator_id=indicator.pk, targets=[{"period": "2024", "value": "100"}])
    report = results.save_report(
        actor=None,
        indicator_id=indicator.pk,
        period="2024",
        submit=True,
        values=[{"value": "80"}, {"disaggregation": {"sex": "female"}, "value": "50"}],
    )
    results.approve_report(actor=None, report_id=report.pk)
    results.save_report(actor=None, indicator_id=indicator.pk, period="2025", values=[{"value": "999"}])
    actions.set_markers(
        actor=None,
        code=books.code,
        markers=[
            {"kind": "gender", "score": 2, "justification": "Gender analysis informs every output."},
        ],
    )
    actions.add_document(
        actor=None,
        code=books.code,
        title="Programme document",
        kind="programme_document",
        url="https://example.org/prodoc.pdf",
        is_public=True,
    )
    return books


def reverse_expenditure(fund: Fund, programme: JointProgramme) -> None:
    actions.reverse_entry(
        actor=None,
        code=fund.code,
        entry_type="programme_entry",
        entry_id=programme.entries.get(kind="expenditure").pk,
        reason="Reported twice",
        date=day("2024-07-01"),
    )


def test_iati_export_is_valid_and_complete(fund: Fund, reported: JointProgramme, tmp_path: Path) -> None:
    concept = make_programme(fund, title="Not for IATI")
    reverse_expenditure(fund, reported)
    out = tmp_path / "iati.xml"
    call_command("export_iati", "--out", str(out))
    xml = out.read_bytes()
    assert validation_errors(xml) == []
    if (SHARED_SCHEMA / "iati-activities-schema.xsd").exists():
        assert validation_errors(xml, SHARED_SCHEMA) == []
    root = etree.fromstring(xml)
    assert root.get("version") == "2.03"
    (activity,) = root.findall("iati-activity")
    assert activity.findtext("iati-identifier") == f"XI-IATI-TEST-{reported.code}"
    assert concept.code not in xml.decode()
    roles = sorted(p.get("role") for p in activity.findall("participating-org"))
    assert roles == ["1", "2", "3", "4", "4"]
    assert activity.find("activity-status").get("code") == "2"
    assert activity.find("recipient-country").get("code") == "MX"
    assert {t.get("vocabulary") + ":" + t.get("code") for t in activity.findall("tag")} == {
        "3:10.7",
        "99:GCM-7",
        "99:GCM-23",
    }
    marker = activity.find("policy-marker")
    assert (marker.get("code"), marker.get("significance"), marker.get("vocabulary")) == ("gender", "2", "99")
    budgets = activity.findall("budget")
    assert sum(D(b.findtext("value")) for b in budgets) == D("1000000.00") and len(budgets) == 2
    transactions = activity.findall("transaction")
    kinds = [t.find("transaction-type").get("code") for t in transactions]
    assert kinds == ["2", "3", "4", "4"]
    reversal = transactions[-1]
    assert reversal.findtext("value") == "-45000.00"
    assert (
        reversal.findtext("description/narrative")
        == "Expenditure reversed (entry of 2024-06-30): Reported twice"
    )
    assert activity.find("document-link").get("url") == "https://example.org/prodoc.pdf"
    indicator = activity.find("result/indicator")
    assert indicator.get("measure") == "1" and indicator.get("ascending") == "true"
    assert indicator.find("reference").get("code") == "10.7.2"
    assert indicator.find("baseline").get("year") == "2024"
    (period,) = indicator.findall("period")  # the 2025 draft is not exported
    assert period.find("target").get("value") == "100"
    actuals = {
        a.get("value"): [(d.get("name"), d.get("value")) for d in a.findall("dimension")]
        for a in period.findall("actual")
    }
    assert actuals == {"80": [], "50": [("sex", "female")]}


def test_iati_export_needs_an_identifier_and_a_programme(
    fund: Fund, books: JointProgramme, tmp_path: Path
) -> None:
    with pytest.raises(CommandError, match="IATI organisation identifier"):
        call_command("export_iati", "--out", str(tmp_path / "x.xml"))
    assert not (tmp_path / "x.xml").exists()
    JointProgramme.objects.update(status=ProgrammeStatus.CONCEPT_NOTE)
    with pytest.raises(CommandError, match="no approved programme"):
        call_command("export_iati", "--out", str(tmp_path / "x.xml"))


def test_the_shipped_schema_is_the_shared_one() -> None:
    for name in ("iati-activities-schema.xsd", "iati-common.xsd", "xml.xsd", "LICENSE"):
        assert (SCHEMA_DIR / name).exists(), name
        if (SHARED_SCHEMA / name).exists():
            assert (SCHEMA_DIR / name).read_bytes() == (SHARED_SCHEMA / name).read_bytes()


def test_an_invalid_document_is_reported() -> None:
    errors = validation_errors(b'<iati-activities version="2.03"><iati-activity/></iati-activities>')
    assert errors and "iati-identifier" in " ".join(errors)


def test_load_demo_is_labelled_and_idempotent(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("load_demo")
    assert "Loaded the sample fund DEMO" in capsys.readouterr().out
    fund = Fund.objects.get(code="DEMO")
    assert "sample" in fund.name.lower() and "invented" in fund.description
    programmes = JointProgramme.objects.filter(fund=fund)
    assert all(p.title.startswith("Sample data:") for p in programmes)
    assert set(programmes.values_list("status", flat=True)) == set(ProgrammeStatus.values)
    assert {d.currency for d in fund.deposits.all()} >= {"EUR", "GBP", "SEK", "USD", "CHF"}
    assert Report.objects.filter(status="approved").count() >= 4
    assert Framework.objects.filter(code="workplan").exists()
    counts = (programmes.count(), fund.deposits.count(), Report.objects.count())
    statement = queries.statement(fund)
    assert statement.available >= 0 and statement.balance >= 0
    call_command("load_demo")
    assert "already loaded" in capsys.readouterr().out
    assert (programmes.count(), fund.deposits.count(), Report.objects.count()) == counts
    assert export(fund).startswith(b"<?xml")


def test_load_demo_restores_the_dimensions_it_uses(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    Dimension.objects.all().delete()
    call_command("load_demo")
    assert "Loaded the sample fund DEMO" in capsys.readouterr().out
    assert {"sex", "migratory-status"} <= set(Dimension.objects.values_list("slug", flat=True))


def test_create_fund_command(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    call_command(
        "create_fund", "--code", "mmptf", "--name", "Migration MPTF", "--agent", "MPTFO", "--published"
    )
    assert "Created fund MMPTF with 5 thematic areas" in capsys.readouterr().out
    fund = Fund.objects.get(code="MMPTF")
    assert (
        fund.is_published
        and present(fund.administrative_agent).acronym == "MPTFO"
        and present(fund.framework).kind == "fund"
    )
    with pytest.raises(CommandError, match="already a fund"):
        call_command("create_fund", "--code", "MMPTF", "--name", "Again")
    with pytest.raises(CommandError, match="between 0 and 1"):
        call_command("create_fund", "--code", "OTHER", "--name", "Bad rate", "--fee-rate", "5")
    assert Fund.objects.count() == 1
