"""Benchmark of reading a hostile attachment: the reported DOCX whose word/document.xml is about 250 MB of
paragraphs (under 1 MB zipped). Measures time and peak resident memory, in the same process, of
- baseline: the naive parse the platform used to do (python-docx, every paragraph's text);
- after: the attachment pipeline with its default limits (refused from the zip's directory);
- after_hard_limits_lifted: the same with the hard limits lifted, so the stream parser reads the document
  until the text limit;
- after_streaming_whole: the stream parser over the whole document (only the time budget kept, raised), to
  show that its memory does not grow with the document.
Prints one JSON object; no thresholds.

    .venv/bin/python bench/documents.py [--paragraphs N] [--skip-baseline]

Peak memory is the process's high-water mark (VmHWM), reset before each measurement through
/proc/self/clear_refs (Linux), so each phase reports its own peak."""

import sys
from pathlib import Path

# Run as a script, bench/ comes first on sys.path, where http.py (the HTTP benchmark) would hide the standard
# library's http package from Django.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

import argparse
import io
import json
import os
import platform
import tempfile
import time
from collections.abc import Callable
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# About 250 MB of XML, as in the report.
PARAGRAPHS = 2_900_000


def resident_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"{field} is not in /proc/self/status")


def reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current resident size


def measured(work: Callable[[], Any]) -> dict[str, Any]:
    """Time, peak resident memory and its growth over the start, and the outcome of `work`."""
    reset_peak()
    before = resident_kib("VmRSS")
    started = time.perf_counter()
    try:
        outcome = f"returned {work()}"
    except Exception as exc:  # a refusal is an outcome here
        outcome = f"raised {type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - started
    peak = resident_kib("VmHWM")
    return {
        "seconds": round(seconds, 3),
        "peak_rss_mib": round(peak / 1024, 1),
        "peak_rss_growth_mib": round((peak - before) / 1024, 1),
        "outcome": outcome[:200],
    }


def naive_python_docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    return f"{len(text)} characters"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=PARAGRAPHS, help="Paragraphs in word/document.xml.")
    parser.add_argument("--skip-baseline", action="store_true", help="Leave out the python-docx parse.")
    options = parser.parse_args()

    workdir = tempfile.TemporaryDirectory(prefix="gcmhub-bench-")
    os.environ["GCMHUB_DATA_DIR"] = workdir.name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gcmhub.config.settings")
    sys.path.insert(0, str(ROOT / "src"))

    import django

    django.setup()
    from django.conf import settings

    from gcmhub.core.documents import DocumentLimits, TextBudget, docx_paragraphs, open_zip
    from gcmhub.core.tests.documents import docx_of_paragraphs, unpacked_size
    from gcmhub.knowledge.attachments import detect_type, extract

    print(f"building a document of {options.paragraphs} paragraphs…", file=sys.stderr)
    data = docx_of_paragraphs(options.paragraphs)

    def pipeline() -> str:
        stream = io.BytesIO(data)
        extracted = extract(stream, detect_type(stream))
        return f"{len(extracted.text)} characters, cut at: {extracted.stopped or 'nothing'}"

    def stream_whole() -> str:
        budget = TextBudget(max_chars=10**12, max_seconds=settings.GCMHUB_DOCUMENT_MAX_SECONDS)
        limits = DocumentLimits.from_settings()
        with open_zip(io.BytesIO(data), limits) as archive, archive.open("word/document.xml") as part:
            count = sum(1 for _paragraph in docx_paragraphs(part, budget))
        return f"{count} paragraphs, stopped by: {budget.stopped or 'nothing'}"

    report: dict[str, Any] = {
        "benchmark": "documents",
        "python": platform.python_version(),
        "document": {
            "paragraphs": options.paragraphs,
            "zipped_bytes": len(data),
            "unpacked_bytes": unpacked_size(data),
        },
    }
    print("after (default limits)…", file=sys.stderr)
    report["after"] = measured(pipeline)

    lifted = {
        "GCMHUB_DOCUMENT_MAX_PART_BYTES": 2**40,
        "GCMHUB_DOCUMENT_MAX_UNPACKED_BYTES": 2**40,
        "GCMHUB_DOCUMENT_MAX_RATIO": 10**6,
    }
    for name, value in lifted.items():
        setattr(settings, name, value)
    print("after, hard limits lifted…", file=sys.stderr)
    report["after_hard_limits_lifted"] = measured(pipeline)
    settings.GCMHUB_DOCUMENT_MAX_SECONDS = 3600
    print("after, streaming the whole document…", file=sys.stderr)
    report["after_streaming_whole"] = measured(stream_whole)

    if not options.skip_baseline:
        print("baseline (python-docx; minutes and gigabytes)…", file=sys.stderr)
        report["baseline_python_docx"] = measured(lambda: naive_python_docx(data))
        base = report["baseline_python_docx"]
        # Floors of 1 ms and 0.1 MiB keep a ratio finite when "after" is too small to measure.
        report["ratios"] = {
            "baseline_vs_after_seconds": round(base["seconds"] / max(report["after"]["seconds"], 0.001)),
            "baseline_vs_after_peak_growth": round(
                base["peak_rss_growth_mib"] / max(report["after"]["peak_rss_growth_mib"], 0.1)
            ),
            "baseline_vs_streaming_whole_peak_growth": round(
                base["peak_rss_growth_mib"] / max(report["after_streaming_whole"]["peak_rss_growth_mib"], 0.1)
            ),
        }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
