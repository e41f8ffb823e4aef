"""Fund pages: what the public sees, and every write page refused to anonymous visitors (login) and outsiders
(403/404) with nothing changed; fund managers and focal points use the forms; bad input is a 4xx."""

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gcmhub.fund import actions
from gcmhub.fund.models import Contributor, Deposit, Fund, JointProgramme, ProgrammeEntry
from gcmhub.fund.tests.conftest import D, SignIn, advance, day, deposit, make_programme
from gcmhub.fund.tests.test_api import state


@pytest.fixture
def books(fund: Fund, contributor: Contributor) -> JointProgramme:
    deposit(fund, contributor, "500000.00", "2024-01-10")
    programme = advance(make_programme(fund), "active")
    actions.transfer(
        actor=None, code=programme.code, organization="IOM", amount_usd=D("50000.00"), date=day("2024-02-05")
    )
    return programme


def write_pages(fund: Any, programme: JointProgramme) -> list[str]:
    pages = [
        "books",
        "deposit_new",
        "commitment_new",
        "entry_new",
        "target_new",
        "contributor_new",
        "programme_new",
    ]
    per_programme = [
        "programme_edit",
        "programme_status",
        "programme_allocate",
        "programme_transfer",
        "programme_refund",
        "programme_expenditure",
        "programme_markers",
        "programme_document_new",
        "programme_decision",
        "programme_extend",
    ]
    reversal = reverse("fund:entry_reverse", args=[fund.code, "programme_entry", programme.entries.get().pk])
    return (
        [reverse(f"fund:{name}", args=[fund.code]) for name in pages]
        + [reverse(f"fund:{name}", args=[programme.code]) for name in per_programme]
        + [reversal]
    )


def test_public_pages_show_the_published_fund(fund: Fund, books: JointProgramme) -> None:
    client = Client()
    for name, args in (
        ("index", []),
        ("dashboard", [fund.code]),
        ("statement", [fund.code]),
        ("programmes", [fund.code]),
        ("programme", [books.code]),
    ):
        response = client.get(reverse(f"fund:{name}", args=args))
        assert response.status_code == 200, name
    statement = client.get(reverse("fund:statement", args=[fund.code]) + "?as_of=2024-12-31").content.decode()
    assert "500,000.00" in statement and "5,000.00" in statement  # contributions and the 1% fee
    entries = client.get(reverse("fund:entries", args=[fund.code]) + "?line=transfers&organization=IOM")
    assert entries.status_code == 200 and "50,000.00" in entries.content.decode()
    dashboard = client.get(reverse("fund:dashboard", args=[fund.code])).content.decode()
    assert "Allocations by thematic area" in dashboard and "<svg" in dashboard


def test_drafts_and_unpublished_funds_stay_hidden(fund: Fund, books: JointProgramme) -> None:
    hidden = actions.create_fund(actor=None, code="HIDDEN", name="Not published")
    concept = make_programme(fund, title="Secret concept")
    client = Client()
    assert client.get(reverse("fund:dashboard", args=[hidden.code])).status_code == 404
    assert client.get(reverse("fund:programme", args=[concept.code])).status_code == 404
    listing = client.get(reverse("fund:programmes", args=[fund.code])).content.decode()
    assert "Secret concept" not in listing and books.title in listing
    assert "Not published" not in client.get(reverse("fund:index")).content.decode()


def test_bad_queries_are_a_clear_4xx(fund: Fund, books: JointProgramme) -> None:
    client = Client()
    assert client.get(reverse("fund:dashboard", args=[fund.code]) + "?as_of=yesterday").status_code == 422
    assert client.get(reverse("fund:entries", args=[fund.code]) + "?line=nothing").status_code == 422
    assert (
        client.get(
            reverse("fund:entries", args=[fund.code]) + "?line=transfers&organization=NOPE"
        ).status_code
        == 404
    )


def test_anonymous_visitors_are_sent_to_sign_in(fund: Fund, books: JointProgramme) -> None:
    client = Client()
    before = state()
    for url in write_pages(fund, books):
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"amount_usd": "1.00"})
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], (method, url)
    assert state() == before


@pytest.mark.parametrize("persona", ["outsider", "other_focal_point"])
def test_others_are_refused_and_nothing_changes(
    request: pytest.FixtureRequest, login: SignIn, fund: Fund, books: JointProgramme, persona: str
) -> None:
    client = login(request.getfixturevalue(persona))
    before = state()
    allowed_to_open = {reverse("fund:programme_new", args=[fund.code])}  # anyone signed in may start one
    for url in write_pages(fund, books):
        if url in allowed_to_open:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(
                url, {"amount_usd": "1.00", "organization": "IOM", "date": "2024-05-01"}
            )
            assert response.status_code in (403, 404), (persona, method, url, response.status_code)
    response = client.post(
        reverse("fund:programme_new", args=[fund.code]),
        {
            "title": "Not mine",
            "level": "global",
            "thematic_area": "1",
            "objectives": ["1"],
            "participants-TOTAL_FORMS": "1",
            "participants-INITIAL_FORMS": "0",
            "participants-0-organization": "IOM",
            "participants-0-budget_usd": "10.00",
            "partners-TOTAL_FORMS": "0",
            "partners-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 403
    assert state() == before


def test_a_fund_manager_records_a_deposit(
    login: SignIn, fund: Fund, contributor: Contributor, fund_manager: User
) -> None:
    client = login(fund_manager)
    url = reverse("fund:deposit_new", args=[fund.code])
    assert client.get(url).status_code == 200
    bad = client.post(
        url,
        {
            "contributor": contributor.pk,
            "currency": "EUR",
            "amount": "abc",
            "rate_to_usd": "1.1",
            "received_on": "2024-01-10",
        },
    )
    assert bad.status_code == 422 and not Deposit.objects.exists()
    refused = client.post(
        url,
        {
            "contributor": contributor.pk,
            "currency": "USD",
            "amount": "10.00",
            "rate_to_usd": "2",
            "received_on": "2024-01-10",
        },
    )
    assert refused.status_code == 422 and "exchange rate of 1" in refused.content.decode()
    assert not Deposit.objects.exists()
    entered = {
        "contributor": contributor.pk,
        "currency": "EUR",
        "amount": "1000.00",
        "rate_to_usd": "1.1",
        "received_on": "2024-01-10",
    }
    preview = client.post(url, entered)
    assert preview.status_code == 200 and "1,100.00 USD" in preview.content.decode()
    assert not Deposit.objects.exists()
    done = client.post(url, {**entered, "save": "1", "previewed_usd": "1100.00"})
    assert done.status_code == 302
    assert Deposit.objects.get().amount_usd == D("1100.00")


def test_a_rule_violation_on_a_page_writes_nothing(
    login: SignIn, fund: Fund, books: JointProgramme, fund_manager: User
) -> None:
    client = login(fund_manager)
    before = state()
    response = client.post(
        reverse("fund:programme_transfer", args=[books.code]),
        {"organization": "IOM", "amount_usd": "600000.00", "date": "2024-05-01"},
    )
    assert response.status_code == 422
    assert "approved budget" in response.content.decode()
    assert state() == before


def test_a_focal_point_reports_expenditure_and_submits_a_concept_note(
    login: SignIn, fund: Fund, books: JointProgramme, focal_point: User
) -> None:
    client = login(focal_point)
    page = client.get(reverse("fund:programme", args=[books.code])).content.decode()
    assert reverse("fund:programme_expenditure", args=[books.code]) in page
    assert reverse("fund:programme_transfer", args=[books.code]) not in page
    response = client.post(
        reverse("fund:programme_expenditure", args=[books.code]),
        {"organization": "IOM", "amount_usd": "1000.00", "date": "2024-05-01"},
    )
    assert response.status_code == 302
    assert ProgrammeEntry.objects.get(kind="expenditure").amount_usd == D("1000.00")
    response = client.post(
        reverse("fund:programme_new", args=[fund.code]),
        {
            "title": "Our concept",
            "level": "national",
            "countries": ["GTM"],
            "thematic_area": "3",
            "objectives": ["21"],
            "secondary_objectives": ["7"],
            "guiding_principles": [],
            "participants-TOTAL_FORMS": "2",
            "participants-INITIAL_FORMS": "0",
            "participants-0-organization": "IOM",
            "participants-0-budget_usd": "321000.00",
            "participants-0-is_convening": "on",
            "participants-1-organization": "",
            "participants-1-budget_usd": "",
            "partners-TOTAL_FORMS": "1",
            "partners-INITIAL_FORMS": "0",
            "partners-0-kind": "civil_society",
            "partners-0-name": "A migrant association",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    made = JointProgramme.objects.get(title="Our concept")
    assert made.status == "concept_note" and made.partners.get().name == "A migrant association"
    assert client.get(reverse("fund:programme", args=[made.code])).status_code == 200


def test_every_write_page_opens_for_a_fund_manager(
    login: SignIn, fund: Fund, books: JointProgramme, fund_manager: User
) -> None:
    client = login(fund_manager)
    for url in write_pages(fund, books):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "<form" in response.content.decode() or "books" in url
    edit = client.get(reverse("fund:programme_edit", args=[books.code])).content.decode()
    assert books.title in edit and 'value="600000.00"' in edit
