"""The write path of finishing the job (T7): the checklist and its settings, solving,
action plans, and closing solved tickets that got no reply.

Every function is a transaction with keyword-only arguments; ticket changes go through
the ticket services (or, for the system's own auto-close, record the same event and run
the same hooks), and live updates are published on commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from frontdesk.accounts.models import User
from frontdesk.core.errors import Conflict, Forbidden, Invalid
from frontdesk.core.text import clean_text, one_line
from frontdesk.resolution import schedule
from frontdesk.resolution.guard import solving
from frontdesk.resolution.models import (
    ActionPlan,
    ChecklistItem,
    ResolutionSettings,
    SolvedTicket,
    SolveRecord,
)
from frontdesk.tickets import event_notes, hooks
from frontdesk.tickets.access import Actor
from frontdesk.tickets.choices import EventKind, Status
from frontdesk.tickets.live import publish_on_commit
from frontdesk.tickets.models import Ticket, TicketEvent
from frontdesk.tickets.services import do_update_ticket

MAX_ITEM_TEXT = 300
MAX_PLAN_TEXT = 2000
MAX_NOTE = 10_000
MAX_DAYS = 365
MAX_LEAD_MINUTES = 7 * 24 * 60


def _staff(actor: Actor | None) -> User:
    if not isinstance(actor, User) or not actor.is_active:
        raise Forbidden(_("Only staff can do this."))
    return actor


def _manager(actor: Actor | None) -> User:
    user = _staff(actor)
    if not user.is_manager:
        raise Forbidden(_("Only managers and administrators can change this."))
    return user


def supported_language(code: str | None) -> str:
    """`code` reduced to one of the installation's languages (else the default)."""
    supported = {language for language, _name in settings.LANGUAGES}
    base = (code or "").split("-")[0].lower()
    return base if base in supported else settings.LANGUAGE_CODE


# --- the checklist and the settings (managers) -------------------------------------------


def _clean_texts(texts: Mapping[str, str]) -> dict[str, str]:
    supported = {language for language, _name in settings.LANGUAGES}
    cleaned: dict[str, str] = {}
    for language, text in texts.items():
        if language not in supported:
            raise Invalid(
                _("Unknown language %(language)r.") % {"language": language}, field="texts"
            )
        text = one_line(text or "", MAX_ITEM_TEXT)
        if text:
            cleaned[language] = text
    if not cleaned.get("en"):
        raise Invalid(_("The English wording is required."), field="text_en")
    return cleaned


@transaction.atomic
def do_create_checklist_item(
    *,
    actor: Actor,
    texts: Mapping[str, str],
    position: int = 0,
    required: bool = True,
    active: bool = True,
) -> ChecklistItem:
    _manager(actor)
    return ChecklistItem.objects.create(
        texts=_clean_texts(texts), position=position, required=required, active=active
    )


@transaction.atomic
def do_update_checklist_item(
    *,
    actor: Actor,
    item: ChecklistItem,
    texts: Mapping[str, str],
    position: int,
    required: bool,
    active: bool,
) -> ChecklistItem:
    _manager(actor)
    item.texts = _clean_texts(texts)
    item.position = position
    item.required = required
    item.active = active
    item.updated_at = timezone.now()
    item.save()
    return item


@transaction.atomic
def do_update_resolution_settings(
    *, actor: Actor, follow_up_days: int, auto_close_days: int, reminder_lead_minutes: int
) -> ResolutionSettings:
    _manager(actor)
    for field, value, limit in (
        ("follow_up_days", follow_up_days, MAX_DAYS),
        ("auto_close_days", auto_close_days, MAX_DAYS),
        ("reminder_lead_minutes", reminder_lead_minutes, MAX_LEAD_MINUTES),
    ):
        if not 0 <= value <= limit:
            raise Invalid(_("Use a number from 0 to %(limit)s.") % {"limit": limit}, field=field)
    if follow_up_days and auto_close_days and auto_close_days <= follow_up_days:
        raise Invalid(
            _("Close solved tickets later than the follow-up, so the customer can answer it."),
            field="auto_close_days",
        )
    config = ResolutionSettings.current()
    config.follow_up_days = follow_up_days
    config.auto_close_days = auto_close_days
    config.reminder_lead_minutes = reminder_lead_minutes
    config.updated_at = timezone.now()
    config.save()
    return config


# --- solving -----------------------------------------------------------------------------


def _summary(answers: list[dict[str, Any]], note: str) -> str:
    lines = [("✓ " if row["answer"] else "✗ ") + row["text"] for row in answers]
    if note:
        lines.append(_("Note: %(note)s") % {"note": note})
    return "\n".join(lines)


def check_answers(answers: Mapping[int, bool], *, language: str) -> list[ChecklistItem]:
    """The active checklist, after checking every required item is answered yes."""
    items = list(ChecklistItem.objects.filter(active=True))
    unknown = sorted(set(answers) - {item.pk for item in items})
    if unknown:
        raise Invalid(
            _("Unknown checklist item: %(ids)s.") % {"ids": ", ".join(map(str, unknown))},
            field="answers",
        )
    missing = [item for item in items if item.required and answers.get(item.pk) is not True]
    if missing:
        names = ", ".join(f"“{item.text_for(language)}”" for item in missing)
        raise Invalid(
            _("To solve the ticket, answer yes to: %(items)s") % {"items": names},
            field="answers",
        )
    return items


@transaction.atomic
def do_solve_ticket(
    *,
    actor: Actor,
    ticket: Ticket,
    answers: Mapping[int, bool],
    note: str = "",
    language: str | None = None,
    follow_up: bool | None = None,
    follow_up_on: date | None = None,
    now: datetime | None = None,
) -> SolveRecord:
    """Solve the ticket after the checklist: every active required item answered yes.

    The record keeps each item's wording as shown (in `language`, by default the active
    one) with its answer; the status event in the history carries the same summary.
    `follow_up` answers "Is a follow-up needed?" (None: the workspace's default answer),
    `follow_up_on` the day (by default the workspace's; see `schedule`).
    """
    staff = _staff(actor)
    now = now or timezone.now()
    language = supported_language(language or translation.get_language())
    note = clean_text(note or "").strip()[:MAX_NOTE]
    items = check_answers(answers, language=language)
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.status == Status.SOLVED:
        raise Conflict(_("This ticket is already solved."), field="status")
    if locked.status == Status.CLOSED:
        raise Conflict(_("This ticket is closed; reopen it first."), field="status")
    rows = [
        {
            "item_id": item.pk,
            "text": item.text_for(language),
            "required": item.required,
            "answer": answers.get(item.pk) is True,
        }
        for item in items
    ]
    with solving():
        do_update_ticket(actor=staff, ticket=locked, status=Status.SOLVED, now=now)
    # Each item's wording in every language, so each reader sees their own.
    said = [
        {"answer": row["answer"], "text": {"texts": item.texts or {language: row["text"]}}}
        for item, row in zip(items, rows, strict=True)
    ]
    TicketEvent.objects.filter(
        ticket=locked, field="status", new_value=Status.SOLVED, created_at=now
    ).update(note=_summary(rows, note), facts=event_notes.facts("solved", items=said, note=note))
    follow_up_day = _schedule_follow_up(locked, follow_up=follow_up, day=follow_up_on, now=now)
    ticket.refresh_from_db()
    return SolveRecord.objects.create(
        ticket=locked,
        actor=staff,
        language=language,
        answers=rows,
        note=note,
        follow_up_on=follow_up_day,
        created_at=now,
    )


def _schedule_follow_up(
    ticket: Ticket, *, follow_up: bool | None, day: date | None, now: datetime
) -> date | None:
    """Write the agent's answer to the schedule the solve created (`hooks.track_solved`,
    with the default answer); the day of the follow-up, or None for none."""
    row = SolvedTicket.objects.filter(ticket_id=ticket.pk)
    if follow_up is None and day is None:
        at = row.values_list("follow_up_at", flat=True).first()
        return None if at is None else schedule.local_day(at, ticket)
    if follow_up is False:
        row.update(follow_up_at=None)
        return None
    config = ResolutionSettings.current()
    if day is None:
        day = schedule.default_day(ticket, solved_at=now, days=config.follow_up_days)
    today = schedule.local_day(now, ticket)
    if day < today:
        raise Invalid(_("Choose today or a later day for the follow-up."), field="follow_up_on")
    if day > today + timedelta(days=MAX_DAYS):
        raise Invalid(_("Choose a day within a year."), field="follow_up_on")
    row.update(follow_up_at=schedule.follow_up_time(ticket, day))
    return day


# --- action plans ------------------------------------------------------------------------


@transaction.atomic
def do_create_action_plan(
    *, actor: Actor, ticket: Ticket, text: str, due_at: datetime, now: datetime | None = None
) -> ActionPlan:
    """Record what the agent will do and the time they commit to (reminded before it)."""
    staff = _staff(actor)
    now = now or timezone.now()
    text = clean_text(text or "").strip()
    if not text:
        raise Invalid(_("Describe the plan."), field="text")
    if len(text) > MAX_PLAN_TEXT:
        raise Invalid(
            _("Keep the plan under %(limit)s characters.") % {"limit": MAX_PLAN_TEXT},
            field="text",
        )
    if timezone.is_naive(due_at):
        raise Invalid(_("Give the committed time with its time zone."), field="due_at")
    if due_at <= now:
        raise Invalid(_("The committed time must be in the future."), field="due_at")
    if due_at > now + timedelta(days=MAX_DAYS):
        raise Invalid(_("Commit to a time within a year."), field="due_at")
    plan = ActionPlan.objects.create(
        ticket=ticket, author=staff, text=text, due_at=due_at, created_at=now
    )
    TicketEvent.objects.create(
        ticket=ticket,
        kind=EventKind.CHANGED,
        field="action_plan",
        new_value=one_line(text, 200),
        note=_("Committed time: %(due)s")
        % {"due": f"{timezone.localtime(due_at):%Y-%m-%d %H:%M %Z}"},
        facts=event_notes.facts("committed_time", due=event_notes.at(due_at)),
        actor_user=staff,
        created_at=now,
    )
    publish_on_commit(ticket.pk)
    return plan


@transaction.atomic
def do_complete_action_plan(
    *, actor: Actor, plan: ActionPlan, now: datetime | None = None
) -> ActionPlan:
    """Mark the plan done (again is a no-op); a done plan is not reminded."""
    staff = _staff(actor)
    now = now or timezone.now()
    done = ActionPlan.objects.filter(pk=plan.pk, done_at__isnull=True).update(
        done_at=now, done_by=staff
    )
    if done:
        TicketEvent.objects.create(
            ticket_id=plan.ticket_id,
            kind=EventKind.CHANGED,
            field="action_plan",
            old_value=one_line(plan.text, 200),
            new_value=_("done"),
            actor_user=staff,
            created_at=now,
        )
        publish_on_commit(plan.ticket_id)
    plan.refresh_from_db()
    return plan


# --- closing solved tickets --------------------------------------------------------------


@transaction.atomic
def do_auto_close_ticket(*, ticket_id: int, solved_before: datetime, now: datetime) -> bool:
    """Close a ticket solved before `solved_before` that got no reply since (the system
    is the actor), once its follow-up is settled (`schedule.follow_up_settled`). The
    `SolvedTicket` row is the claim: of two sweeps, one deletes it."""
    ticket = Ticket.objects.select_for_update().filter(pk=ticket_id).first()
    claimed, _rows = (
        SolvedTicket.objects.filter(ticket_id=ticket_id, solved_at__lte=solved_before)
        .filter(schedule.follow_up_settled(now))
        .delete()
    )
    if ticket is None or not claimed or ticket.status != Status.SOLVED:
        return False
    ticket.status = Status.CLOSED
    ticket.closed_at = now
    ticket.updated_at = now
    ticket.save(update_fields=["status", "closed_at", "updated_at"])
    event = TicketEvent.objects.create(
        ticket=ticket,
        kind=EventKind.CHANGED,
        field="status",
        old_value=Status.SOLVED,
        new_value=Status.CLOSED,
        note=_("Closed automatically: no reply since it was solved."),
        facts=event_notes.facts("auto_closed"),
        created_at=now,
    )
    hooks.ticket_changed(ticket, now=now, events=[event])
    publish_on_commit(ticket.pk)
    return True
