"""Every write to the fund: keyword-only actor, one transaction, audited (django-auditlog)."""

from gcmhub.fund.actions.decisions import extend_programme, record_decision, set_markers
from gcmhub.fund.actions.documents import add_document
from gcmhub.fund.actions.ledger import (
    create_contributor,
    create_fund,
    record_commitment,
    record_deposit,
    record_fund_entry,
    set_capitalization_target,
    sync_thematic_areas,
    update_fund,
)
from gcmhub.fund.actions.money import allocate, refund, report_expenditure, transfer
from gcmhub.fund.actions.programmes import change_status, create_programme, update_programme
from gcmhub.fund.actions.rates import preview_money_in
from gcmhub.fund.actions.reversals import reverse_entry

__all__ = [
    "add_document",
    "allocate",
    "change_status",
    "create_contributor",
    "create_fund",
    "create_programme",
    "extend_programme",
    "preview_money_in",
    "record_commitment",
    "record_decision",
    "record_deposit",
    "record_fund_entry",
    "refund",
    "report_expenditure",
    "reverse_entry",
    "set_capitalization_target",
    "set_markers",
    "sync_thematic_areas",
    "transfer",
    "update_fund",
    "update_programme",
]
