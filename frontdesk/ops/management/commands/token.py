"""`frontdesk token create USERNAME | --customer EMAIL`: print a new raw API token."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from frontdesk.accounts.models import User
from frontdesk.accounts.services import do_create_api_token
from frontdesk.core.errors import ServiceError
from frontdesk.customers.services import do_create_customer_token, do_get_or_create_customer


class Command(BaseCommand):
    help = "Create API tokens. The raw token is printed once, alone, on standard output."

    def add_arguments(self, parser: ArgumentParser) -> None:
        assert isinstance(parser, CommandParser)
        sub = parser.add_subparsers(dest="action", required=True, parser_class=CommandParser)
        create = sub.add_parser("create", help="Create a token for a staff user or a customer.")
        create.add_argument("username", nargs="?", help="The staff user the token acts as.")
        create.add_argument(
            "--customer", metavar="EMAIL", help="Act as this customer (created when new)."
        )
        create.add_argument("--name", default="", help="A label to recognise the token by.")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        try:
            raw = self._create(options["username"], options["customer"], options["name"])
        except CommandError as exc:
            # One line on stderr, exit code 1, no traceback (even with --traceback off).
            sys.stderr.write(f"frontdesk token: {exc}\n")
            raise SystemExit(1) from None
        self.stdout.write(raw)

    def _create(self, username: str | None, customer_email: str | None, name: str) -> str:
        if bool(username) == bool(customer_email):
            raise CommandError("give either a USERNAME or --customer EMAIL")
        if customer_email:
            try:
                customer = do_get_or_create_customer(email=customer_email)
            except ServiceError as exc:
                raise CommandError(exc.message) from None
            return do_create_customer_token(customer=customer, name=name)
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no staff user named {username!r}")
        if not user.is_active:
            raise CommandError(f"the staff user {username!r} is deactivated")
        return do_create_api_token(user=user, name=name)
