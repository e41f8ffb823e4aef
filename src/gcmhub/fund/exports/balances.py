"""The fund's balance views as JSON (API): amounts as strings with two decimals, shares with four."""

import datetime
from decimal import Decimal
from typing import Any

from gcmhub.fund import queries
from gcmhub.fund.models import Fund
from gcmhub.results.apiutil import money


def _share(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.4f}"


def balances_json(fund: Fund, as_of: datetime.date, language: str = "en") -> dict[str, Any]:
    years, contributors = queries.contributions_by_contributor_year(fund, as_of)
    geography = queries.allocations_by_geography(fund, as_of, language)
    return {
        "as_of": as_of,
        "contributions": [
            {
                "contributor": row.contributor.name,
                "kind": row.contributor.kind,
                "by_year": {str(year): money(row.by_year.get(year, Decimal(0))) for year in years},
                "deposited": money(row.deposited),
                "committed": money(row.committed),
                "outstanding": money(row.outstanding),
            }
            for row in contributors
        ],
        "by_thematic_area": [
            {
                "number": row.area.number,
                "title": row.area.title_display,
                "allocated": money(row.amount),
                "share": _share(row.share),
                "even_share": _share(row.even_share),
                "even_amount": money(row.even_amount),
                "difference": money(row.difference),
            }
            for row in queries.allocations_by_area(fund, as_of)
        ],
        "by_objective": [
            {
                "number": row.objective.number,
                "allocated": money(row.amount),
                "primary_programmes": row.primary_programmes,
                "secondary_programmes": row.secondary_programmes,
            }
            for row in queries.allocations_by_objective(fund, as_of)
        ],
        "by_region": [
            {"m49": r.key, "name": r.label, "allocated": money(r.amount)} for r in geography.regions
        ],
        "by_country": [
            {"iso3": r.key, "name": r.label, "allocated": money(r.amount), "programmes": r.programmes}
            for r in geography.countries
        ],
        "geography_unspecified": money(geography.unspecified),
        "markers": [
            {
                "kind": row.kind,
                "programmes": row.programmes,
                "weighted_by_budget": money(row.by_budget),
                "weighted_by_expenditure": money(row.by_expenditure),
                "budget_by_score": {str(k): money(v) for k, v in row.budget_by_score.items()},
            }
            for row in queries.markers_summary(fund, as_of)
        ],
        "capitalization": [
            {
                "target_date": row.target_date,
                "target": money(row.amount),
                "committed": money(row.committed),
                "deposited": money(row.deposited),
                "gap": money(row.gap),
                "cash_gap": money(row.cash_gap),
                "reached": row.reached,
            }
            for row in queries.capitalization(fund, as_of)
        ],
        "delivery": [
            {
                "programme": row.programme.code,
                "transfers": money(row.transfers),
                "expenditure": money(row.expenditure),
                "delivery_rate": _share(row.rate),
            }
            for row in queries.delivery_by_programme(fund, as_of)
        ],
    }
