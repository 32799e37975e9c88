"""Builders for the finishing-the-job tests: tickets, answers and clients, made through
the real services."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.test import Client

from frontdesk.accounts.models import User
from frontdesk.accounts.services import do_create_api_token
from frontdesk.customers.models import Customer
from frontdesk.customers.services import do_create_customer_token
from frontdesk.resolution.models import ChecklistItem
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import do_create_ticket

JSON = "application/json"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def make_ticket(personas: Any, *, now: datetime | None = None, **fields: Any) -> Ticket:
    fields.setdefault("team", personas.team)
    customer = fields.pop("customer", personas.customer)
    return do_create_ticket(
        actor=customer,
        customer=customer,
        subject=fields.pop("subject", "The kettle stopped working"),
        body="It stopped working after a week.",
        acknowledge=False,
        now=now,
        **fields,
    )


def yes_to_all() -> dict[int, bool]:
    return {item.pk: True for item in ChecklistItem.objects.filter(active=True)}


def api_client(actor: User | Customer) -> Client:
    if isinstance(actor, User):
        token = do_create_api_token(user=actor, name="tests")
    else:
        token = do_create_customer_token(customer=actor, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def web_client(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
