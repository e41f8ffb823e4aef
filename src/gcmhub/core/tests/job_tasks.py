"""Jobs used by the tests of the background-job machinery (importable by a worker started as a subprocess)."""

import time
from pathlib import Path

from gcmhub.core.exceptions import ValidationFailed
from gcmhub.core.jobs import JobContext, job_task


@job_task()
def count_rows(job: JobContext, *, rows: int) -> None:
    for done in range(1, rows + 1):
        job.progress(done, rows, "Counting rows")
    job.save_result("rows.txt", f"rows: {rows}\n")


@job_task(max_attempts=3)
def flaky(job: JobContext, *, fail_times: int) -> None:
    """Fails its first `fail_times` attempts with an error whose text must never reach the user."""
    if job.attempt <= fail_times:
        raise RuntimeError("password=hunter2 in /srv/secret/path")
    job.save_result("flaky.txt", f"succeeded on attempt {job.attempt}\n")


@job_task(max_attempts=2)
def refused(job: JobContext) -> None:
    raise ValidationFailed("The call has no recipients.")


@job_task(max_attempts=3)
def slow_export(job: JobContext, *, steps: int, pause: float, log: str) -> None:
    """Takes a while, notes each attempt's start in `log`, and writes its result idempotently (a rerun
    replaces the file), so running it twice has the effect of running it once."""
    with Path(log).open("a") as started:
        started.write(f"attempt {job.attempt}\n")
    for step in range(1, steps + 1):
        time.sleep(pause)
        job.progress(step, steps, "Exporting")
    job.save_result("export.txt", f"{steps} steps\n")
