"""Spreadsheets downloaded in Arabic are right-to-left sheets (column A on the right, as Arabic readers
expect); in the other languages they stay left to right."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from gcmhub.fund import actions as fund_actions
from gcmhub.reporting.opendata.writers import Column, Table, write_xlsx

pytestmark = pytest.mark.django_db

DIRECTIONS = [("ar", True), ("en", False), ("zh-hans", False)]


def directions(content: bytes) -> list[bool]:
    return [bool(sheet.sheet_view.rightToLeft) for sheet in load_workbook(io.BytesIO(content)).worksheets]


@pytest.mark.parametrize(("language", "rtl"), DIRECTIONS)
def test_the_fund_statement_sheets_follow_the_language(client: Client, language: str, rtl: bool) -> None:
    fund_actions.create_fund(
        actor=None, code="MPTF", name="Migration MPTF", administrative_agent="MPTFO", is_published=True
    )
    with translation.override(language):
        url = reverse("fund:statement_xlsx", args=["MPTF"])
    response = client.get(url)
    assert response.status_code == 200
    assert directions(b"".join(response)) == [rtl, rtl]


@pytest.mark.parametrize(("language", "rtl"), DIRECTIONS)
def test_open_data_sheets_follow_the_language(language: str, rtl: bool) -> None:
    table = Table(
        name="objectives",
        columns=[Column("number", "integer", "GCM objective number")],
        rows=[{"number": 1}],
        meta={"name": "objectives"},
    )
    out = io.BytesIO()
    with translation.override(language):
        write_xlsx(table, out)
    assert directions(out.getvalue()) == [rtl, rtl, rtl]
