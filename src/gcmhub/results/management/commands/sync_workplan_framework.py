"""Give each expected result of the current work plan an outcome in the work plan's results framework."""

from typing import Any

from django.core.management.base import BaseCommand

from gcmhub.results.actions import sync_workplan_framework


class Command(BaseCommand):
    help = "Create the work plan's results framework, with an outcome for each expected result (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        framework, added = sync_workplan_framework(actor=None)
        self.stdout.write(f"{framework.code}: {added} outcome(s) added, {framework.results.count()} in all.")
