"""Small helpers for the API tests: an authenticated client per actor, ticket factory."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.test import Client

from frontdesk.accounts.models import Team, User
from frontdesk.accounts.services import do_create_api_token
from frontdesk.customers.models import Customer
from frontdesk.customers.services import do_create_customer_token
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import do_create_ticket

JSON = "application/json"


def client_for(actor: User | Customer) -> Client:
    if isinstance(actor, User):
        token = do_create_api_token(user=actor, name="tests")
    else:
        token = do_create_customer_token(customer=actor, name="tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, data, content_type=JSON)


def patch(client: Client, url: str, data: Any) -> Any:
    return client.patch(url, data, content_type=JSON)


def make_ticket(
    customer: Customer,
    *,
    team: Team | None = None,
    assignee: User | None = None,
    subject: str = "Broken zipper",
    now: datetime | None = None,
    **kwargs: Any,
) -> Ticket:
    return do_create_ticket(
        actor=None,
        customer=customer,
        subject=subject,
        body="The zipper of my jacket broke after a week.",
        team=team,
        assignee=assignee,
        acknowledge=False,
        now=now,
        **kwargs,
    )
