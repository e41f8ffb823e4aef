"""Every write to results frameworks: keyword-only actor, one transaction, audited (django-auditlog)."""

from gcmhub.results.actions.frameworks import (
    WORKPLAN_FRAMEWORK_CODE,
    add_indicator,
    add_result,
    create_framework,
    new_framework,
    set_targets,
    sync_workplan_framework,
    update_framework,
    update_indicator,
    update_result,
)
from gcmhub.results.actions.reports import approve_report, return_report, save_report, submit_report

__all__ = [
    "WORKPLAN_FRAMEWORK_CODE",
    "add_indicator",
    "add_result",
    "approve_report",
    "create_framework",
    "new_framework",
    "return_report",
    "save_report",
    "set_targets",
    "submit_report",
    "sync_workplan_framework",
    "update_framework",
    "update_indicator",
    "update_result",
]
