"""Which business calendar a ticket's business-hours targets run on (S1).

The order, first match wins:

1. the policy's own calendar, when the policy names one (`SlaPolicy.clock`);
2. the calendar of the ticket's team (`TeamHours`);
3. the calendar of that team's branch (`BranchHours`);
4. the calendar of the ticket's branch;
5. the default calendar (`BusinessCalendar.is_default`);
6. none at all: 24/7 (`ALWAYS_OPEN`).

Policies with `business_hours=False` always run 24/7, live targets in real time.
Steps 2–5 are one query per ticket, made only when a policy leaves the calendar to the
team, and remembered for the rest of the call (`TicketHours`). The calendar is looked up
whenever a due time is computed, so a change of a team's hours applies to due times
computed from then on; due times already set are not recomputed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, Subquery, Value, When

from frontdesk.accounts.models import Team
from frontdesk.sla import calendar as hours
from frontdesk.sla.models import ALWAYS_OPEN, BranchHours, BusinessCalendar, SlaTarget, TeamHours
from frontdesk.tickets.models import Ticket

TEAM, TEAM_BRANCH, TICKET_BRANCH, DEFAULT = 1, 2, 3, 4


def ticket_calendar(ticket: Ticket) -> BusinessCalendar | None:
    """The stored calendar of the ticket's team, branch or the default (one query)."""
    conditions: list[tuple[int, Q | Exists]] = []
    if ticket.team_id is not None:
        conditions.append(
            (TEAM, Exists(TeamHours.objects.filter(calendar=OuterRef("pk"), team=ticket.team_id)))
        )
        team_branch = Team.objects.filter(pk=ticket.team_id).values("branch_id")[:1]
        conditions.append(
            (
                TEAM_BRANCH,
                Exists(
                    BranchHours.objects.filter(
                        calendar=OuterRef("pk"), branch_id=Subquery(team_branch)
                    )
                ),
            )
        )
    if ticket.branch_id is not None:
        conditions.append(
            (
                TICKET_BRANCH,
                Exists(
                    BranchHours.objects.filter(calendar=OuterRef("pk"), branch=ticket.branch_id)
                ),
            )
        )
    conditions.append((DEFAULT, Q(is_default=True)))
    rank = Case(
        *(When(condition, then=Value(number)) for number, condition in conditions),
        default=Value(None),
        output_field=IntegerField(),
    )
    return (
        BusinessCalendar.objects.annotate(rank=rank)
        .filter(rank__isnull=False)
        .order_by("rank", "pk")
        .first()
    )


@dataclass
class TicketHours:
    """The clocks of one ticket's targets during one service call, looked up once."""

    ticket: Ticket
    _hours: hours.BusinessCalendar | None = field(default=None, init=False)
    _key: tuple[int | None, int | None] | None = field(default=None, init=False)

    def team_hours(self) -> hours.BusinessCalendar:
        """The pure calendar of the ticket's team/branch/default (24/7 without any)."""
        key = (self.ticket.team_id, self.ticket.branch_id)
        if self._hours is None or key != self._key:
            stored = ticket_calendar(self.ticket)
            self._hours = ALWAYS_OPEN if stored is None else _pure(stored)
            self._key = key
        return self._hours

    def clock(self, target: SlaTarget) -> hours.BusinessCalendar:
        """The calendar `target` runs on; the team's is looked up only when needed."""
        policy = target.policy
        if target.is_live or not policy.business_hours or policy.calendar_id is not None:
            return target.clock(ALWAYS_OPEN)  # the team's hours play no part
        return target.clock(self.team_hours())


def _pure(stored: BusinessCalendar) -> hours.BusinessCalendar:
    try:
        return stored.as_calendar()
    except (ValueError, TypeError):
        return ALWAYS_OPEN  # a calendar damaged outside the services: count calendar time
