"""Pure rules of the SLA timers, without a database: warnings, VIP boost, phone holds.

- A target is warned about when `warn_at_percent` of its target time is used up
  (0 = never). `time_to_warning` says how much target time is left until then.
- The VIP boost (off by default) shortens a VIP customer's targets by a number of
  minutes, so their due times come earlier; it never makes a target negative.
- A phone hold longer than the hold target earns the customer an apology and a choice.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from frontdesk.sla.choices import TargetKind
from frontdesk.tickets import event_notes
from frontdesk.tickets.choices import Priority

PRIORITY_LADDER = (Priority.LOW, Priority.NORMAL, Priority.HIGH, Priority.URGENT)

HOLD_APOLOGY = _(
    "Thank you for holding, and I am sorry it is taking longer than I hoped. "
    "I am still working on it. Would you like to keep holding, or shall I call you back?"
)


def time_to_warning(target: timedelta, remaining: timedelta, percent: int) -> timedelta | None:
    """Target time still to run (from now) until `percent` of `target` is used up.

    None when warnings are off (0 %) or the target is empty; zero when the warning
    point has already passed.
    """
    if percent <= 0 or target <= timedelta(0):
        return None
    spare = target * (100 - min(percent, 100)) / 100  # what is left at the warning point
    return max(remaining - spare, timedelta(0))


def boosted_seconds(target_seconds: int, boost_minutes: int) -> int:
    """A VIP's target after the boost: `boost_minutes` shorter, never below zero."""
    return max(target_seconds - max(boost_minutes, 0) * 60, 0)


def raised_priority(priority: str) -> str:
    """One step up the ladder (low → normal → high → urgent); urgent stays urgent."""
    try:
        step = PRIORITY_LADDER.index(Priority(priority))
    except ValueError:
        return priority
    return PRIORITY_LADDER[min(step + 1, len(PRIORITY_LADDER) - 1)]


def hold_exceeded(started_at: datetime, now: datetime, limit_seconds: int) -> bool:
    """True once a phone hold that began at `started_at` has lasted over the limit."""
    return (now - started_at).total_seconds() > limit_seconds


def hold_apology() -> str:
    """The prompt for the agent (or the phone system) when a hold runs over its limit."""
    return str(HOLD_APOLOGY)


def deadline_note_template() -> str:
    return gettext("%(target)s due %(due)s")


def target_msgids() -> dict[str, str]:
    """Each target kind's English label: its msgid, worded again when a note is read."""
    with translation.override("en"):
        return {kind.value: str(kind.label) for kind in TargetKind}


def deadline_facts(msgid: str, due_at: datetime | None) -> str | None:
    """`TicketEvent.facts` (as JSON) of a breach event: the target and its due time."""
    if due_at is None:
        return None
    if due_at.tzinfo is None:  # read by raw SQL from SQLite: UTC
        due_at = due_at.replace(tzinfo=UTC)
    return json.dumps(
        event_notes.facts("deadline", target=event_notes.label(msgid), due=event_notes.at(due_at))
    )


def deadline_note(kind_label: str, due_at: datetime | None, template: str = "") -> str:
    """The note of a warning or breach event: which target, due when (UTC). Pass the
    translated `deadline_note_template()` when writing many."""
    if due_at is None:
        return str(kind_label)
    due = due_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (template or deadline_note_template()) % {"target": kind_label, "due": due}
