"""gcmhub search "QUERY" [--json] [--facet objective=5] [--kind practice] [--limit N] [--sort date]
[--mode hybrid|keyword|semantic]"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.html import strip_tags

from gcmhub.core.exceptions import DomainError
from gcmhub.search import service


class Command(BaseCommand):
    help = 'Search the index as the search page does, e.g. gcmhub search "alternatives to detention" --json'

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", help='Words, "phrases", OR, -exclude, prefix*.')
        parser.add_argument("--json", action="store_true", help="Print the result as one JSON object.")
        parser.add_argument(
            "--facet", action="append", default=[], metavar="NAME=VALUE", help="Filter, e.g. objective=5."
        )
        parser.add_argument("--kind", action="append", default=[], help="Only this kind (repeatable).")
        parser.add_argument("--limit", type=int, default=10, help="Number of results (1-100).")
        parser.add_argument("--sort", default="relevance", choices=["relevance", "date"])
        parser.add_argument(
            "--mode",
            default="hybrid",
            choices=["hybrid", "keyword", "semantic"],
            help="Rank by words and meaning (hybrid), words only or meaning only.",
        )
        parser.add_argument("--language", default=None, help="Show titles in this language where translated.")

    def handle(self, *args: Any, **options: Any) -> None:
        filters: dict[str, list[str]] = {}
        for item in options["facet"]:
            name, sep, value = item.partition("=")
            if not sep or not name or not value:
                raise CommandError(f"Write --facet as NAME=VALUE, e.g. --facet objective=5 (not {item!r}).")
            filters.setdefault(name, []).append(value)
        try:
            page = service.search(
                service.request_for(
                    options["query"],
                    filters=filters,
                    kinds=options["kind"],
                    sort=options["sort"],
                    limit=options["limit"],
                ),
                mode=options["mode"],
                language=options["language"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "query": page.query,
                        "count": page.total,
                        "items": [
                            {
                                "doc_id": hit.doc_id,
                                "kind": hit.kind,
                                "title": hit.title,
                                "url": hit.url,
                                "snippet": str(hit.snippet),
                                "date": hit.date.isoformat() if hit.date else None,
                                "score": hit.score,
                                "language": hit.language,
                            }
                            for hit in page.hits
                        ],
                        "facets": {name: dict(values) for name, values in page.facets.items()},
                    },
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        self.stdout.write(f"{page.total} result(s)")
        for number, hit in enumerate(page.hits, start=1):
            date = f" ({hit.date.isoformat()})" if hit.date else ""
            self.stdout.write(f"{number}. [{hit.kind}] {hit.title}{date}  {hit.url}")
            if hit.snippet:
                self.stdout.write(f"   {strip_tags(str(hit.snippet))}")
        for name, values in page.facets.items():
            if values:
                shown = ", ".join(f"{value} ({count})" for value, count in values[:10])
                self.stdout.write(f"{name}: {shown}")
