"""The customer panel beside a ticket reads the customer's other tickets once, and says
the same as the separate queries it replaced when there are more than it reads."""

from __future__ import annotations

import pytest

from frontdesk.accounts.models import Workspace
from frontdesk.customers import queries
from frontdesk.customers.queries import customer_context
from frontdesk.tickets.choices import Status
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.tests.inbox_support import make_ticket


def _summary(context: queries.CustomerContext) -> tuple[object, ...]:
    return (
        context.previous.pk if context.previous else None,
        context.open_count,
        [t.pk for t in context.open_tickets],
        [t.pk for t in context.past_tickets],
    )


@pytest.mark.parametrize("target", [0, 3, 8])
def test_one_read_or_several_say_the_same(personas, monkeypatch, target):
    p = personas
    tickets = [make_ticket(p.customer, f"Request {n}", team=p.team) for n in range(9)]
    for number, ticket in enumerate(tickets):
        if number % 3 == 0:
            Ticket.objects.filter(pk=ticket.pk).update(status=Status.SOLVED)
    ticket = Ticket.objects.get(pk=tickets[target].pk)
    everything = _summary(customer_context(p.agent, ticket))
    monkeypatch.setattr(queries, "SCAN_OTHERS", queries.PAST_TICKETS)
    assert _summary(customer_context(p.agent, ticket)) == everything
    assert everything[1] == 6 - (ticket.status != Status.SOLVED)


def test_the_panel_costs_one_query(personas, django_assert_num_queries):
    p = personas
    tickets = [make_ticket(p.customer, f"Request {n}", team=p.team) for n in range(4)]
    with Workspace.request_scope():  # as in a request, with the settings already read
        Workspace.current()
        with django_assert_num_queries(1):
            context = customer_context(p.agent, tickets[1])
    assert context.previous is not None and context.previous.pk == tickets[0].pk
