"""Shared arguments and look-ups of `grant_role` and `revoke_role`."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.management.base import CommandParser

from gcmhub.accounts.models import Role
from gcmhub.accounts.queries import organizations_by_acronym, user_by_username
from gcmhub.reference.models import Organization


def add_role_arguments(parser: CommandParser) -> None:
    parser.add_argument("username")
    parser.add_argument("acronym", help="The organization's acronym, e.g. IOM or GOV-MEX.")
    parser.add_argument("role", help=f"One of: {', '.join(Role.values)}.")
    parser.add_argument(
        "--actor",
        help="Username of the secretariat member on whose behalf this is done (recorded in the audit log). "
        "Without it the change is recorded as made by the system.",
    )


def resolve(options: dict[str, Any]) -> tuple[AbstractBaseUser | None, AbstractBaseUser, Organization]:
    actor = user_by_username(options["actor"]) if options.get("actor") else None
    user = user_by_username(options["username"])
    [organization] = organizations_by_acronym([options["acronym"]])
    return actor, user, organization
