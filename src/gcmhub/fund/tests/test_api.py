"""The fund API: public reads show only published funds and approved programmes; every write is refused to
anonymous clients (401) and outsiders (403/404) and changes nothing; fund managers write the books; focal
points report their own organization's expenditure."""

import json
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse
from django.test import Client

from gcmhub.fund import actions
from gcmhub.fund.models import (
    Allocation,
    Commitment,
    Contributor,
    Deposit,
    Fund,
    FundEntry,
    JointProgramme,
    Marker,
    ProgrammeDocument,
    ProgrammeEntry,
    SteeringCommitteeDecision,
)
from gcmhub.fund.tests.conftest import D, SignIn, advance, day, deposit, make_programme

API = "/api/v1/fund"


def state() -> tuple[Any, ...]:
    models = (
        Fund,
        Contributor,
        Commitment,
        Deposit,
        FundEntry,
        JointProgramme,
        Allocation,
        ProgrammeEntry,
        Marker,
        SteeringCommitteeDecision,
        ProgrammeDocument,
    )
    statuses = tuple(JointProgramme.objects.order_by("pk").values_list("status", flat=True))
    return (*(m.objects.count() for m in models), statuses, LogEntry.objects.count())


def call(client: Client, method: str, path: str, body: Any = None) -> Any:
    kwargs = {"data": json.dumps(body), "content_type": "application/json"} if body is not None else {}
    return getattr(client, method)(API + path, **kwargs)


@pytest.fixture
def books(fund: Fund, contributor: Contributor) -> JointProgramme:
    deposit(fund, contributor, "500000.00", "2024-01-10")
    programme = advance(make_programme(fund), "active")
    actions.transfer(
        actor=None, code=programme.code, organization="IOM", amount_usd=D("50000.00"), date=day("2024-02-05")
    )
    return programme


def writes(fund: Fund, programme: JointProgramme, contributor: Contributor) -> list[tuple[str, str, Any]]:
    code, pcode = fund.code, programme.code
    return [
        ("post", "/funds", {"code": "NEWFUND", "name": "New"}),
        ("patch", f"/funds/{code}", {"name": "Renamed"}),
        ("post", f"/funds/{code}/targets", {"target_date": "2027-12-31", "amount_usd": "1000.00"}),
        ("post", "/contributors", {"name": "Someone", "kind": "government"}),
        (
            "post",
            f"/funds/{code}/commitments",
            {
                "contributor_id": contributor.pk,
                "signed_on": "2024-01-01",
                "currency": "USD",
                "amount": "10.00",
                "rate_to_usd": "1",
            },
        ),
        (
            "post",
            f"/funds/{code}/deposits",
            {
                "contributor_id": contributor.pk,
                "received_on": "2024-01-01",
                "currency": "USD",
                "amount": "10.00",
                "rate_to_usd": "1",
            },
        ),
        ("post", f"/funds/{code}/entries", {"kind": "interest", "date": "2024-01-01", "amount_usd": "1.00"}),
        (
            "post",
            f"/funds/{code}/ledger/programme_entry/{programme.entries.get().pk}/reversal",
            {"reason": "Booked twice"},
        ),
        (
            "post",
            "/programmes",
            {
                "fund": code,
                "title": "X",
                "level": "global",
                "thematic_area": 1,
                "objectives": [1],
                "participants": [{"organization": "IOM", "budget_usd": "1.00"}],
            },
        ),
        ("patch", f"/programmes/{pcode}", {"title": "Changed"}),
        ("post", f"/programmes/{pcode}/status", {"status": "operationally_closed"}),
        ("put", f"/programmes/{pcode}/markers", [{"kind": "gender", "score": 2, "justification": "x"}]),
        ("post", f"/programmes/{pcode}/decisions", {"date": "2024-05-01", "decision": "Noted"}),
        ("post", f"/programmes/{pcode}/extensions", {"new_end": "2027-01-01", "date": "2024-05-01"}),
        ("post", f"/programmes/{pcode}/allocations", {"amount_usd": "1.00", "date": "2024-05-01"}),
        (
            "post",
            f"/programmes/{pcode}/transfers",
            {"organization": "IOM", "amount_usd": "1.00", "date": "2024-05-01"},
        ),
        (
            "post",
            f"/programmes/{pcode}/refunds",
            {"organization": "IOM", "amount_usd": "1.00", "date": "2024-05-01"},
        ),
        (
            "post",
            f"/programmes/{pcode}/expenditures",
            {"organization": "IOM", "amount_usd": "1.00", "date": "2024-05-01"},
        ),
    ]


def test_anonymous_clients_cannot_write(fund: Fund, books: JointProgramme, contributor: Contributor) -> None:
    client = Client()
    before = state()
    for method, path, body in writes(fund, books, contributor):
        response = call(client, method, path, body)
        assert response.status_code == 401, (method, path, response.content)
        assert response["Content-Type"] == "application/problem+json"
    response = Client().post(
        f"{API}/programmes/{books.code}/documents", {"title": "x", "kind": "other", "url": "https://e.org"}
    )
    assert response.status_code == 401
    assert state() == before


@pytest.mark.parametrize("persona", ["outsider", "other_focal_point", "member_state", "reviewer"])
def test_others_cannot_write(
    request: pytest.FixtureRequest,
    login: SignIn,
    fund: Fund,
    books: JointProgramme,
    contributor: Contributor,
    persona: str,
) -> None:
    client = login(request.getfixturevalue(persona))
    before = state()
    for method, path, body in writes(fund, books, contributor):
        response = call(client, method, path, body)
        assert response.status_code in (403, 404), (
            persona,
            method,
            path,
            response.status_code,
            response.content,
        )
    response = client.post(
        f"{API}/programmes/{books.code}/documents", {"title": "x", "kind": "other", "url": "https://e.org"}
    )
    assert response.status_code == 403
    assert state() == before


def test_a_focal_point_reports_only_its_own_expenditure(
    login: SignIn, fund: Fund, books: JointProgramme, focal_point: User
) -> None:
    client = login(focal_point)
    path = f"/programmes/{books.code}/expenditures"
    ok = call(client, "post", path, {"organization": "IOM", "amount_usd": "1234.56", "date": "2024-05-01"})
    assert ok.status_code == 201, ok.content
    assert ok.json()["amount_usd"] == "1234.56"
    before = state()
    refused = call(
        client, "post", path, {"organization": "UNHCR", "amount_usd": "1.00", "date": "2024-05-01"}
    )
    assert refused.status_code == 403
    for method, path2, body in (
        (
            "post",
            f"/programmes/{books.code}/transfers",
            {"organization": "IOM", "amount_usd": "1.00", "date": "2024-05-01"},
        ),
        ("post", f"/programmes/{books.code}/allocations", {"amount_usd": "1.00", "date": "2024-05-01"}),
        (
            "post",
            f"/funds/{fund.code}/entries",
            {"kind": "interest", "date": "2024-01-01", "amount_usd": "1.00"},
        ),
    ):
        assert call(client, method, path2, body).status_code == 403
    assert state() == before


def test_a_fund_manager_writes_the_books_with_a_token(
    fund: Fund, contributor: Contributor, fund_manager: User
) -> None:
    from gcmhub.accounts.actions import create_api_token

    _token, raw = create_api_token(actor=fund_manager, name="books")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    made = call(
        client,
        "post",
        f"/funds/{fund.code}/deposits",
        {
            "contributor_id": contributor.pk,
            "received_on": "2024-01-10",
            "currency": "EUR",
            "amount": "1000000.00",
            "rate_to_usd": "1.0850",
        },
    )
    assert made.status_code == 201, made.content
    assert made.json()["amount_usd"] == "1085000.00" and made.json()["fee_usd"] == "10850.00"
    programme = advance(make_programme(fund), "approved")
    allocated = call(
        client,
        "post",
        f"/programmes/{programme.code}/allocations",
        {"amount_usd": "250000.00", "date": "2024-02-01"},
    )
    assert allocated.status_code == 201 and allocated.json()["status"] == "funded"
    too_much = call(
        client,
        "post",
        f"/programmes/{programme.code}/transfers",
        {"organization": "UNHCR", "amount_usd": "400000.01", "date": "2024-02-02"},
    )
    assert too_much.status_code == 422 and too_much.json()["type"] == "about:blank#exceeds_budget"
    assert Deposit.objects.get().recorded_by == fund_manager
    assert LogEntry.objects.get_for_object(Deposit.objects.get()).get().actor == fund_manager


def test_malformed_input_is_a_clear_422(
    login: SignIn, fund: Fund, fund_manager: User, contributor: Contributor
) -> None:
    client = login(fund_manager)
    before = state()
    for body in (
        {
            "contributor_id": contributor.pk,
            "received_on": "yesterday",
            "currency": "USD",
            "amount": "1",
            "rate_to_usd": "1",
        },
        {
            "contributor_id": contributor.pk,
            "received_on": "2024-01-01",
            "currency": "USD",
            "amount": "lots",
            "rate_to_usd": "1",
        },
        {
            "contributor_id": contributor.pk,
            "received_on": "2024-01-01",
            "currency": "USD",
            "amount": "1.001",
            "rate_to_usd": "1",
        },
        {
            "contributor_id": 999999,
            "received_on": "2024-01-01",
            "currency": "USD",
            "amount": "1",
            "rate_to_usd": "1",
        },
    ):
        response = call(client, "post", f"/funds/{fund.code}/deposits", body)
        assert response.status_code == 422, response.content
    bad_json = client.post(
        f"{API}/funds/{fund.code}/deposits", data="{not json", content_type="application/json"
    )
    assert 400 <= bad_json.status_code < 500
    assert state() == before


def test_the_public_reads_only_published_and_approved(
    fund: Fund, books: JointProgramme, contributor: Contributor
) -> None:
    hidden_fund = actions.create_fund(actor=None, code="HIDDEN", name="Not yet published")
    concept = make_programme(fund, title="Still a concept note")
    client = Client()
    codes = [f["code"] for f in client.get(f"{API}/funds").json()["items"]]
    assert codes == [fund.code]
    assert client.get(f"{API}/funds/{hidden_fund.code}").status_code == 404
    assert client.get(f"{API}/funds/{hidden_fund.code}/statement").status_code == 404
    listed = [p["code"] for p in client.get(f"{API}/programmes").json()["items"]]
    assert listed == [books.code]
    assert client.get(f"{API}/programmes/{concept.code}").status_code == 404
    assert client.get(f"{API}/programmes/{concept.code}/finance").status_code == 404


def test_the_statement_api_gives_exact_figures_and_entries(fund: Fund, books: JointProgramme) -> None:
    client = Client()
    body = client.get(f"{API}/funds/{fund.code}/statement?as_of=2024-12-31").json()
    assert body["sources"] == {"contributions": "500000.00", "interest": "0.00"}
    assert body["uses"]["transfers"] == "50000.00" and body["uses"]["admin_fee"] == "5000.00"
    assert body["balance"] == "445000.00" and body["available"] == "395000.00"
    (iom,) = [o for o in body["organizations"] if o["organization"] == "IOM"]
    assert iom["transfers"] == "50000.00" and iom["delivery_rate"] == "0.0000"
    entries = client.get(f"{API}/funds/{fund.code}/statement/entries?line=admin_fee&as_of=2024-12-31").json()
    assert entries["count"] == 1 and entries["items"][0]["amount"] == "5000.00"
    assert client.get(f"{API}/funds/{fund.code}/statement/entries?line=nonsense").status_code == 422
    assert client.get(f"{API}/funds/{fund.code}/statement?as_of=31-12-2024").status_code == 422
    early = client.get(f"{API}/funds/{fund.code}/statement?as_of=2024-01-09").json()
    assert early["total_sources"] == "0.00"


def test_balances_and_finance_api(fund: Fund, books: JointProgramme) -> None:
    client = Client()
    balances = client.get(f"{API}/funds/{fund.code}/balances?as_of=2024-12-31").json()
    area2 = next(a for a in balances["by_thematic_area"] if a["number"] == 2)
    assert area2["allocated"] == "100000.00" and area2["even_amount"] == "20000.00"
    assert balances["by_country"][0]["iso3"] == "MEX"
    finance = client.get(f"{API}/programmes/{books.code}/finance").json()
    assert finance["budget"] == "1000000.00" and finance["allocated"] == "100000.00"


def test_documents_are_checked_and_private_ones_hidden(
    login: SignIn, fund: Fund, books: JointProgramme, focal_point: User
) -> None:
    client = login(focal_point)
    path = f"{API}/programmes/{books.code}/documents"
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.7 a tiny test file", content_type="application/pdf")
    made = client.post(path, {"title": "Programme document", "kind": "programme_document", "file": pdf})
    assert made.status_code == 201, made.content
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    assert client.post(path, {"title": "Fake", "kind": "other", "file": fake}).status_code == 422
    exe = SimpleUploadedFile("tool.exe", b"MZ", content_type="application/octet-stream")
    assert client.post(path, {"title": "Tool", "kind": "other", "file": exe}).status_code == 422
    assert client.post(path, {"title": "Both", "kind": "other"}).status_code == 422
    assert ProgrammeDocument.objects.count() == 1
    public = Client().get(path).json()
    assert public == []
    document = ProgrammeDocument.objects.get()
    assert Client().get(f"/fund/documents/{document.pk}/").status_code == 404
    download = client.get(f"/fund/documents/{document.pk}/")
    assert isinstance(download, StreamingHttpResponse)  # a file is streamed, not held in memory
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")


def test_iati_api_returns_valid_xml(fund: Fund, books: JointProgramme) -> None:
    fund.iati_org_ref = "XI-IATI-TEST"
    fund.save()
    response = Client().get(f"{API}/funds/{fund.code}/iati.xml")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    assert b"<iati-identifier>XI-IATI-TEST-" in response.content


def test_the_programme_list_takes_a_fixed_number_of_queries(fund: Fund, contributor: Contributor) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    deposit(fund, contributor, "5000000.00", "2024-01-10")
    client = Client()

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"{API}/programmes").status_code == 200
        return len(captured.captured_queries)

    advance(make_programme(fund, title="One"), "approved")
    few = queries_for_list()
    for title in ("Two", "Three", "Four"):
        advance(make_programme(fund, title=title), "approved")
    assert queries_for_list() == few


def test_a_misspelt_document_field_is_refused_and_attaches_nothing(
    login: SignIn, fund: Fund, books: JointProgramme, focal_point: User
) -> None:
    client = login(focal_point)
    path = f"{API}/programmes/{books.code}/documents"
    form = {"title": "Annual report", "kind": "other", "url": "https://example.org/report"}
    refused = client.post(path, {**form, "is_publc": "true"})
    assert refused.status_code == 422 and refused["Content-Type"] == "application/problem+json"
    assert refused.json()["detail"] == (
        "Unknown field: is_publc. Check its spelling against the API documentation."
    )
    assert [e["loc"] for e in refused.json()["errors"]] == [["form", "is_publc"]]
    assert not ProgrammeDocument.objects.exists()
    # Spelt right, the same form attaches a public document.
    made = client.post(path, {**form, "is_public": "true"})
    assert made.status_code == 201, made.content
    assert ProgrammeDocument.objects.get().is_public is True
