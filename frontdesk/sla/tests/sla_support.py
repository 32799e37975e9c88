"""Builders for the SLA tests: calendars, policies and tickets made through the services."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from frontdesk.customers.models import Customer
from frontdesk.sla.choices import BreachNotify
from frontdesk.sla.models import BusinessCalendar, SlaPolicy, SlaTarget
from frontdesk.tickets.choices import Priority
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import do_create_ticket

WORKWEEK = {day: ["09:00-17:00"] for day in ("mon", "tue", "wed", "thu", "fri")}


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def office(name: str = "UTC office", **fields: Any) -> BusinessCalendar:
    fields.setdefault("time_zone", "UTC")
    fields.setdefault("weekly_hours", WORKWEEK)
    return BusinessCalendar.objects.create(name=name, **fields)


def only_policies(*policies: dict[str, Any]) -> list[SlaPolicy]:
    """Switch the default policies off and create these (in position order)."""
    SlaPolicy.objects.update(active=False)
    calendar = office()
    created = []
    for number, fields in enumerate(policies):
        fields = {"calendar": calendar, "position": number + 1, **fields}
        fields.setdefault("name", f"policy {number}")
        created.append(SlaPolicy.objects.create(**fields))
    return created


def ticket(customer: Customer, now: datetime, **fields: Any) -> Ticket:
    return do_create_ticket(
        actor=None,
        customer=customer,
        subject="Broken kettle",
        body="It stopped working after a week.",
        acknowledge=False,
        now=now,
        **fields,
    )


def target(ticket: Ticket, kind: str) -> SlaTarget:
    """The latest target of this kind."""
    return SlaTarget.objects.filter(ticket=ticket, kind=kind).order_by("-pk").first()  # type: ignore[return-value]


def escalating_tickets(p: Any, count: int, start: datetime) -> list[Ticket]:
    """`count` low-priority tickets of anna's in a team led by oskar, a second apart from
    `start`, under one 24/7 policy (first response 60 min, resolution 100 min) that
    tells the lead and the managers of a breach and raises the priority. At 85 minutes
    every first response is late and every resolution past its 80 % warning."""
    p.team.lead = p.other_agent
    p.team.save()
    only_policies(
        {
            "first_response_minutes": 60,
            "resolution_minutes": 100,
            "business_hours": False,
            "on_breach_notify": BreachNotify.LEAD_AND_MANAGERS,
            "on_breach_raise_priority": True,
        }
    )
    return [
        ticket(
            p.customer,
            start + timedelta(seconds=n),
            assignee=p.agent,
            team=p.team,
            priority=Priority.LOW,
        )
        for n in range(count)
    ]
