"""Load a clearly labelled sample fund (invented figures) so a fresh installation has something to show."""

from typing import Any

from django.core.management.base import BaseCommand

from gcmhub.fund.demo import CODE, load_demo


class Command(BaseCommand):
    help = (
        "Load sample data (fund DEMO: contributors, deposits in several currencies, "
        "programmes in every status, "
        "results). Every figure is invented and labelled as such. Running it again changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if load_demo():
            self.stdout.write(f"Loaded the sample fund {CODE}; every figure in it is invented.")
        else:
            self.stdout.write(f"The sample fund {CODE} is already loaded; nothing changed.")
