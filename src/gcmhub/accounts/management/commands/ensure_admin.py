"""`gcmhub ensure_admin`: create the first administrator once.

The password comes from GCMHUB_ADMIN_PASSWORD and must pass the password validators
(AUTH_PASSWORD_VALIDATORS); without it one is generated and printed once. Running it again when the user
exists changes nothing."""

import os
import secrets
from typing import Any

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from gcmhub.core.audit import acting_as


class Command(BaseCommand):
    help = "Create the administrator account if it does not exist yet."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", default=os.environ.get("GCMHUB_ADMIN_USER", "admin"))
        parser.add_argument("--email", default=os.environ.get("GCMHUB_ADMIN_EMAIL", "admin@localhost"))

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        username = options["username"]
        if User.objects.filter(username=username).exists():
            self.stdout.write(f"Administrator {username!r} already exists; nothing changed.")
            return
        password = os.environ.get("GCMHUB_ADMIN_PASSWORD")
        generated = not password
        password = password or secrets.token_urlsafe(12)
        admin = User(username=username, email=options["email"])
        try:
            password_validation.validate_password(password, admin)
        except ValidationError as exc:
            raise CommandError(
                "GCMHUB_ADMIN_PASSWORD is too weak: "
                + " ".join(exc.messages)
                + " No administrator was created."
            ) from exc
        with acting_as(None):
            User.objects.create_superuser(username=username, email=options["email"], password=password)
        if generated:
            self.stdout.write(
                self.style.WARNING(
                    f"Created administrator {username!r} with password: {password}\n"
                    "This password is shown only once; change it after signing in."
                )
            )
        else:
            self.stdout.write(
                f"Created administrator {username!r} with the password from GCMHUB_ADMIN_PASSWORD."
            )
