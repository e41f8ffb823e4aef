"""A clearly labelled sample fund so a fresh installation has something to show: contributors, deposits in
several currencies, programmes in every status, results with a few periods. Every figure is invented. It is
written through the same actions as real data, so every rule and audit trail applies."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from gcmhub.fund import actions
from gcmhub.fund.models import Fund, JointProgramme, ProgrammeStatus
from gcmhub.reference.models import Country, Organization
from gcmhub.results import actions as results
from gcmhub.results.dimensions import ensure_default_dimensions
from gcmhub.results.models import Category, Dimension

CODE = "DEMO"
LABEL = "Sample data"
D = Decimal
S = ProgrammeStatus


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def _countries(*codes: str) -> list[str]:
    return list(Country.objects.filter(iso3__in=codes).values_list("iso3", flat=True))


def _participants(*pairs: tuple[str, str]) -> list[dict[str, Any]]:
    known = set(Organization.objects.values_list("acronym", flat=True))
    return [{"organization": a, "budget_usd": D(b)} for a, b in pairs if a in known]


CONTRIBUTORS = [
    ("Sample government A", "government"),
    ("Sample government B", "government"),
    ("Sample government C", "government"),
    ("Sample foundation", "foundation"),
    ("Sample private-sector partner", "private_sector"),
]
# (contributor, signed, currency, amount, rate, [(received, amount, rate)], earmarked area)
MONEY = [
    (
        0,
        "2023-02-01",
        "EUR",
        "6000000.00",
        "1.08",
        [("2023-02-20", "3000000.00", "1.07"), ("2024-02-15", "3000000.00", "1.09")],
        None,
    ),
    (1, "2023-03-10", "GBP", "2500000.00", "1.22", [("2023-04-03", "2500000.00", "1.24")], None),
    (
        2,
        "2023-06-01",
        "SEK",
        "20000000.00",
        "0.094",
        [("2023-07-01", "10000000.00", "0.0925"), ("2024-07-01", "10000000.00", "0.0951")],
        2,
    ),
    (3, "2024-01-15", "USD", "1500000.00", "1", [("2024-02-01", "1000000.00", "1")], 5),
    (4, "2024-05-01", "CHF", "400000.00", "1.10", [("2024-05-20", "400000.00", "1.11")], None),
]
# (title, level, countries, area, primary, secondary, participants, status, markers)
PROGRAMMES = [
    (
        "Data for evidence-based migration policy",
        "regional",
        ("ECU", "COL", "PER"),
        1,
        [1],
        [17, 23],
        (("IOM", "900000.00"), ("UNHCR", "600000.00")),
        S.ACTIVE,
        (2, 2, 1),
    ),
    (
        "Safe and dignified return and reintegration",
        "national",
        ("GTM",),
        3,
        [21],
        [7],
        (("IOM", "1200000.00"), ("UNICEF", "500000.00")),
        S.ACTIVE,
        (2, 3, 3),
    ),
    (
        "Fair recruitment corridors",
        "regional",
        ("BGD", "NPL", "JOR"),
        4,
        [6],
        [18, 19],
        (("ILO", "800000.00"), ("IOM", "700000.00")),
        S.FUNDED,
        (2, 2, 0),
    ),
    (
        "Alternatives to immigration detention",
        "national",
        ("MEX",),
        2,
        [13],
        [7],
        (("UNHCR", "700000.00"), ("UNICEF", "600000.00"), ("OHCHR", "200000.00")),
        S.OPERATIONALLY_CLOSED,
        (2, 3, 3),
    ),
    (
        "Missing migrants coordination",
        "global",
        (),
        2,
        [8],
        [23],
        (("IOM", "500000.00"), ("OHCHR", "300000.00")),
        S.FINANCIALLY_CLOSED,
        (1, 3, 1),
    ),
    (
        "Portability of social protection",
        "regional",
        ("SEN", "MAR"),
        5,
        [22],
        [15],
        (("ILO", "900000.00"), ("UNDP", "400000.00")),
        S.APPROVED,
        (2, 2, 1),
    ),
    (
        "Inclusive local services for migrants",
        "national",
        ("SLV",),
        5,
        [15],
        [16],
        (("UNDP", "600000.00"), ("WHO", "400000.00")),
        S.UNDER_REVIEW,
        (3, 2, 2),
    ),
    (
        "Counter-trafficking case management",
        "national",
        ("NGA",),
        3,
        [10],
        [9],
        (("UNODC", "700000.00"), ("IOM", "300000.00")),
        S.CONCEPT_NOTE,
        (2, 3, 2),
    ),
    (
        "Regional remittance platform",
        "regional",
        ("PHL", "IDN"),
        4,
        [20],
        [],
        (("UNDP", "500000.00"),),
        S.REJECTED,
        (1, 1, 0),
    ),
    (
        "Climate mobility pilot",
        "national",
        ("ETH",),
        2,
        [2],
        [23],
        (("IOM", "400000.00"), ("UNEP", "200000.00")),
        S.WITHDRAWN,
        (1, 1, 1),
    ),
]
PATH = [S.UNDER_REVIEW, S.APPROVED, S.FUNDED, S.ACTIVE, S.OPERATIONALLY_CLOSED, S.FINANCIALLY_CLOSED]
JUSTIFICATION = "Sample justification: the design and budget address this dimension as scored."


def _advance(programme: JointProgramme, target: str, allocation: Decimal, first_day: str) -> None:
    if target in (S.REJECTED, S.WITHDRAWN):
        if target == S.REJECTED:
            actions.change_status(actor=None, code=programme.code, status=S.UNDER_REVIEW)
        actions.change_status(actor=None, code=programme.code, status=target, note=f"{LABEL}: {target}.")
        return
    for status in PATH:
        if programme.status == target:
            return
        if status == S.FUNDED:
            actions.allocate(
                actor=None,
                code=programme.code,
                amount_usd=allocation,
                date=day(first_day),
                decision=f"{LABEL}: allocation.",
                rationale="Sample rationale.",
            )
        elif status == S.FINANCIALLY_CLOSED:
            _close_books(programme)
            actions.change_status(actor=None, code=programme.code, status=status)
        else:
            actions.change_status(actor=None, code=programme.code, status=status, date=day(first_day))
        programme.refresh_from_db()
        if status == S.FUNDED:
            _transfer_all(programme, first_day)


def _transfer_all(programme: JointProgramme, first_day: str) -> None:
    for participant in programme.participants.select_related("organization"):
        actions.transfer(
            actor=None,
            code=programme.code,
            organization=participant.organization.acronym,
            amount_usd=participant.budget_usd,
            date=day(first_day) + datetime.timedelta(days=10),
        )


def _spend(programme: JointProgramme, share: str, on: str) -> None:
    for participant in programme.participants.select_related("organization"):
        amount = (participant.budget_usd * D(share)).quantize(D("0.01"))
        actions.report_expenditure(
            actor=None,
            code=programme.code,
            organization=participant.organization.acronym,
            amount_usd=amount,
            date=day(on),
            note=f"{LABEL}: expenditure.",
        )


def _close_books(programme: JointProgramme) -> None:
    """Spend most of what was transferred and refund the rest, so the books can close."""
    from gcmhub.fund.queries import programme_finance

    _spend(programme, "0.92", "2025-09-01")
    for row in programme_finance(programme).organizations:
        if row.balance > 0:
            actions.refund(
                actor=None,
                code=programme.code,
                # a programme's finance rows each name their organization.
                organization=row.organization.acronym,  # type: ignore[union-attr]
                amount_usd=row.balance,
                date=day("2025-10-01"),
                note=f"{LABEL}: unspent balance.",
            )


def _results(fund: Fund, programmes: list[JointProgramme]) -> None:
    fund_outcome = results.add_result(
        actor=None,
        framework_code=fund.code,
        level="outcome",
        code="1",
        title="Migrants benefit from safer, more orderly and regular migration",
    )
    people = results.add_indicator(
        actor=None,
        result_id=fund_outcome.pk,
        code="F1.1",
        title="Number of migrants reached by joint programmes",
        value_type="number",
        unit="people",
        baseline_value="0",
        baseline_date=day("2023-01-01"),
        dimensions=["sex", "migratory-status"],
        aggregation="sum",
        sdg_code="10.7.2",
        means_of_verification="Programme reports verified by the secretariat.",
    )
    results.set_targets(
        actor=None,
        indicator_id=people.pk,
        targets=[
            {"period": "2024", "value": "20000"},
            {"period": "2025", "value": "30000"},
        ],
    )
    policies = results.add_indicator(
        actor=None,
        result_id=fund_outcome.pk,
        code="F1.2",
        title="Share of supported countries with a GCM-aligned policy",
        value_type="percentage",
        unit="%",
        baseline_value="10",
        baseline_date=day("2023-01-01"),
        aggregation="latest",
    )
    results.set_targets(actor=None, indicator_id=policies.pk, targets=[{"period": "2025", "value": "60"}])
    _approve(policies, "2024", [{"value": "35"}])
    _approve(policies, "2025", [{"value": "45"}])
    reached = {"2024": ("6000", "3400"), "2025": ("9000", "5000")}
    for programme in programmes:
        if programme.status not in (S.ACTIVE, S.OPERATIONALLY_CLOSED, S.FINANCIALLY_CLOSED):
            continue
        code = programme.code
        outcome = results.add_result(
            actor=None,
            framework_code=code,
            level="outcome",
            code="1",
            title="Target groups use safer migration services",
            contributes_to_id=fund_outcome.pk,
        )
        output = results.add_result(
            actor=None,
            framework_code=code,
            level="output",
            code="1.1",
            title="Services and referral pathways are in place",
            parent_id=outcome.pk,
        )
        ind = results.add_indicator(
            actor=None,
            result_id=outcome.pk,
            code=f"{code}-1",
            title="Migrants reached with services",
            value_type="number",
            unit="people",
            baseline_value="0",
            baseline_date=day("2024-01-01"),
            dimensions=["sex", "migratory-status"],
            contributes_to_id=people.pk,
            sdg_code="10.7.2",
        )
        results.set_targets(
            actor=None,
            indicator_id=ind.pk,
            targets=[
                {"period": "2024", "value": "8000"},
                {"period": "2025", "value": "10000"},
            ],
        )
        for period, (total, women) in reached.items():
            cells: list[dict[str, Any]] = [
                {"value": total},
                {"disaggregation": {"sex": "female"}, "value": women},
                {"disaggregation": {"sex": "male"}, "value": str(int(total) - int(women))},
            ]
            _approve(ind, period, cells)
        yes_no = results.add_indicator(
            actor=None,
            result_id=output.pk,
            code=f"{code}-2",
            title="Referral protocol adopted",
            value_type="yes_no",
            baseline_value="0",
            baseline_date=day("2024-01-01"),
            aggregation="latest",
        )
        results.set_targets(actor=None, indicator_id=yes_no.pk, targets=[{"period": "2025", "value": "1"}])
        results.save_report(
            actor=None,
            indicator_id=yes_no.pk,
            period="2025",
            values=[{"value": "1"}],
            submit=True,
            comment=f"{LABEL}: awaiting review.",
        )
    framework, _added = results.sync_workplan_framework(actor=None)
    first = framework.results.filter(workplan_key="cc.1").first()
    if first is not None:
        operational = results.add_indicator(
            actor=None,
            result_id=first.pk,
            code="WP1.1",
            title="The trust fund is operational",
            value_type="yes_no",
            baseline_value="0",
            baseline_date=day("2019-01-01"),
            aggregation="latest",
        )
        results.set_targets(
            actor=None, indicator_id=operational.pk, targets=[{"period": "2023", "value": "1"}]
        )
        _approve(operational, "2023", [{"value": "1"}])


def _approve(indicator: Any, period: str, cells: list[dict[str, Any]]) -> None:
    report = results.save_report(
        actor=None,
        indicator_id=indicator.pk,
        period=period,
        values=cells,
        submit=True,
        evidence=f"{LABEL}: invented figures.",
    )
    results.approve_report(actor=None, report_id=report.pk)


@transaction.atomic
def load_demo() -> bool:
    """Load the sample once; returns False (and changes nothing) when it is already there."""
    if Fund.objects.filter(code=CODE).exists():
        return False
    # The sample's indicators are disaggregated by default dimensions a flushed database no longer has.
    ensure_default_dimensions(Dimension, Category)
    fund = actions.create_fund(
        actor=None,
        code=CODE,
        name=f"Migration Multi-Partner Trust Fund — {LABEL.lower()}",
        administrative_agent="MPTFO" if Organization.objects.filter(acronym="MPTFO").exists() else None,
        established_on=day("2023-01-01"),
        is_published=True,
        iati_org_ref="XI-IATI-GCMHUB-DEMO",
        description=f"{LABEL}: every contributor, amount and result here is invented for demonstration.",
    )
    for target_date, amount in (
        ("2023-12-31", "15000000.00"),
        ("2025-12-31", "25000000.00"),
        ("2027-12-31", "50000000.00"),
    ):
        actions.set_capitalization_target(
            actor=None,
            code=CODE,
            target_date=day(target_date),
            amount_usd=D(amount),
            note=f"{LABEL}: target.",
        )
    contributors = [
        actions.create_contributor(actor=None, name=name, kind=kind) for name, kind in CONTRIBUTORS
    ]
    for index, signed, currency, amount, rate, deposits, area in MONEY:
        commitment = actions.record_commitment(
            actor=None,
            code=CODE,
            contributor_id=contributors[index].pk,
            signed_on=day(signed),
            currency=currency,
            amount=D(amount),
            rate_to_usd=D(rate),
            earmarked_area=area,
            note=f"{LABEL}: commitment.",
        )
        for received, paid, paid_rate in deposits:
            actions.record_deposit(
                actor=None,
                code=CODE,
                contributor_id=contributors[index].pk,
                received_on=day(received),
                currency=currency,
                amount=D(paid),
                rate_to_usd=D(paid_rate),
                commitment_id=commitment.pk,
                note=f"{LABEL}: deposit.",
            )
    for kind, on, amount in (
        ("interest", "2023-12-31", "84210.55"),
        ("interest", "2024-12-31", "131877.20"),
        ("direct_cost", "2024-03-01", "250000.00"),
        ("bank_charge", "2024-06-30", "412.30"),
    ):
        actions.record_fund_entry(
            actor=None,
            code=CODE,
            kind=kind,
            date=day(on),
            amount_usd=D(amount),
            description=f"{LABEL}: {kind.replace('_', ' ')}.",
        )
    programmes = []
    for number, (title, level, countries, area, primary, secondary, parts, status, scores) in enumerate(
        PROGRAMMES
    ):
        programme = actions.create_programme(
            actor=None,
            fund_code=CODE,
            title=f"{LABEL}: {title}",
            level=level,
            countries=_countries(*countries),
            thematic_area=area,
            objectives=primary,
            secondary_objectives=secondary,
            participants=_participants(*parts),
            guiding_principles=[1, 6, 7, 8],
            summary=f"{LABEL}. An invented joint programme showing how a {level} programme is tracked.",
            partners=[
                {"kind": "civil_society", "name": "Sample migrant association"},
                {"kind": "national", "name": "Sample national migration authority"},
            ],
            start_date=day("2024-03-01"),
            end_date=day("2026-02-28"),
        )
        actions.set_markers(
            actor=None,
            code=programme.code,
            markers=[
                {"kind": kind, "score": score, "justification": JUSTIFICATION}
                for kind, score in zip(("gender", "human_rights", "child_sensitivity"), scores, strict=True)
            ],
        )
        budget = sum((D(p["budget_usd"]) for p in _participants(*parts)), D(0))
        _advance(programme, status, budget, f"2024-0{3 + number % 6}-01")
        programme.refresh_from_db()
        if programme.status in (S.ACTIVE, S.OPERATIONALLY_CLOSED):
            _spend(programme, "0.45", "2025-06-30")
        programmes.append(programme)
    _results(fund, programmes)
    return True
