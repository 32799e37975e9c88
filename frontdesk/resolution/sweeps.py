"""The sweeps of finishing the job, run on the worker's beat (`tasks.sweep_resolution`).

1. Action-plan reminders: open plans not yet reminded whose committed time is within the
   lead, through the partial index `action_plan_to_remind`. Each plan is claimed with a
   conditional UPDATE (`reminded_at IS NULL`) in the transaction that writes its
   reminder (a note and the author's deadline alert), so of two workers exactly one
   reminds.
2. Follow-ups: `SolvedTicket` rows whose `follow_up_at` (the day chosen when solving,
   `schedule.py`) has come, through the partial index `solved_ticket_follow_up_at` (see
   `follow_up.py` for the claim). A follow-up is never sent more than
   `FOLLOW_UP_MAX_LATE` late (after an outage), so old solved tickets are not all asked
   at once.
3. Auto-close: `SolvedTicket` rows solved `auto_close_days` ago, through the index
   `solved_ticket_close`, whose follow-up is settled (none, answered-window over, or
   given up); `do_auto_close_ticket` claims each by deleting its row.

Every query reads only what is due, in bounded batches that walk forward by
(time, id), so rows another worker holds or that failed are passed over, never re-read
in a loop; nothing scans all tickets.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from frontdesk.accounts.models import User
from frontdesk.resolution import follow_up, schedule
from frontdesk.resolution.models import ActionPlan, ResolutionSettings, SolvedTicket
from frontdesk.resolution.services import do_auto_close_ticket, supported_language
from frontdesk.sla.alert_services import do_alert_action_plan_due
from frontdesk.tickets.services import do_add_system_note

logger = logging.getLogger(__name__)

BATCH = 500
FOLLOW_UP_MAX_LATE = schedule.MAX_LATE


@dataclass
class SweepResult:
    reminded: int = 0
    followed_up: int = 0
    closed: int = 0


def do_sweep_resolution(*, now: datetime | None = None, batch_size: int = BATCH) -> SweepResult:
    now = now or timezone.now()
    config = ResolutionSettings.current()
    return SweepResult(
        reminded=do_remind_action_plans(
            now=now, lead=timedelta(minutes=config.reminder_lead_minutes), batch_size=batch_size
        ),
        followed_up=do_send_follow_ups(now=now, batch_size=batch_size),
        closed=do_auto_close_solved(now=now, days=config.auto_close_days, batch_size=batch_size),
    )


def _batches(due: QuerySet[Any], time_field: str, id_field: str, size: int) -> Iterator[list[int]]:
    """The ids of `due` in batches of `size`, ordered by (time, id), each after the last."""
    after: tuple[datetime, int] | None = None
    while True:
        page = due
        if after is not None:
            time, last_id = after
            page = page.filter(
                Q(**{f"{time_field}__gt": time})
                | Q(**{time_field: time, f"{id_field}__gt": last_id})
            )
        rows = list(page.order_by(time_field, id_field).values_list(time_field, id_field)[:size])
        if not rows:
            return
        yield [row_id for _time, row_id in rows]
        if len(rows) < size:
            return
        after = rows[-1]


def reminder_text(plan: ActionPlan) -> str:
    """The reminder note, in the author's language."""
    language = supported_language(plan.author.language if plan.author else "")
    with translation.override(language):
        due = formats.date_format(timezone.localtime(plan.due_at), "DATETIME_FORMAT")
        return _("Reminder for %(author)s: the action plan is due %(due)s.\nPlan: %(plan)s") % {
            "author": plan.author or _("the agent"),
            "due": due,
            "plan": plan.text,
        }


def reminder_recipient(plan: ActionPlan) -> User | None:
    """Who is alerted: the plan's author, else (gone or deactivated) the assignee."""
    for user in (plan.author, plan.ticket.assignee):
        if user is not None and user.is_active:
            return user
    return None


def do_remind_action_plans(*, now: datetime, lead: timedelta, batch_size: int = BATCH) -> int:
    """Remind the author of each open plan due within `lead`, once: an internal note on
    the ticket, and an alert on their Deadlines page (emailed like the deadline alerts,
    when they keep those emails on)."""
    due = ActionPlan.objects.filter(
        reminded_at__isnull=True, done_at__isnull=True, due_at__lte=now + lead
    )
    reminded = 0
    for plan_id in (pk for batch in _batches(due, "due_at", "id", batch_size) for pk in batch):
        with transaction.atomic():
            claimed = ActionPlan.objects.filter(
                pk=plan_id, reminded_at__isnull=True, done_at__isnull=True
            ).update(reminded_at=now)
            if not claimed:
                continue
            plan = ActionPlan.objects.select_related("ticket__assignee", "author").get(pk=plan_id)
            do_add_system_note(ticket=plan.ticket, body=reminder_text(plan), now=now)
            recipient = reminder_recipient(plan)
            if recipient is not None:
                do_alert_action_plan_due(
                    recipient=recipient,
                    ticket=plan.ticket,
                    plan_text=plan.text,
                    due_at=plan.due_at,
                    now=now,
                )
            reminded += 1
    return reminded


def do_send_follow_ups(*, now: datetime, batch_size: int = BATCH) -> int:
    """Ask "did it work?" on still solved tickets whose follow-up day has come."""
    due = SolvedTicket.objects.filter(
        follow_up_sent_at__isnull=True,
        follow_up_at__lte=now,
        follow_up_at__gt=now - FOLLOW_UP_MAX_LATE,
    )
    sent = 0
    batches = _batches(due, "follow_up_at", "ticket_id", batch_size)
    for ticket_id in (pk for batch in batches for pk in batch):
        try:
            outcome = follow_up.send_follow_up(ticket_id, now=now)
        except Exception:
            logger.warning("follow-up of ticket %s failed; retried later", ticket_id)
            continue
        sent += outcome == "sent"
    return sent


def do_auto_close_solved(*, now: datetime, days: int, batch_size: int = BATCH) -> int:
    """Close tickets solved `days` ago without a customer reply since (0 = off), once
    their follow-up is settled (`schedule.follow_up_settled`)."""
    if not days:
        return 0
    solved_before = now - timedelta(days=days)
    due = SolvedTicket.objects.filter(solved_at__lte=solved_before).filter(
        schedule.follow_up_settled(now)
    )
    closed = 0
    batches = _batches(due, "solved_at", "ticket_id", batch_size)
    for ticket_id in (pk for batch in batches for pk in batch):
        closed += do_auto_close_ticket(ticket_id=ticket_id, solved_before=solved_before, now=now)
    return closed
