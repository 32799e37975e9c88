"""Small builders for the inbox tests: tickets made through the real services."""

from __future__ import annotations

from typing import Any

from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import do_create_ticket


def make_ticket(customer: Any, subject: str = "Broken kettle", **fields: Any) -> Ticket:
    fields.setdefault("body", "It stopped working after a week.")
    return do_create_ticket(
        actor=None, customer=customer, subject=subject, acknowledge=False, **fields
    )
