"""Builders for the SLA tests: calendars, policies and tickets made through the services."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from frontdesk.customers.models import Customer
from frontdesk.sla.models import BusinessCalendar, SlaPolicy, SlaTarget
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
