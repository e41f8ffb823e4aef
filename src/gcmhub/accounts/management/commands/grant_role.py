"""`gcmhub grant_role USERNAME ACRONYM ROLE`: let a user act for an organization in a role (audited)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gcmhub.accounts.actions import grant_role
from gcmhub.accounts.management.commands._roles import add_role_arguments, resolve
from gcmhub.core.exceptions import DomainError


class Command(BaseCommand):
    help = (
        "Let USERNAME act for the organization ACRONYM in ROLE. Granting a role held already changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_role_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            actor, user, organization = resolve(options)
            membership, created = grant_role(
                actor=actor, user=user, organization=organization, role=options["role"]
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        what = f"{user.get_username()} acts for {organization.acronym} as {membership.role}"
        self.stdout.write(f"{what} now." if created else f"{what} already; nothing changed.")
