"""gcmhub suggest_objectives < text.txt   |   gcmhub suggest_objectives --jsonl < texts.jsonl

With --principles, the ten guiding principles instead, in the same shapes with "principle" keys."""

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gcmhub.search import suggest

BATCH = 32  # texts encoded together: much faster per text than one by one

Ranker = Callable[[Sequence[str]], list[list[suggest.Suggestion]]]


def _read_jsonl(stream: TextIO) -> Iterator[tuple[int, Any, str]]:
    """(line number, id, text) of each non-blank line; a malformed line stops the command, naming it."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CommandError(f"Line {number} is not JSON: {exc.msg}.") from exc
        if not isinstance(record, dict) or "id" not in record or not isinstance(record.get("text"), str):
            raise CommandError(f'Line {number} needs an "id" and a "text" string.')
        yield number, record["id"], record["text"]


class Command(BaseCommand):
    help = (
        "Suggest GCM objectives. Reads a text on stdin and prints a JSON list "
        '[{"objective": n, "score": s}, ...], best first. With --jsonl, reads lines {"id": ..., "text": ...} '
        'and prints lines {"id": ..., "objectives": [n, ...]} (all 23, best first). With --principles, '
        'the ten guiding principles instead, with "principle" and "principles" keys.'
    )
    key = "objective"  # the output's key for a ranked item; set by `_choose` for each run
    rank: Ranker

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jsonl", action="store_true", help="Read and write one JSON object per line.")
        parser.add_argument(
            "--principles", action="store_true", help="Rank the ten guiding principles, not the objectives."
        )
        parser.add_argument(
            "--ship-vectors",
            action="store_true",
            help="Write data/vectors/ for the current model and descriptions (after editing them).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["ship_vectors"]:
            for path in suggest.ship_vectors():
                self.stdout.write(f"Wrote {path}")
            return
        self._choose(principles=options["principles"])
        if options["jsonl"]:
            self._many(sys.stdin)
            return
        text = sys.stdin.read()
        if not text.strip():
            raise CommandError("Give the text on standard input.")
        ranked = self.rank([text])[0]
        self.stdout.write(json.dumps([{self.key: s.objective, "score": s.score} for s in ranked]))

    def _choose(self, *, principles: bool) -> None:
        # A principle's number travels in `Suggestion.objective`; only the output's keys differ.
        self.key = "principle" if principles else "objective"
        self.rank = suggest.suggest_principles_many if principles else suggest.suggest_many

    def _many(self, stream: TextIO) -> None:
        batch: list[tuple[Any, str]] = []
        for _, identifier, text in _read_jsonl(stream):
            batch.append((identifier, text))
            if len(batch) == BATCH:
                self._write(batch)
                batch = []
        self._write(batch)

    def _write(self, batch: list[tuple[Any, str]]) -> None:
        if not batch:
            return
        results = self.rank([text for _, text in batch])
        for (identifier, _), ranked in zip(batch, results, strict=True):
            line = {"id": identifier, f"{self.key}s": [s.objective for s in ranked]}
            self.stdout.write(json.dumps(line, ensure_ascii=False))
