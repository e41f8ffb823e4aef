"""`gcmhub country_profile ISO3 [--json]`: the public profile of one country."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gcmhub.core.exceptions import DomainError
from gcmhub.countries import profile, queries
from gcmhub.countries.schemas import ProfileOut


class Command(BaseCommand):
    help = "Print a country's profile (what the public sees), as text or JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("iso3")
        parser.add_argument("--json", action="store_true", help="Print the API's JSON object.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            built = profile.build(queries.country(options["iso3"]), AnonymousUser())
        except DomainError as exc:
            raise CommandError(exc.message) from None
        out = ProfileOut.of(built)
        if options["json"]:
            self.stdout.write(out.model_dump_json(indent=2))
            return
        self.stdout.write(f"{out.name} ({out.iso3})")
        if out.name_note:
            self.stdout.write(f"* {out.name_note}")
        for value in out.indicators:
            self.stdout.write(f"  {value.indicator} {value.year}: {value.value}")
        for citation in out.sources:
            self.stdout.write(f"Source: {citation}")
