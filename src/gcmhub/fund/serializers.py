"""Fund API bodies: models and query results as the dicts the schemas in schemas.py describe."""

from decimal import Decimal
from typing import Any

from gcmhub.fund.models import (
    CapitalizationTarget,
    Contributor,
    Fund,
    JointProgramme,
    ProgrammeDocument,
    SteeringCommitteeDecision,
    ThematicArea,
)
from gcmhub.fund.queries.reversals import entry_date, entry_type_of
from gcmhub.fund.queries.statement import EntryRow, OrganizationRow, ProgrammeFinance
from gcmhub.results.apiutil import money


def fund_out(fund: Fund) -> dict[str, Any]:
    return {
        "code": fund.code,
        "name": fund.name,
        "description": fund.description,
        "currency": fund.currency,
        "administrative_agent": fund.administrative_agent.acronym if fund.administrative_agent else None,
        "admin_fee_rate": f"{fund.admin_fee_rate:.4f}",
        "indirect_cost_rate": f"{fund.indirect_cost_rate:.4f}",
        "established_on": fund.established_on,
        "is_published": fund.is_published,
    }


def area_out(area: ThematicArea) -> dict[str, Any]:
    return {
        "number": area.number,
        "title": area.title_display,
        "objectives": sorted(o.number for o in area.objectives.all()),
        "workplan_section_key": f"ta{area.number}",
    }


def fund_detail_out(fund: Fund) -> dict[str, Any]:
    targets: list[CapitalizationTarget] = list(fund.targets.order_by("target_date"))
    return {
        **fund_out(fund),
        "thematic_areas": [
            area_out(a) for a in fund.thematic_areas.select_related("area").prefetch_related("objectives")
        ],
        "capitalization_targets": [
            {"target_date": t.target_date, "amount_usd": money(t.amount_usd), "note": t.note} for t in targets
        ],
        "results_framework": fund.framework.code if fund.framework else None,
    }


def contributor_out(contributor: Contributor) -> dict[str, Any]:
    return {
        "id": contributor.pk,
        "name": contributor.name,
        "kind": contributor.kind,
        "country": contributor.country.iso3 if contributor.country else None,
    }


def money_in_out(record: Any) -> dict[str, Any]:
    return {
        "id": record.pk,
        "contributor": record.contributor.name,
        "date": getattr(record, "received_on", None) or record.signed_on,
        "currency": record.currency,
        "amount": money(record.amount),
        "rate_to_usd": format(record.rate_to_usd.normalize(), "f"),
        "amount_usd": money(record.amount_usd),
        "fee_usd": money(getattr(record, "fee_usd", None)),
        "earmarked_area": record.earmarked_area.number if record.earmarked_area else None,
    }


def entry_row_out(row: EntryRow) -> dict[str, Any]:
    return {
        "date": row.date,
        "kind": row.kind,
        "description": row.description,
        "counterpart": row.counterpart,
        "programme": row.programme,
        "amount": money(row.amount),
        "reference": row.reference,
        "original_amount": row.currency_amount,
        "entry_type": row.entry_type,
        "entry_id": row.entry_id,
        "reverses": row.reverses_id,
        "reversed_by": row.reversed_by_id,
        "reversed_on": row.reversed_on,
        "reversal_reason": row.reason,
    }


def reversal_out(reversal: Any) -> dict[str, Any]:
    return {
        "entry_type": entry_type_of(reversal),
        "id": reversal.pk,
        "reverses": reversal.reverses_id,
        "date": entry_date(reversal),
        "amount_usd": money(reversal.amount_usd),
        "reason": reversal.reversal_reason,
    }


def org_row_out(row: OrganizationRow) -> dict[str, Any]:
    return {
        "organization": row.organization.acronym if row.organization else None,
        "approved": money(row.approved),
        "transfers": money(row.transfers),
        "refunds": money(row.refunds),
        "net_funded": money(row.net_funded),
        "expenditure": money(row.expenditure),
        "balance": money(row.balance),
        "delivery_rate": f"{row.delivery_rate:.4f}" if row.delivery_rate is not None else None,
    }


def programme_out(programme: JointProgramme) -> dict[str, Any]:
    participants = list(programme.participants.all())
    return {
        "code": programme.code,
        "fund": programme.fund.code,
        "title": programme.title,
        "level": programme.level,
        "status": programme.status,
        "thematic_area": programme.thematic_area.number,
        "countries": sorted(c.iso3 for c in programme.countries.all()),
        "budget_usd": money(sum((p.budget_usd for p in participants), Decimal("0"))),
        "start_date": programme.start_date,
        "end_date": programme.current_end,
    }


def decision_out(decision: SteeringCommitteeDecision) -> dict[str, Any]:
    return {
        "id": decision.pk,
        "date": decision.date,
        "kind": decision.kind,
        "decision": decision.decision,
        "amount_usd": money(decision.amount_usd),
        "rationale": decision.rationale,
    }


def programme_detail_out(programme: JointProgramme) -> dict[str, Any]:
    return {
        **programme_out(programme),
        "summary": programme.summary,
        "objectives": [
            {"number": link.objective.number, "primary": link.is_primary}
            for link in programme.programme_objectives.select_related("objective")
        ],
        "guiding_principles": [p.slug for p in programme.guiding_principles.all()],
        "participants": [
            {
                "organization": p.organization.acronym,
                "budget_usd": money(p.budget_usd),
                "indirect_usd": money(p.indirect_usd),
                "is_convening": p.is_convening,
            }
            for p in programme.participants.select_related("organization", "programme__fund")
        ],
        "partners": [{"kind": p.kind, "name": p.name} for p in programme.partners.all()],
        "markers": [
            {"kind": m.kind, "score": m.score, "justification": m.justification}
            for m in programme.markers.all()
        ],
        "decisions": [decision_out(d) for d in programme.decisions.order_by("date", "pk")],
        "extensions": [
            {"new_end": e.new_end, "previous_end": e.previous_end, "reason": e.reason}
            for e in programme.extensions.all()
        ],
        "results_framework": programme.framework.code if programme.framework else None,
    }


def finance_out(finance: ProgrammeFinance) -> dict[str, Any]:
    return {
        "programme": finance.programme.code,
        "as_of": finance.as_of,
        "budget": money(finance.budget),
        "allocated": money(finance.allocated),
        "unallocated_budget": money(finance.unallocated_budget),
        "organizations": [org_row_out(r) for r in finance.organizations],
        "totals": org_row_out(finance.totals),
    }


def document_out(document: ProgrammeDocument, download_url: str) -> dict[str, Any]:
    return {
        "id": document.pk,
        "kind": document.kind,
        "title": document.title,
        "url": document.url or download_url,
        "content_type": document.content_type,
        "size": document.size,
        "is_public": document.is_public,
        "document_date": document.document_date,
    }
