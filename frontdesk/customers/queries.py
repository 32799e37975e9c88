"""Read queries about customers for staff screens: context beside a ticket (U3) and the
one timeline of every conversation (U1). Only tickets the actor may see are shown.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Substr
from django.http import Http404

from frontdesk.accounts.models import User
from frontdesk.accounts.visibility import is_branch_restricted
from frontdesk.audit.services import CUSTOMER_MODEL, record_hidden
from frontdesk.customers.models import Customer, Organization
from frontdesk.tickets.access import branch_scopes, tickets_and_scopes_for_actor, tickets_for_actor
from frontdesk.tickets.choices import ACTIVE_STATUSES, MessageKind
from frontdesk.tickets.models import Message, Ticket

PAST_TICKETS = 5
OPEN_LINKS = 5
EXCERPT_CHARS = 160
MEMBERS_SHOWN = 50
SCAN_OTHERS = 50  # a customer's other tickets read at once for the panel beside a ticket
assert SCAN_OTHERS >= PAST_TICKETS


@dataclass
class CustomerContext:
    customer: Customer
    previous: Ticket | None  # "last contacted <date> about <subject>"
    open_count: int
    open_tickets: list[Ticket]
    past_tickets: list[Ticket]
    satisfaction: None  # no surveys yet: the panel says "no ratings yet"
    transfer_count: int


def _others(actor: User, ticket: Ticket) -> QuerySet[Ticket]:
    fields = ("pk", "reference", "subject", "status", "created_at", "updated_at")
    return (
        tickets_for_actor(actor)
        .filter(customer_id=ticket.customer_id)
        .exclude(pk=ticket.pk)
        .only(*fields)
    )


def customer_context(actor: User, ticket: Ticket) -> CustomerContext:
    """What the agent should know about the customer beside this ticket: one query when
    the customer has at most `SCAN_OTHERS` other tickets (the usual case), else up to four."""
    others = _others(actor, ticket)
    newest_first = others.order_by("-created_at", "-pk")
    recent = list(newest_first[: SCAN_OTHERS + 1])
    if len(recent) <= SCAN_OTHERS:  # all of them: sort and count here
        open_all = sorted(
            (t for t in recent if t.status in ACTIVE_STATUSES),
            key=lambda t: (t.updated_at, t.pk),
            reverse=True,
        )
        open_list, open_count = open_all[:OPEN_LINKS], len(open_all)
    else:
        open_tickets = others.filter(status__in=ACTIVE_STATUSES).order_by("-updated_at", "-pk")
        open_list = list(open_tickets[: OPEN_LINKS + 1])
        open_count = len(open_list) if len(open_list) <= OPEN_LINKS else open_tickets.count()
    past = recent[:PAST_TICKETS]
    # The previous contact is the newest ticket created before this one: among `recent`
    # whenever any of them is older, or there is none when `recent` holds them all.
    previous = next((t for t in recent if t.created_at < ticket.created_at), None)
    if previous is None and len(recent) > SCAN_OTHERS:
        previous = newest_first.filter(created_at__lt=ticket.created_at).first()
    return CustomerContext(
        customer=ticket.customer,
        previous=previous,
        open_count=open_count,
        open_tickets=open_list[:OPEN_LINKS],
        past_tickets=past,
        satisfaction=None,
        transfer_count=ticket.transfer_count,
    )


def _timeline(tickets: QuerySet[Ticket]) -> QuerySet[Ticket]:
    """Newest conversation first, with an excerpt of its last public message."""
    last_public = Message.objects.filter(ticket=OuterRef("pk"), kind=MessageKind.REPLY).order_by(
        "-created_at", "-pk"
    )
    return (
        tickets.select_related("customer")
        .annotate(last_excerpt=Substr(Subquery(last_public.values("body")[:1]), 1, EXCERPT_CHARS))
        .order_by("-updated_at", "-pk")
    )


def customer_timeline(actor: User, customer: Customer) -> QuerySet[Ticket]:
    return _timeline(tickets_for_actor(actor).filter(customer=customer))


def organization_timeline(actor: User, organization: Organization) -> QuerySet[Ticket]:
    return _timeline(tickets_for_actor(actor).filter(customer__organization=organization))


def sees_every_ticket(actor: User, customer: Customer) -> bool:
    """Whether the staff member sees every ticket of the customer (one indexed query).

    The sign-in address of a customer opens all her requests in the help center, so only
    someone who already sees them all may change it (SECURITY.md 12).
    """
    visible, scopes = tickets_and_scopes_for_actor(actor)
    if scopes == [Q()]:
        return True
    if not scopes:
        return not Ticket.objects.filter(customer=customer).exists()
    hidden = Ticket.objects.filter(customer=customer).exclude(
        pk__in=visible.filter(customer=customer).values("pk")
    )
    return not hidden.exists()


def customers_for_actor(actor: User) -> QuerySet[Customer]:
    """The customers whose page and record a staff member may read.

    Every customer, except for a branch-restricted member (accounts/visibility.py): they
    see the customers who have a ticket in one of their branches or assigned to them
    (`tickets.access.branch_scopes`), sensitive or not — the timeline still hides the
    tickets they may not see. A customer without any ticket is tied to no branch and is
    hidden from them too. One EXISTS per customer on the `ticket_customer` index.
    """
    if not actor.is_active:
        return Customer.objects.none()
    if not is_branch_restricted(actor):
        return Customer.objects.all()
    tickets = Ticket.objects.filter(
        reduce(operator.or_, [*branch_scopes(actor), Q(assignee=actor)]),
        customer_id=OuterRef("pk"),
    )
    return Customer.objects.filter(Exists(tickets))


def access_customer(actor: User, customer_id: int) -> Customer:
    """A customer the staff member may read (`customers_for_actor`), else 404."""
    try:
        return customers_for_actor(actor).select_related("organization").get(pk=customer_id)
    except Customer.DoesNotExist:
        # A customer who exists but is hidden is a refusal (SECURITY.md 54); a wrong id not.
        if actor.is_active and Customer.objects.filter(pk=customer_id).exists():
            record_hidden(actor=actor, target_type=CUSTOMER_MODEL, target_id=customer_id)
        raise Http404("No such customer") from None
    except (ValueError, TypeError, OverflowError):
        raise Http404("No such customer") from None


def organization_members(actor: User, organization: Organization) -> tuple[list[Customer], int]:
    """The organization's members the actor may read (`customers_for_actor`), by name."""
    members = customers_for_actor(actor).filter(organization=organization).order_by("name", "pk")
    shown = list(members[:MEMBERS_SHOWN])
    return shown, len(shown) if len(shown) < MEMBERS_SHOWN else members.count()
