"""Benchmark of the work plan importer: parse and full import (read, parse, store) of the shipped document and
of a synthetic document 50 times larger, against a baseline measured in the same process (splitting the same
text into lines). Prints one JSON object; no thresholds.

    .venv/bin/python bench/import_workplan.py [--repeat N]

Runs against a throw-away SQLite database in a temporary directory, so it never touches real data."""

import sys
from pathlib import Path

# Run as a script, bench/ comes first on sys.path, where http.py (the HTTP benchmark) would hide the standard
# library's http package from Django.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

import argparse
import json
import os
import platform
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ROOT / "data" / "draft-multi-annual-work-plan.txt"
SCALE = 50
RESULT_LINE = re.compile(r"(\s*)\d+\.(.*)", re.DOTALL)


def synthetic(text: str, scale: int) -> str:
    """The shipped document with each section's expected results repeated `scale` times and renumbered:
    `scale` times the results and activities of the real plan, in the same sections."""
    out: list[str] = []
    section: list[str] = []
    for line in text.split("\n"):
        if re.match(r"\s*(Thematic Area \d+|Cross-cutting)", line) and section:
            out += _repeat_results(section, scale)
            section = []
        if section or re.match(r"\s*(Thematic Area \d+|Cross-cutting)", line):
            section.append(line)
        else:
            out.append(line)
    out += _repeat_results(section, scale)
    return "\n".join(out)


def _repeat_results(section: list[str], times: int) -> list[str]:
    start = next(i for i, line in enumerate(section) if RESULT_LINE.match(line))
    out, number = section[:start], 0
    for _copy in range(times):
        for line in section[start:]:
            if match := RESULT_LINE.match(line):
                number += 1
                line = f"{match[1]}{number}.{match[2]}"
            out.append(line)
    return out


def timed(function: Callable[[], Any], repeat: int) -> dict[str, float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return {"median_s": statistics.median(samples), "min_s": min(samples), "runs": repeat}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="Runs per measurement (median reported).")
    options = parser.parse_args()

    workdir = tempfile.TemporaryDirectory(prefix="gcmhub-bench-")
    os.environ["GCMHUB_DATA_DIR"] = workdir.name
    os.environ["DATABASE_URL"] = f"sqlite:///{Path(workdir.name) / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gcmhub.config.settings")
    sys.path.insert(0, str(ROOT / "src"))

    import django

    django.setup()
    from django.core.management import call_command

    from gcmhub.workplan.importer import import_document, parse_text, read_document, reference_from_db
    from gcmhub.workplan.models import Activity, ExpectedResult

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0)
    reference = reference_from_db()

    report: dict[str, Any] = {
        "benchmark": "import_workplan",
        "python": platform.python_version(),
        "database": "sqlite (temporary file)",
        "documents": {},
    }
    counter = iter(range(1_000_000))
    shipped = SHIPPED.read_text(encoding="utf-8")
    for label, text in (("shipped", shipped), (f"synthetic_x{SCALE}", synthetic(shipped, SCALE))):
        data = text.encode("utf-8")
        parsed = parse_text(text, reference=reference)

        # The defaults bind this document to each function (typed, unlike a lambda's).
        def split_lines(text: str = text) -> list[str]:
            return [line.strip() for line in text.split("\n")]

        def read_and_parse(text: str = text) -> object:
            return parse_text(read_document(text.encode(), "p.txt"), reference=reference)

        def import_new_version(data: bytes = data) -> object:
            # Each run stores into a fresh plan, so every run creates a full version.
            return import_document(data, "p.txt", actor=None, plan_slug=f"bench-{next(counter)}")

        def reimport_unchanged(data: bytes = data) -> object:
            return import_document(data, "p.txt", actor=None, plan_slug="bench-0")

        baseline = timed(split_lines, options.repeat * 4)
        parse = timed(read_and_parse, options.repeat)
        store = timed(import_new_version, max(1, options.repeat // 2))
        unchanged = timed(reimport_unchanged, options.repeat)
        report["documents"][label] = {
            "bytes": len(data),
            "lines": text.count("\n") + 1,
            "sections": len(parsed.sections),
            "results": parsed.result_count,
            "activities": parsed.activity_count,
            "issues": len(parsed.issues),
            "baseline_split_lines": baseline,
            "read_and_parse": parse,
            "full_import_new_version": store,
            "reimport_unchanged": unchanged,
            "ratios": {
                "parse_vs_baseline": parse["median_s"] / baseline["median_s"],
                "import_vs_baseline": store["median_s"] / baseline["median_s"],
                "import_vs_parse": store["median_s"] / parse["median_s"],
                "unchanged_vs_parse": unchanged["median_s"] / parse["median_s"],
            },
        }
    small, large = report["documents"]["shipped"], report["documents"][f"synthetic_x{SCALE}"]
    report["scaling"] = {
        "size_ratio": large["bytes"] / small["bytes"],
        "parse_time_ratio": large["read_and_parse"]["median_s"] / small["read_and_parse"]["median_s"],
        "import_time_ratio": large["full_import_new_version"]["median_s"]
        / small["full_import_new_version"]["median_s"],
    }
    report["rows_written"] = {
        "expected_results": ExpectedResult.objects.count(),
        "activities": Activity.objects.count(),
    }
    print(json.dumps(report, indent=2))
    workdir.cleanup()


if __name__ == "__main__":
    main()
