"""Shared helpers of the ticket page tests."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from frontdesk.accounts.models import User
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import do_create_ticket


@pytest.fixture(autouse=True)
def fresh_cache():
    """Presence lives in the cache: every test starts alone."""
    cache.clear()
    yield
    cache.clear()


def open_ticket(personas, **kwargs) -> Ticket:
    kwargs.setdefault("team", personas.team)
    customer = kwargs.pop("customer", personas.customer)
    return do_create_ticket(
        actor=customer,
        customer=customer,
        subject=kwargs.pop("subject", "The blouse fell apart in the wash"),
        body=kwargs.pop("body", "I bought it two days ago and have the receipt."),
        acknowledge=False,
        **kwargs,
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def page_url(ticket: Ticket, name: str = "ticket-detail") -> str:
    return reverse(f"tickets:{name}", args=[ticket.pk])


def snapshot(ticket: Ticket) -> tuple:
    """Everything an outsider's request could change."""
    ticket.refresh_from_db()
    return (
        ticket.status,
        ticket.priority,
        ticket.assignee_id,
        ticket.team_id,
        ticket.escalated_at,
        ticket.merged_into_id,
        ticket.transfer_count,
        ticket.messages.count(),
        ticket.events.count(),
        ticket.collaborators.count(),
        sorted(ticket.tags.values_list("name", flat=True)),
    )
