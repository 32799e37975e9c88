"""When the follow-up of a solved ticket goes out (issue 20 item 22).

"Is a follow-up needed?" is answered per ticket when solving, with a day. The workspace's
`follow_up_days` is only the default answer: ticked when it is above 0, the day that many
days after the solve. The follow-up goes out on the chosen day at `SEND_HOUR` in the
business's time zone, or at the next opening of the ticket's business calendar (team,
branch or default, `sla.ticket_hours`) when the business is closed then: a weekend or a
public holiday moves it to the next working day. Without a calendar, business days are
Monday to Friday in the installation's time zone (`WORKING_WEEK`).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from frontdesk.sla import calendar as hours
from frontdesk.sla.ticket_hours import ticket_calendar
from frontdesk.tickets.models import Ticket

SEND_HOUR = 9
ANSWER_WINDOW = timedelta(days=1)  # after a follow-up, before the ticket closes by itself
MAX_LATE = timedelta(days=2)  # a follow-up due longer ago is not sent any more
MAX_ATTEMPTS = 3  # sends of one follow-up that failed before it is given up
FALLBACK_DAYS = 3  # the day offered when the workspace has no default
# When nobody has set business hours: a follow-up goes out on a weekday, from SEND_HOUR.
WORKING_WEEK = {day: ["00:00-23:59"] for day in ("mon", "tue", "wed", "thu", "fri")}


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
    return hours.BusinessCalendar(
        time_zone=settings.TIME_ZONE, weekly_hours=hours.parse_weekly_hours(WORKING_WEEK)
    )


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
    calendar = business_hours(ticket)  # read once: the ticket page shows this day
    solved_on = timezone.localtime(solved_at, calendar.zone).date()
    moment = follow_up_time(ticket, solved_on + timedelta(days=days or FALLBACK_DAYS), calendar)
    return timezone.localtime(moment, calendar.zone).date()


def local_day(moment: datetime, ticket: Ticket) -> date:
    """The date of `moment` in the business's time zone (the ticket's calendar's)."""
    return timezone.localtime(moment, business_hours(ticket).zone).date()


def follow_up_settled(now: datetime) -> Q:
    """`SolvedTicket` rows whose follow-up no longer holds the ticket open: none planned,
    sent at least `ANSWER_WINDOW` ago (the customer had time to answer), or given up
    (too late or failed too often). Auto-close closes only these, so a follow-up chosen
    for a day after the usual auto-close still goes out first."""
    return (
        Q(follow_up_at__isnull=True)
        | Q(follow_up_sent_at__lte=now - ANSWER_WINDOW)
        | Q(follow_up_sent_at__isnull=True, follow_up_at__lte=now - MAX_LATE)
        | Q(follow_up_sent_at__isnull=True, follow_up_attempts__gte=MAX_ATTEMPTS)
    )
