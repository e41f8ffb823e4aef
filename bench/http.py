"""HTTP load benchmark: `python bench/http.py --docs N` (default 20000; the issue asks for 200000, 1000000).

Prepares a temporary data directory the way `bench/search.py` does (the same generated corpus, imported with
`gcmhub import_resources`), starts the served application (`gcmhub serve`: gunicorn on 127.0.0.1 and a free
port), then loads it from this process with 1, 8 and 32 concurrent clients (threads, each with its own
keep-alive `http.client` connection) and prints one JSON object: throughput and p50/p95/p99 latency of

- `search_page`: the search page (`/search/?q=…`), whose facets come in the same response;
- `search_page_facets`: the facet fragment the page loads after its hits (`/search/facets/?q=…`);
- `api_facets`: `/api/v1/search?q=…` (facet counts included: the default);
- `api_no_facets`: `/api/v1/search?q=…&facets=false`;
- `trivial`: `/api/v1/reference/objectives/5`, one small database read — the baseline of the same run.

Each (target, clients) cell stops after `--requests` requests or `--seconds` seconds, whichever comes first.
Queries cycle through a pool of `--query-pool` distinct queries; a pool larger than the requests sent means
no query repeats, so no cached result helps. Loopback only; nothing is downloaded.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's directory comes first on sys.path, and its name would hide the standard
# library's `http` package.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

import argparse
import contextlib
import http.client  # after the path fix above
import importlib.util
import io
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
TRIVIAL = "/api/v1/reference/objectives/5"
READY_SECONDS = 180
CLIENT_TIMEOUT = 60
PROGRESS = "bench-http-progress.json"  # the preparation stages finished so far, and their seconds


def _bench_search() -> ModuleType:
    """bench/search.py, for its corpus generator and queries (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def environment(workdir: Path) -> dict[str, str]:
    """The settings of the served application: a private data directory, database and index."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gcmhub.config.settings",
        "GCMHUB_DATA_DIR": str(workdir),
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "SECRET_KEY": "bench-only",
        "LOG_LEVEL": "WARNING",
        "DEBUG": "false",
    }


def prepare(workdir: Path, docs: int) -> dict[str, Any]:
    """Migrate, load reference data and the shipped work plan, import `docs` generated resources, index them.

    Runs in this process (settings are read once, at django.setup()); returns what was loaded and how long
    it took. Each finished stage is recorded in PROGRESS: run again on the same directory, preparation goes
    on from the first unfinished stage (an import stopped half-way left nothing: it is one transaction)."""
    os.environ.update(environment(workdir))
    # The import's outbox rows are not applied one batch at a time: one rebuild indexes everything at the end.
    os.environ["GCMHUB_SEARCH_APPLY_ON_COMMIT"] = "false"
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    from gcmhub.search.backends import get_backend

    bench_search = _bench_search()
    record = workdir / PROGRESS
    done: dict[str, Any] = json.loads(record.read_text()) if record.exists() else {"docs": docs, "stages": {}}
    if done["docs"] != docs:
        raise SystemExit(f"{workdir} was being prepared for {done['docs']} documents, not {docs}")
    stages: dict[str, float] = done["stages"]

    def stage(name: str, step: Callable[[], object]) -> None:
        if name in stages:
            progress(f"{name}: done before ({stages[name]:.0f} s)")
            return
        progress(name)
        started = time.perf_counter()
        step()
        stages[name] = round(time.perf_counter() - started, 1)
        record.write_text(json.dumps(done))

    quiet = {"stdout": io.StringIO(), "verbosity": 0}
    corpus = workdir / "corpus.jsonl"
    stage("reference_and_workplan", lambda: load_reference_data(quiet))
    refs = reference_lists()
    stage("generate", lambda: bench_search.generate(corpus, docs, refs))
    stage("import", lambda: call_command("import_resources", str(corpus), **quiet))
    corpus.unlink(missing_ok=True)
    stage("index", lambda: call_command("rebuild_index", stdout=io.StringIO()))
    prepared = {
        "docs": docs,
        "indexed": get_backend().count(),
        "prepare_seconds": round(sum(stages.values()), 1),
        "prepare_stage_seconds": stages,
        "refs": refs,
    }
    (workdir / "bench-http.json").write_text(json.dumps(prepared))
    return prepared


def load_reference_data(quiet: dict[str, Any]) -> None:
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", **quiet)
    call_command("load_reference", **quiet)
    call_command("import_workplan", str(settings.GCMHUB_WORKPLAN_FILE), **quiet)


def reference_lists() -> dict[str, list[Any]]:
    """The objectives, principles and organizations the generated resources are tagged with."""
    from gcmhub.reference.models import GuidingPrinciple, Objective, Organization

    return {
        "objectives": sorted(Objective.objects.values_list("number", flat=True)),
        "principles": sorted(GuidingPrinciple.objects.values_list("slug", flat=True)),
        "organizations": sorted(
            Organization.objects.filter(kind=Organization.Kind.UN_ENTITY).values_list("acronym", flat=True)
        )[:40],
    }


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def served(workdir: Path, port: int, workers: int | None, threads: int | None) -> Iterator[None]:
    """`gcmhub serve` on HOST:port without its background worker, stopped on the way out."""
    gcmhub = str(ROOT / ".venv" / "bin" / "gcmhub")
    # Static files as this checkout has them (the page names them through the manifest).
    subprocess.run(
        [gcmhub, "collectstatic", "--noinput", "--verbosity=0"], env=environment(workdir), check=True
    )
    # No background worker: its jobs (embedding the imported documents, for one) would take the cores from the
    # requests being measured, more and more of them as the run goes on.
    command = [gcmhub, "serve", f"--bind={HOST}:{port}", "--no-worker"]
    if workers:
        command.append(f"--workers={workers}")
    if threads:
        command.append(f"--threads={threads}")
    with (workdir / "serve.log").open("ab") as log:
        # Its own session, so stopping it reaches gunicorn's workers, and nothing else.
        server = subprocess.Popen(
            command, env=environment(workdir), stdout=log, stderr=log, start_new_session=True
        )
    try:
        wait_until_ready(port, server)
        yield
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def wait_until_ready(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gcmhub serve stopped with status {server.returncode}; see serve.log")
        with contextlib.suppress(OSError, http.client.HTTPException):
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", TRIVIAL)
            if connection.getresponse().status == 200:
                connection.close()
                return
        time.sleep(0.5)
    raise SystemExit(f"gcmhub serve did not answer within {READY_SECONDS} s")


@dataclass
class Cell:
    """What the clients of one (target, concurrency) measurement saw."""

    latencies: list[float] = field(default_factory=list)  # seconds, successful requests
    errors: dict[str, int] = field(default_factory=dict)  # status or exception name -> count
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, outcome: str | None) -> None:
        with self.lock:
            if outcome is None:
                self.latencies.append(seconds)
            else:
                self.errors[outcome] = self.errors.get(outcome, 0) + 1


def client(port: int, paths: list[str], start: int, stride: int, cell: Cell, budget: Budget) -> None:
    """One client: requests over one keep-alive connection, reconnecting after an error."""
    connection: http.client.HTTPConnection | None = None
    number = start
    while budget.take():
        path = paths[number % len(paths)]
        number += stride
        if connection is None:
            connection = http.client.HTTPConnection(HOST, port, timeout=CLIENT_TIMEOUT)
        began = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Accept-Encoding": "identity"})
            response = connection.getresponse()
            response.read()
        except (OSError, http.client.HTTPException) as exc:
            cell.record(0, type(exc).__name__)
            connection.close()
            connection = None
            continue
        outcome = None if response.status == 200 else str(response.status)
        cell.record(time.perf_counter() - began, outcome)
        if response.will_close:
            connection.close()
            connection = None
    if connection is not None:
        connection.close()


class Budget:
    """At most `requests` requests, none started after `seconds`."""

    def __init__(self, requests: int, seconds: float) -> None:
        self.left = requests
        self.deadline = time.monotonic() + seconds
        self.lock = threading.Lock()

    def take(self) -> bool:
        with self.lock:
            if self.left <= 0 or time.monotonic() >= self.deadline:
                return False
            self.left -= 1
            return True


def load(port: int, paths: list[str], clients: int, requests: int, seconds: float, offset: int) -> Cell:
    cell = Cell()
    budget = Budget(requests, seconds)
    threads = [
        threading.Thread(target=client, args=(port, paths, offset + i, clients, cell, budget), daemon=True)
        for i in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cell.latencies.append(-(time.perf_counter() - started))  # the elapsed time, taken out by `summary`
    return cell


def percentile(values: list[float], fraction: float) -> float:
    return values[min(len(values) - 1, max(0, round(len(values) * fraction) - 1))]


def summary(cell: Cell) -> dict[str, Any]:
    elapsed = -cell.latencies.pop()
    latencies = sorted(cell.latencies)
    if not latencies:
        return {"requests": 0, "errors": cell.errors}
    return {
        "requests": len(latencies),
        "errors": cell.errors,
        "seconds": round(elapsed, 2),
        "throughput_rps": round(len(latencies) / elapsed, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 2),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
    }


def targets(queries: list[tuple[str, str]]) -> dict[str, list[str]]:
    """The URL paths of each target, one per query."""

    def encoded(params: dict[str, str]) -> str:
        return urllib.parse.urlencode(params)

    return {
        "search_page": [f"/search/?{encoded({'q': q})}" for q, _objective in queries],
        "search_page_facets": [f"/search/facets/?{encoded({'q': q})}" for q, _objective in queries],
        "api_facets": [f"/api/v1/search?{encoded({'q': q})}" for q, _objective in queries],
        "api_no_facets": [f"/api/v1/search?{encoded({'q': q, 'facets': 'false'})}" for q, _o in queries],
        "trivial": [TRIVIAL],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--clients", default="1,8,32", help="Concurrency levels, comma-separated.")
    parser.add_argument("--requests", type=int, default=2000, help="Most requests per target and level.")
    parser.add_argument("--seconds", type=float, default=20, help="Most seconds per target and level.")
    parser.add_argument("--warmup", type=int, default=50, help="Requests per target before measuring.")
    parser.add_argument("--query-pool", type=int, default=500, help="Distinct queries to cycle through.")
    parser.add_argument("--only", default="", help="Targets to measure, comma-separated (default: all).")
    parser.add_argument("--workers", type=int, default=None, help="gunicorn workers (default: serve's).")
    parser.add_argument("--threads", type=int, default=None, help="Threads per worker (default: serve's).")
    parser.add_argument("--data-dir", type=Path, default=None, help="Reuse a directory prepared with --keep.")
    parser.add_argument("--keep", action="store_true", help="Keep the data directory for later runs.")
    args = parser.parse_args()

    reused = args.data_dir is not None and (args.data_dir / "bench-http.json").exists()
    workdir = args.data_dir or Path(tempfile.mkdtemp(prefix="gcmhub-bench-http-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        if reused:
            prepared = json.loads((workdir / "bench-http.json").read_text())
            progress(f"reusing {workdir} ({prepared['docs']} documents)")
        else:
            progress(f"preparing {workdir}")
            prepared = prepare(workdir, args.docs)
        queries = _bench_search().make_queries(args.query_pool, prepared["refs"])
        paths = targets(queries)
        if args.only:
            paths = {name: paths[name] for name in args.only.split(",")}
        levels = [int(level) for level in args.clients.split(",")]
        port = free_port()
        results: dict[str, Any] = {}
        progress(f"serving on {HOST}:{port}")
        with served(workdir, port, args.workers, args.threads):
            # Each cell starts where the previous one stopped in the query pool, so with a pool larger than
            # all the requests sent no query is asked twice (and no count is reused from a cache).
            position = 0
            for name, urls in paths.items():
                load(port, urls, 4, args.warmup, args.seconds, offset=len(urls) - args.warmup)
                results[name] = {}
                for level in levels:
                    progress(f"{name}: {level} client(s)")
                    cell = load(port, urls, level, args.requests, args.seconds, offset=position)
                    position += len(cell.latencies) - 1 + sum(cell.errors.values())
                    results[name][str(level)] = summary(cell)
        ratios = {
            level: {
                name: round(results[name][level]["p50_ms"] / results["api_no_facets"][level]["p50_ms"], 2)
                for name in results
                if name != "api_no_facets" and results[name][level].get("p50_ms")
            }
            for level in map(str, levels)
            if results.get("api_no_facets", {}).get(level, {}).get("p50_ms")
        }
        output = {
            "docs": prepared["docs"],
            "indexed": prepared["indexed"],
            "prepare_seconds": None if reused else prepared["prepare_seconds"],
            "prepare_stage_seconds": None if reused else prepared.get("prepare_stage_seconds"),
            "query_pool": args.query_pool,
            "requests_per_cell": args.requests,
            "seconds_per_cell": args.seconds,
            "server": {
                "workers": args.workers or "serve default",
                "threads": args.threads or "serve default",
            },
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
            "load_average_at_end": [round(value, 2) for value in os.getloadavg()],
            "results": results,
            "p50_over_api_no_facets": ratios,
        }
        print(json.dumps(output, indent=2))
    finally:
        if not args.keep and args.data_dir is None:
            shutil.rmtree(workdir, ignore_errors=True)
        elif not reused or args.keep:
            progress(f"kept {workdir}")


if __name__ == "__main__":
    main()
