"""Every write of the knowledge platform: keyword-only `actor`, one transaction, audited."""

from gcmhub.core.exceptions import TooLarge
from gcmhub.knowledge.actions.calls import create_call
from gcmhub.knowledge.actions.imports import ImportFailed, ImportReport, import_resources
from gcmhub.knowledge.actions.resources import (
    add_attachment,
    create_resource,
    remove_attachment,
    set_translation,
    update_resource,
)
from gcmhub.knowledge.actions.review import (
    archive_resource,
    assign_reviewers,
    decide,
    declare_conflict,
    eligible_reviewers,
    next_steps,
    publish_resource,
    review_is_open,
    submit_resource,
    submit_review,
)

__all__ = [
    "ImportFailed",
    "ImportReport",
    "TooLarge",
    "add_attachment",
    "archive_resource",
    "assign_reviewers",
    "create_call",
    "create_resource",
    "decide",
    "declare_conflict",
    "eligible_reviewers",
    "import_resources",
    "next_steps",
    "publish_resource",
    "remove_attachment",
    "review_is_open",
    "set_translation",
    "submit_resource",
    "submit_review",
    "update_resource",
]
