"""`gcmhub create_api_token USERNAME NAME`: a new API token for a user, printed once."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gcmhub.accounts.actions import create_api_token
from gcmhub.accounts.queries import user_by_username
from gcmhub.core.exceptions import DomainError


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it. The token is shown only once; store it now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("name", help="What the token is for.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = user_by_username(options["username"])
            token, raw = create_api_token(actor=user, name=options["name"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stderr.write(
            f"Created token {token.name!r} (id {token.pk}) for {user.get_username()}. "
            "It is shown only this once; store it now:"
        )
        self.stdout.write(raw)
