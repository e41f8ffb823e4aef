"""gcmhub check_index [--repair]: compare this node's search index with the database, document by document.

Exits with status 1 when they disagree, so it can run from cron or a deployment script.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from gcmhub.search import consistency, outbox
from gcmhub.search.backends import get_backend
from gcmhub.search.consistency import Comparison


class Command(BaseCommand):
    help = (
        "Compare this node's search index with the database: report documents missing from the index, out "
        "of date in it, or in it although unpublished or deleted. Exits with status 1 when they disagree."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--repair",
            action="store_true",
            help="Queue every disagreeing document in the outbox, apply it here, then compare again.",
        )
        parser.add_argument(
            "--show", type=int, default=5, help="How many document ids to show per kind of disagreement."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        backend = get_backend()
        if not backend.exists():
            raise CommandError(
                _("This node has no search index at %(path)s. Run `gcmhub rebuild_index`.")
                % {"path": backend.path}
            )
        comparison = consistency.compare(backend)
        self.report(comparison, options["show"])
        if options["repair"] and not comparison.agrees:
            queued = consistency.repair(comparison)
            applied = outbox.apply_outbox(backend=backend)
            self.stdout.write(
                _(
                    "Queued %(queued)d document(s) and applied the outbox here: %(indexed)d indexed, "
                    "%(removed)d removed."
                )
                % {"queued": queued, "indexed": applied.indexed, "removed": applied.deleted}
            )
            comparison = consistency.compare(backend)
            self.report(comparison, options["show"])
        if not comparison.agrees:
            raise CommandError(_("The search index and the database disagree."), returncode=1)

    def report(self, comparison: Comparison, show: int) -> None:
        self.stdout.write(
            _(
                "The database has %(expected)d document(s) that belong in the index; "
                "the index holds %(indexed)d."
            )
            % {"expected": comparison.expected, "indexed": comparison.indexed}
        )
        if comparison.agrees:
            self.stdout.write(_("The search index agrees with the database."))
            return
        kinds = (
            (_("Missing from the index: %(count)d, e.g. %(examples)s"), comparison.missing),
            (_("Out of date in the index: %(count)d, e.g. %(examples)s"), comparison.stale),
            (
                _("In the index although unpublished or deleted: %(count)d, e.g. %(examples)s"),
                comparison.extra,
            ),
        )
        for sentence, doc_ids in kinds:
            if doc_ids:
                examples = ", ".join(doc_ids[: max(1, show)])
                self.stdout.write(sentence % {"count": len(doc_ids), "examples": examples})
        queued, unqueued = len(comparison.queued), len(comparison.unqueued)
        if queued:
            self.stdout.write(
                _("%(count)d of them are queued in the outbox: `gcmhub sync_index` applies them.")
                % {"count": queued}
            )
        if unqueued:
            self.stdout.write(
                _("%(count)d of them are not queued: `gcmhub check_index --repair` queues them.")
                % {"count": unqueued}
            )
