"""When the follow-up of a solved ticket goes out (issue 20 item 22).

"Is a follow-up needed?" is answered per ticket when solving, with a day. The workspace's
`follow_up_days` is only the default answer: ticked when it is above 0, the day that many
days after the solve. The follow-up goes out on the chosen day at `SEND_HOUR` in the
business's time zone, or at the next opening of the ticket's business calendar (team,
branch or default, `sla.ticket_hours`) when the business is closed then: a weekend or a
public holiday moves it to the next working day. Without a calendar, 24/7 in the
installation's time zone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from frontdesk.sla import calendar as hours
from frontdesk.sla.ticket_hours import ticket_calendar
from frontdesk.tickets.models import Ticket

SEND_HOUR = 9
FALLBACK_DAYS = 3  # the day offered when the workspace has no default


def business_hours(ticket: Ticket) -> hours.BusinessCalendar:
    """The calendar of the ticket's team, branch or the default; 24/7 without one."""
    stored = ticket_calendar(ticket)
    if stored is not None:
        try:
            calendar = stored.as_calendar()
        except (ValueError, TypeError):
            calendar = None
        if calendar is not None and calendar.has_hours:
            return calendar
    return hours.BusinessCalendar.always(settings.TIME_ZONE)


def follow_up_time(
    ticket: Ticket, day: date, calendar: hours.BusinessCalendar | None = None
) -> datetime:
    """The moment to send a follow-up chosen for `day` (UTC)."""
    calendar = calendar or business_hours(ticket)
    start = datetime.combine(day, time(SEND_HOUR), tzinfo=calendar.zone).astimezone(UTC)
    return hours.next_open(calendar, start)


def default_time(ticket: Ticket, *, solved_at: datetime, days: int) -> datetime:
    """When the follow-up goes out by default: `days` after the solve (`FALLBACK_DAYS`
    when the workspace has none), at the first opening from `SEND_HOUR` that day."""
    calendar = business_hours(ticket)
    solved_on = timezone.localtime(solved_at, calendar.zone).date()
    return follow_up_time(ticket, solved_on + timedelta(days=days or FALLBACK_DAYS), calendar)


def default_day(ticket: Ticket, *, solved_at: datetime, days: int) -> date:
    """The day offered for the follow-up (`default_time`'s, a day the business opens)."""
    moment = default_time(ticket, solved_at=solved_at, days=days)
    return timezone.localtime(moment, business_hours(ticket).zone).date()


def local_day(moment: datetime, ticket: Ticket) -> date:
    """The date of `moment` in the business's time zone (the ticket's calendar's)."""
    return timezone.localtime(moment, business_hours(ticket).zone).date()
