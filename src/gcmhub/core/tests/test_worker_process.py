"""The worker for real, as separate processes on a file-based SQLite database in a temporary data directory:
a worker killed with SIGKILL mid-job loses nothing (the next worker finishes the job), and `gcmhub serve`
starts a worker that stops with it (docs/jobs.md)."""

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Waiting for another process: a deadline that only a hung process reaches, never a performance threshold.
DEADLINE_SECONDS = 120


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file with the tables that jobs need, made once and copied for each test."""
    template = tmp_path_factory.mktemp("jobs-template")
    for app in ("core", "django_tasks_database"):
        gcmhub(template, "migrate", app, "--verbosity=0").check_returncode()
    return template / "gcmhub.sqlite3"


@pytest.fixture
def data_dir(tmp_path: Path, migrated_database: Path) -> Path:
    """A fresh data directory with its own copy of the database."""
    shutil.copy(migrated_database, tmp_path / "gcmhub.sqlite3")
    return tmp_path


@pytest.fixture
def processes() -> Iterator[list["subprocess.Popen[bytes]"]]:
    """Processes a test starts; any left running at the end are killed."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def environment(data_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(
        GCMHUB_DATA_DIR=str(data_dir),
        DJANGO_SETTINGS_MODULE="gcmhub.config.settings",
        # Quick heartbeats and a short lease, so a dead worker's job is requeued within seconds.
        GCMHUB_WORKER_HEARTBEAT_SECONDS="0.5",
        GCMHUB_WORKER_LEASE_SECONDS="3",
    )
    return env


def gcmhub(data_dir: Path, *args: str) -> "subprocess.CompletedProcess[str]":
    return subprocess.run(
        [sys.executable, "-m", "gcmhub.cli", *args],
        env=environment(data_dir),
        capture_output=True,
        text=True,
        timeout=DEADLINE_SECONDS,
    )


def start(data_dir: Path, processes: list["subprocess.Popen[bytes]"], *args: str, **kw: Any) -> Any:
    # Its output goes to a file in the data directory, for reading when a test fails.
    with (data_dir / f"{args[0]}-{len(processes)}.log").open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gcmhub.cli", *args],
            env=environment(data_dir),
            stdout=output,
            stderr=subprocess.STDOUT,
            **kw,
        )
    processes.append(process)
    return process


def start_worker(data_dir: Path, processes: list["subprocess.Popen[bytes]"], worker_id: str) -> Any:
    return start(
        data_dir, processes, "db_worker", "--worker-id", worker_id, "--no-reload", "--no-startup-delay",
        "--interval", "0.1",
    )  # fmt: skip


def query(data_dir: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with sqlite3.connect(data_dir / "gcmhub.sqlite3", timeout=30) as db:
        return db.execute(sql, params).fetchall()


def logs(data_dir: Path) -> str:
    return "\n".join(f"--- {log.name}\n{log.read_text()}" for log in sorted(data_dir.glob("*.log")))


def wait_until(data_dir: Path, condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting until {what}; the processes said:\n{logs(data_dir)}")
        time.sleep(0.1)


def job_row(data_dir: Path, job_id: int) -> dict[str, Any]:
    columns = ("status", "progress_done", "attempts", "result_file", "task_result_id", "worker_id")
    (row,) = query(data_dir, f"SELECT {', '.join(columns)} FROM core_job WHERE id = ?", job_id)
    return dict(zip(columns, row, strict=True))


def enqueue_slow_export(data_dir: Path, log: Path) -> int:
    code = (
        "from gcmhub.core.jobs import enqueue_job; from gcmhub.core.tests import job_tasks; "
        "print(enqueue_job(job_tasks.slow_export, actor=None, title='Export', "
        f"steps=8, pause=0.4, log={str(log)!r}).pk)"
    )
    done = gcmhub(data_dir, "shell", "-c", code)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip().splitlines()[-1])


def is_gone(pid: int) -> bool:
    """The process has exited (a zombie waiting for a parent that never reaps it counts as exited)."""
    try:
        return Path(f"/proc/{pid}/status").read_text().split("State:")[1].split()[0] in {"Z", "X"}
    except (FileNotFoundError, IndexError):
        return True


def test_a_job_whose_worker_is_killed_is_finished_by_the_next_worker(
    data_dir: Path, processes: list["subprocess.Popen[bytes]"]
) -> None:
    log = data_dir / "attempts.log"
    job_id = enqueue_slow_export(data_dir, log)
    first = start_worker(data_dir, processes, "worker-a")
    wait_until(
        data_dir, lambda: job_row(data_dir, job_id)["progress_done"] >= 2, "the first worker is mid-job"
    )

    first.send_signal(signal.SIGKILL)
    first.wait()
    assert job_row(data_dir, job_id)["status"] == "running"  # nobody finished it

    second = start_worker(data_dir, processes, "worker-b")
    wait_until(
        data_dir, lambda: job_row(data_dir, job_id)["status"] == "succeeded", "the second worker finishes it"
    )

    job = job_row(data_dir, job_id)
    assert job["attempts"] == 2
    assert job["worker_id"] == "worker-b"
    assert log.read_text() == "attempt 1\nattempt 2\n"
    # Done once in effect: one result file, complete.
    assert (data_dir / "media" / job["result_file"]).read_text() == "8 steps\n"
    assert [path.name for path in (data_dir / "media").rglob("*") if path.is_file()] == [
        Path(job["result_file"]).name
    ]
    (entry,) = query(data_dir, "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult")
    assert entry == ("SUCCESSFUL", '["worker-a", "worker-b"]')
    # The dead worker's heartbeat was cleared; the live one beats.
    assert query(data_dir, "SELECT worker_id FROM core_workerheartbeat") == [("worker-b",)]

    second.send_signal(signal.SIGTERM)
    assert second.wait(timeout=DEADLINE_SECONDS) == 0
    assert query(data_dir, "SELECT worker_id FROM core_workerheartbeat") == []


def serve(data_dir: Path, processes: list["subprocess.Popen[bytes]"]) -> tuple[Any, int]:
    """`gcmhub serve` in its own process group (as in a terminal), and the pid of the worker it started."""
    server = start(
        data_dir, processes, "serve", "--bind", "127.0.0.1:0", "--workers", "1", start_new_session=True
    )
    wait_until(
        data_dir, lambda: bool(query(data_dir, "SELECT pid FROM core_workerheartbeat")), "the worker beats"
    )
    ((worker_pid,),) = query(data_dir, "SELECT pid FROM core_workerheartbeat")
    return server, worker_pid


def test_ctrl_c_stops_the_server_and_its_worker(
    data_dir: Path, processes: list["subprocess.Popen[bytes]"]
) -> None:
    server, worker_pid = serve(data_dir, processes)

    os.killpg(server.pid, signal.SIGINT)  # what Ctrl-C in the terminal does

    server.wait(timeout=DEADLINE_SECONDS)
    wait_until(data_dir, lambda: is_gone(worker_pid), "the worker exits")
    assert query(data_dir, "SELECT pid FROM core_workerheartbeat") == []


def test_the_worker_stops_when_the_server_is_killed(
    data_dir: Path, processes: list["subprocess.Popen[bytes]"]
) -> None:
    server, worker_pid = serve(data_dir, processes)

    server.send_signal(signal.SIGKILL)  # no chance to stop its worker
    server.wait()

    wait_until(data_dir, lambda: is_gone(worker_pid), "the orphaned worker notices and exits")
    assert query(data_dir, "SELECT pid FROM core_workerheartbeat") == []


def test_a_job_cut_short_by_a_second_signal_goes_back_on_the_queue(
    data_dir: Path, processes: list["subprocess.Popen[bytes]"]
) -> None:
    log = data_dir / "attempts.log"
    job_id = enqueue_slow_export(data_dir, log)
    first = start_worker(data_dir, processes, "worker-a")
    wait_until(data_dir, lambda: job_row(data_dir, job_id)["progress_done"] >= 1, "the worker is mid-job")

    first.send_signal(signal.SIGTERM)  # finish the job, then stop…
    # (A second signal sent before the first is handled would be merged with it.)
    wait_until(data_dir, lambda: "shutting down gracefully" in logs(data_dir), "the worker is stopping")
    first.send_signal(signal.SIGTERM)  # …no: stop now
    first.wait(timeout=DEADLINE_SECONDS)

    job = job_row(data_dir, job_id)
    assert (job["status"], job["attempts"]) == ("queued", 0)  # the interruption is not the job's failure
    entries = query(data_dir, "SELECT status FROM django_tasks_database_dbtaskresult ORDER BY enqueued_at")
    assert entries == [("FAILED",), ("READY",)]

    start_worker(data_dir, processes, "worker-b")
    wait_until(
        data_dir, lambda: job_row(data_dir, job_id)["status"] == "succeeded", "the next worker runs it"
    )
    assert job_row(data_dir, job_id)["attempts"] == 1
