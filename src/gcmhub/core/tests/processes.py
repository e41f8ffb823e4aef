"""Helpers for tests that run the real `gcmhub` commands in their own data directory and kill them with
SIGKILL at a chosen point (core/tests/test_crash_safety.py, search/tests/test_crash.py)."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

GCMHUB = Path(sys.executable).with_name("gcmhub")
POLL_SECONDS = 0.002
GIVE_UP_SECONDS = 120  # only if the child never reaches the point it is to be killed at


def environment(data_dir: Path, **extra: str) -> dict[str, str]:
    """This process's environment on its own SQLite data directory (never the test run's database)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "GCMHUB_SEARCH_DIR"}}
    return {**env, "GCMHUB_DATA_DIR": str(data_dir), "GCMHUB_SEARCH_SYNC_SECONDS": "0", **extra}


def gcmhub(data_dir: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(GCMHUB), *args], env=environment(data_dir, **extra), capture_output=True, text=True, timeout=300
    )


def kill_when(process: "subprocess.Popen[str]", ready: Callable[[], bool]) -> None:
    """SIGKILL `process` as soon as `ready()` holds; fail if it ends or never gets there."""
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while not ready():
        assert process.poll() is None, f"the process ended before the kill point: {process.communicate()}"
        assert time.monotonic() < deadline, "the process never reached the kill point"
        time.sleep(POLL_SECONDS)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL


def query(data_dir: Path, sql: str) -> list[tuple[Any, ...]]:
    with sqlite3.connect(data_dir / "gcmhub.sqlite3", timeout=5) as db:
        return db.execute(sql).fetchall()


def database_write_lock_is_held(data_dir: Path) -> bool:
    """Whether another process is inside a write transaction (Django begins them IMMEDIATE on SQLite)."""
    db = sqlite3.connect(data_dir / "gcmhub.sqlite3", timeout=0, isolation_level=None)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        db.close()
