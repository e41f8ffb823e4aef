"""Every write of calls for inputs: keyword-only `actor`, one transaction, audited.

Rules (docs/reporting.md):
- the secretariat prepares a call (questionnaire included) and publishes it; once published the
  questionnaire is fixed, so every organization answers the same questions;
- an organization starts answering on the opening date; drafts are saved as often as wanted, by any member
  in the audience's role; a response submitted after the closing date is accepted and flagged late;
- the secretariat reopens a submitted response (with a reason), and makes submitted responses public.
"""

from gcmhub.reporting.actions.calls import add_question, add_section, create_call, publish_call, update_call
from gcmhub.reporting.actions.reminders import ReminderReport, due_reminders, send_reminders
from gcmhub.reporting.actions.responses import (
    attach_file,
    missing_answers,
    publish_as_review,
    reopen_response,
    save_answers,
    set_response_public,
    submit_response,
)

__all__ = [
    "ReminderReport",
    "add_question",
    "add_section",
    "attach_file",
    "create_call",
    "due_reminders",
    "missing_answers",
    "publish_as_review",
    "publish_call",
    "reopen_response",
    "save_answers",
    "send_reminders",
    "set_response_public",
    "submit_response",
    "update_call",
]
