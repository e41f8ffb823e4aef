"""The report build as a background job (docs/jobs.md): progress chapter by chapter on the job's page, and
the document kept as the job's result file, downloadable by the person who started it and the secretariat."""

import datetime
from typing import Any

from django.utils.translation import gettext as _

from gcmhub.core.jobs import JobContext, job_task
from gcmhub.reporting.report import build_report, file_name, parse_outline
from gcmhub.reporting.report.access import require_report_builder


@job_task(max_attempts=2)
def build_report_job(
    context: JobContext,
    *,
    fmt: str,
    call_id: int | None,
    language: str,
    outline: dict[str, Any],
    as_of: str | None,
) -> None:
    """Build the report and keep it as the job's result (idempotent: a retry replaces the file)."""
    require_report_builder(context.started_by)
    document, data = build_report(
        fmt,
        call_id=call_id,
        language=language,
        outline=parse_outline(outline),
        as_of=datetime.date.fromisoformat(as_of) if as_of else None,
        progress=context.progress,
    )
    steps = len(parse_outline(outline).chapters)
    context.save_result(file_name(document, fmt), data)
    context.progress(steps, steps, _("The report is ready to download."))
