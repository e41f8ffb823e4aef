"""`gcmhub revoke_role USERNAME ACRONYM ROLE`: stop a user acting for an organization in a role (audited)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gcmhub.accounts.actions import revoke_role
from gcmhub.accounts.management.commands._roles import add_role_arguments, resolve
from gcmhub.core.exceptions import DomainError


class Command(BaseCommand):
    help = "Stop USERNAME acting for the organization ACRONYM in ROLE."

    def add_arguments(self, parser: CommandParser) -> None:
        add_role_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            actor, user, organization = resolve(options)
            revoke_role(actor=actor, user=user, organization=organization, role=options["role"])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        role = options["role"]
        self.stdout.write(f"{user.get_username()} no longer acts for {organization.acronym} as {role}.")
