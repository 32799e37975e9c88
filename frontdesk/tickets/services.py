"""The one write path for tickets: every change is a transaction that records events.

Side effects (the acknowledgement job, live updates) run on commit, never in save().
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.accounts.models import Branch, Brand, Team, User
from frontdesk.core.cards import mask_card_numbers_in
from frontdesk.core.errors import Conflict, Forbidden, Invalid
from frontdesk.core.jobs import enqueue_with_transaction
from frontdesk.core.languages import detect_language
from frontdesk.core.text import clean_text, one_line, sanitize_html
from frontdesk.customers.models import Customer
from frontdesk.tickets import attachments as attachment_store
from frontdesk.tickets import event_notes, hooks, search
from frontdesk.tickets.access import Actor
from frontdesk.tickets.choices import (
    ACTIVE_STATUSES,
    AckState,
    AuthorType,
    Channel,
    EventKind,
    MessageKind,
    Priority,
    Status,
    TicketType,
)
from frontdesk.tickets.live import publish_on_commit
from frontdesk.tickets.models import Message, Tag, Ticket, TicketEvent

REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
UNSET: Any = object()


@dataclass(frozen=True)
class NewAttachment:
    filename: str
    content: bytes
    content_type: str = "application/octet-stream"


def new_reference() -> str:
    for _attempt in range(10):
        ref = "FD-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(7))
        if not Ticket.objects.filter(reference=ref).exists():
            return ref
    raise Conflict("Could not allocate a ticket reference; try again")


def _actor_fields(actor: Actor | None) -> dict[str, Any]:
    if isinstance(actor, User):
        return {"actor_user": actor}
    if isinstance(actor, Customer):
        return {"actor_customer": actor}
    return {}


def _event(
    ticket: Ticket,
    actor: Actor | None,
    kind: str,
    *,
    field: str = "",
    old: object = "",
    new: object = "",
    note: str = "",
    now: datetime | None = None,
) -> TicketEvent:
    return TicketEvent(
        ticket=ticket,
        kind=kind,
        field=field,
        old_value="" if old is None else str(old),
        new_value="" if new is None else str(new),
        note=note,
        created_at=now or timezone.now(),
        **_actor_fields(actor),
    )


def _index(message: Message, *, subject: str = "", language: str = "") -> None:
    search.index_message(
        message_id=message.pk,
        ticket_id=message.ticket_id,
        subject=subject,
        body=message.body,
        internal=message.kind == MessageKind.NOTE,
        language=language,
    )


def _require_staff(actor: Actor) -> User:
    if not isinstance(actor, User):
        raise Forbidden(_("Only staff can do this."))
    return actor


def _clean_tags(names: Iterable[str]) -> list[Tag]:
    from django.utils.text import slugify

    slugs = []
    for name in names:
        slug = slugify(str(name), allow_unicode=True)[:50]
        if not slug:
            raise Invalid(_("Tag %(tag)r is empty after cleaning.") % {"tag": name}, field="tags")
        if slug not in slugs:
            slugs.append(slug)
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=slugs)}
    for slug in slugs:
        if slug not in existing:
            existing[slug], _created = Tag.objects.get_or_create(name=slug)
    return [existing[slug] for slug in slugs]


def _validate_choice(value: str, choices: type[models.TextChoices], field: str) -> str:
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        raise Invalid(
            _("Unknown %(field)s %(value)r; use one of: %(allowed)s")
            % {"field": field, "value": value, "allowed": allowed},
            field=field,
        )
    return value


@transaction.atomic
def do_create_ticket(
    *,
    actor: Actor | None,
    customer: Customer,
    subject: str,
    body: str,
    channel: str = Channel.WEB,
    priority: str = Priority.NORMAL,
    type: str = TicketType.QUESTION,
    team: Team | None = None,
    assignee: User | None = None,
    branch: Branch | None = None,
    brand: Brand | None = None,
    tags: Sequence[str] = (),
    language: str = "",
    language_hint: str = "",
    body_html: str = "",
    attachments: Sequence[NewAttachment] = (),
    acknowledge: bool = True,
    external_id: str = "",
    quoted_text: str = "",
    reply_address: str = "",
    first_message_internal: bool = False,
    now: datetime | None = None,
) -> Ticket:
    """Open a ticket whose first message is the customer's request (staff opening one for
    a caller or a walk-in may write it as their internal note: `first_message_internal`).

    The ticket's language is `language` when given (the API's field, a channel that knows
    it), else the customer's, else the language the message is written in when the
    detector is sure, else `language_hint` (the interface the customer wrote from). A
    customer with no language yet keeps the ticket's (docs/translating.md).
    """
    now = now or timezone.now()
    subject = one_line(subject)
    body = clean_text(body).strip()
    # Card numbers never reach the database or the search index (docs/privacy.md).
    subject, body, body_html, quoted_text = mask_card_numbers_in(
        subject, body, body_html, quoted_text
    )
    if not subject:
        raise Invalid(_("The subject is required."), field="subject")
    if not body and not attachments:
        raise Invalid(_("The message is required."), field="body")
    _validate_choice(channel, Channel, "channel")
    _validate_choice(priority, Priority, "priority")
    _validate_choice(type, TicketType, "type")
    language = language or customer.language
    if not language and not first_message_internal:  # staff's own note tells nothing
        language = detect_language(f"{subject}\n{body}")
    language = language or language_hint
    if language and not customer.language:
        customer.language = language
        customer.save(update_fields=["language"])
    ticket = Ticket.objects.create(
        reference=new_reference(),
        subject=subject,
        priority=priority,
        type=type,
        channel=channel,
        language=language,
        customer=customer,
        team=team,
        assignee=assignee,
        branch=branch,
        brand=brand,
        created_at=now,
        updated_at=now,
        status=Status.OPEN if assignee else Status.NEW,
        ack_state=AckState.PENDING if acknowledge else AckState.NONE,
        reply_address=reply_address,
    )
    if tags:
        ticket.tags.set(_clean_tags(tags))
    first: dict[str, Any] = {
        "kind": MessageKind.REPLY,
        "author_type": AuthorType.CUSTOMER,
        "author_customer": customer,
    }
    if first_message_internal:
        first = {
            "kind": MessageKind.NOTE,
            "author_type": AuthorType.AGENT,
            "author_user": _require_staff(actor) if actor else _require_staff(customer),
        }
    message = Message.objects.create(
        ticket=ticket,
        **first,
        channel=channel,
        body=body,
        body_html=sanitize_html(body_html) if body_html else "",
        quoted_text=clean_text(quoted_text).strip(),
        external_id=external_id[:255],
        created_at=now,
    )
    attachment_store.store_all(message, attachments)
    _index(message, subject=ticket.subject, language=ticket.language)
    _event(ticket, actor, EventKind.CREATED, new=ticket.reference, now=now).save()
    hooks.ticket_created(ticket)
    if acknowledge:
        from frontdesk.tickets.tasks import acknowledge_ticket

        enqueue_with_transaction(acknowledge_ticket, ticket.pk)
    publish_on_commit(ticket.pk)
    return ticket


@transaction.atomic
def do_add_message(
    *,
    actor: Actor,
    ticket: Ticket,
    body: str,
    internal: bool = False,
    channel: str | None = None,
    body_html: str = "",
    attachments: Sequence[NewAttachment] = (),
    external_id: str = "",
    quoted_text: str = "",
    now: datetime | None = None,
) -> Message:
    """Add a public reply or an internal note: every channel ends here."""
    now = now or timezone.now()
    body = clean_text(body).strip()
    body, body_html, quoted_text = mask_card_numbers_in(body, body_html, quoted_text)
    if not body and not attachments:
        raise Invalid(_("The message is required."), field="body")
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    events: list[TicketEvent] = []
    if isinstance(actor, Customer):
        if internal:
            raise Forbidden(_("Customers cannot write internal notes."), field="internal")
        author = {"author_type": AuthorType.CUSTOMER, "author_customer": actor}
        if ticket.status not in (Status.NEW, Status.OPEN):
            old_status = ticket.status
            if old_status in (Status.SOLVED, Status.CLOSED):
                ticket.reopen_count += 1
                kind = EventKind.REOPENED
            else:
                kind = EventKind.CHANGED
            ticket.status = Status.OPEN if ticket.assignee_id else Status.NEW
            ticket.solved_at = None
            ticket.closed_at = None
            events.append(
                _event(
                    ticket, actor, kind, field="status", old=old_status, new=ticket.status, now=now
                )
            )
    else:
        if not internal and not actor.can_reply_publicly:
            raise Forbidden(_("Light agents can only add internal notes."), field="internal")
        author = {"author_type": AuthorType.AGENT, "author_user": actor}
        if not internal:
            if ticket.first_response_at is None:
                ticket.first_response_at = now
            if ticket.status == Status.NEW:
                events.append(
                    _event(
                        ticket,
                        actor,
                        EventKind.CHANGED,
                        field="status",
                        old=ticket.status,
                        new=Status.OPEN,
                        now=now,
                    )
                )
                ticket.status = Status.OPEN
    message = Message.objects.create(
        ticket=ticket,
        kind=MessageKind.NOTE if internal else MessageKind.REPLY,
        channel=channel or ticket.channel,
        body=body,
        body_html=sanitize_html(body_html) if body_html else "",
        quoted_text=clean_text(quoted_text).strip(),
        external_id=external_id[:255],
        created_at=now,
        **author,
    )
    attachment_store.store_all(message, attachments)
    _index(message, language=ticket.language)
    events.append(
        _event(
            ticket,
            actor,
            EventKind.NOTE if internal else EventKind.MESSAGE,
            new=message.pk,
            now=now,
        )
    )
    TicketEvent.objects.bulk_create(events)
    ticket.updated_at = now
    ticket.save()
    hooks.ticket_changed(ticket, now=now, events=events, message=message)
    publish_on_commit(ticket.pk)
    return message


@transaction.atomic
def do_add_system_note(
    *,
    ticket: Ticket,
    body: str,
    channel: str | None = None,
    facts: dict[str, Any] | None = None,
    now: datetime | None = None,
) -> Message:
    """An internal note written by Frontdesk itself (a bounce, a delivery failure). `body`
    is its wording now; `facts` words it again in each reader's language
    (tickets/event_notes.py)."""
    now = now or timezone.now()
    (body,) = mask_card_numbers_in(clean_text(body).strip())
    if not body:
        raise Invalid(_("The message is required."), field="body")
    message = Message.objects.create(
        ticket=ticket,
        kind=MessageKind.NOTE,
        author_type=AuthorType.SYSTEM,
        channel=channel or ticket.channel,
        body=body,
        facts=facts,
        created_at=now,
    )
    event = _event(ticket, None, EventKind.NOTE, new=message.pk, now=now)
    event.save()
    Ticket.objects.filter(pk=ticket.pk).update(updated_at=now)
    publish_on_commit(ticket.pk)
    return message


@transaction.atomic
def do_update_ticket(
    *,
    actor: Actor,
    ticket: Ticket,
    status: str = UNSET,
    priority: str = UNSET,
    type: str = UNSET,
    assignee: User | None = UNSET,
    team: Team | None = UNSET,
    branch: Branch | None = UNSET,
    tags: Sequence[str] = UNSET,
    subject: str = UNSET,
    handoff_note: str = "",
    now: datetime | None = None,
) -> Ticket:
    """Change ticket fields; moving it between agents or teams is a transfer (T3)."""
    staff = _require_staff(actor)
    now = now or timezone.now()
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    events: list[TicketEvent] = []

    def change(field: str, new: Any, label_old: Any = None, label_new: Any = None) -> None:
        old = getattr(ticket, field)
        if old == new:
            return
        events.append(
            _event(
                ticket,
                staff,
                EventKind.CHANGED,
                field=field.removesuffix("_id"),
                old=label_old if label_old is not None else old,
                new=label_new if label_new is not None else new,
                now=now,
            )
        )
        setattr(ticket, field, new)

    if subject is not UNSET:
        subject = one_line(subject)
        if not subject:
            raise Invalid(_("The subject is required."), field="subject")
        if subject != ticket.subject:
            search.reindex_subject(ticket_id=ticket.pk, subject=subject, language=ticket.language)
        change("subject", subject)
    if priority is not UNSET:
        change("priority", _validate_choice(priority, Priority, "priority"))
    if type is not UNSET:
        change("type", _validate_choice(type, TicketType, "type"))
    scope = (ticket.team_id, ticket.branch_id, ticket.assignee_id)
    if branch is not UNSET:
        change(
            "branch_id", branch.pk if branch else None, str(ticket.branch or ""), str(branch or "")
        )
    _transfer(ticket, staff, events, assignee=assignee, team=team, note=handoff_note, now=now)
    if status is not UNSET:
        _validate_choice(status, Status, "status")
        old_status = ticket.status
        if status != old_status and status in (Status.SOLVED, Status.CLOSED):
            _finish_loose_ends(ticket, staff, events, now)
        if status != old_status:
            _apply_status(ticket, status, now)
            kind = (
                EventKind.REOPENED
                if ticket.status in ACTIVE_STATUSES and old_status in (Status.SOLVED, Status.CLOSED)
                else EventKind.CHANGED
            )
            events.append(
                _event(ticket, staff, kind, field="status", old=old_status, new=status, now=now)
            )
    if tags is not UNSET:
        new_tags = _clean_tags(tags)
        old_names = sorted(ticket.tags.values_list("name", flat=True))
        new_names = sorted(tag.name for tag in new_tags)
        if old_names != new_names:
            ticket.tags.set(new_tags)
            events.append(
                _event(
                    ticket,
                    staff,
                    EventKind.CHANGED,
                    field="tags",
                    old=", ".join(old_names),
                    new=", ".join(new_names),
                    now=now,
                )
            )
    if events:
        ticket.updated_at = now
        ticket.save()
        if (ticket.team_id, ticket.branch_id, ticket.assignee_id) != scope:
            search.rescope_ticket(ticket.pk)  # who may find it changed
        TicketEvent.objects.bulk_create(events)
        hooks.ticket_changed(ticket, now=now, events=events)
        publish_on_commit(ticket.pk)
    return ticket


def _finish_loose_ends(
    ticket: Ticket, actor: User, events: list[TicketEvent], now: datetime
) -> None:
    """Before a ticket is solved or closed: an open escalation is a manager's to close
    (their solve closes it, with its own history event; anyone else is refused), and an
    unassigned ticket is assigned to whoever solves it, so it always has an owner."""
    if ticket.escalated_at is not None:
        if not actor.is_manager:
            raise Conflict(
                _(
                    "This ticket is escalated: a manager resolves the escalation before it "
                    "is solved (or solves it)."
                ),
                field="escalation",
            )
        ticket.escalated_at = None
        note = _("Closed by solving the ticket.")
        events.append(_event(ticket, actor, EventKind.DEESCALATED, note=note, now=now))
    if ticket.assignee_id is None and actor.is_active:
        events.append(
            _event(ticket, actor, EventKind.CHANGED, field="assignee", old="", new=actor, now=now)
        )
        ticket.assignee = actor


def _apply_status(ticket: Ticket, status: str, now: datetime) -> None:
    if status == Status.NEW and ticket.status != Status.NEW:
        raise Invalid(_("A ticket cannot go back to new."), field="status")
    if status in (Status.SOLVED, Status.CLOSED):
        ticket.solved_at = ticket.solved_at or now
        if status == Status.CLOSED:
            ticket.closed_at = now
    elif ticket.status in (Status.SOLVED, Status.CLOSED):
        ticket.reopen_count += 1
        ticket.solved_at = None
        ticket.closed_at = None
    ticket.status = status


def _transfer(
    ticket: Ticket,
    actor: User,
    events: list[TicketEvent],
    *,
    assignee: User | None,
    team: Team | None,
    note: str,
    now: datetime,
) -> None:
    """Record assignment and team changes; a move away from someone needs a hand-off note."""
    changes: list[tuple[str, Any, Any]] = []
    if assignee is not UNSET and assignee != ticket.assignee:
        if assignee is not None and not assignee.is_active:
            raise Invalid(_("That agent is not active."), field="assignee")
        changes.append(("assignee", ticket.assignee, assignee))
    if team is not UNSET and team != ticket.team:
        changes.append(("team", ticket.team, team))
    if not changes:
        _keep_as_note(ticket, actor, events, note, now)
        return
    is_transfer = any(old is not None for _field, old, _new in changes)
    (note,) = mask_card_numbers_in(clean_text(note).strip())
    if is_transfer and not note:
        raise Invalid(
            _("A transfer needs a hand-off note so the customer never has to explain twice."),
            field="handoff_note",
        )
    for field, old, new in changes:
        setattr(ticket, field, new)
        events.append(
            _event(
                ticket,
                actor,
                EventKind.TRANSFER if is_transfer else EventKind.CHANGED,
                field=field,
                old=old or "",
                new=new or "",
                note=note,
                now=now,
            )
        )
    if is_transfer:
        ticket.transfer_count += 1
        _agent_note(
            ticket,
            actor,
            _("Hand-off note: %(note)s") % {"note": note},
            now,
            facts=event_notes.facts("handoff", note=note),
        )
    if ticket.status == Status.NEW and ticket.assignee is not None:
        events.append(
            _event(
                ticket,
                actor,
                EventKind.CHANGED,
                field="status",
                old=Status.NEW,
                new=Status.OPEN,
                now=now,
            )
        )
        ticket.status = Status.OPEN


def _keep_as_note(
    ticket: Ticket, actor: User, events: list[TicketEvent], note: str, now: datetime
) -> None:
    """A hand-off note written while nobody and no team changed is not thrown away: it
    becomes an internal note on the ticket."""
    (note,) = mask_card_numbers_in(clean_text(note).strip())
    if not note:
        return
    message = _agent_note(ticket, actor, note, now)
    events.append(_event(ticket, actor, EventKind.NOTE, new=message.pk, now=now))


def _agent_note(
    ticket: Ticket, actor: User, body: str, now: datetime, *, facts: dict | None = None
) -> Message:
    """An internal note by `actor` written as part of another change (hand-off), indexed."""
    message = Message.objects.create(
        ticket=ticket,
        kind=MessageKind.NOTE,
        author_type=AuthorType.AGENT,
        author_user=actor,
        channel=ticket.channel,
        created_at=now,
        body=body,
        facts=facts,
    )
    _index(message, language=ticket.language)
    return message


@transaction.atomic
def do_escalate_ticket(*, actor: Actor, ticket: Ticket, reason: str) -> Ticket:
    """Raise a ticket to the managers with a reason (T4)."""
    staff = _require_staff(actor)
    reason = clean_text(reason).strip()
    if not reason:
        raise Invalid(_("An escalation needs a reason."), field="reason")
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.escalated_at is not None:
        raise Conflict(_("This ticket is already escalated."))
    now = timezone.now()
    ticket.escalated_at = now
    ticket.escalation_reason, ticket.escalation_facts = reason, None  # the agent's words
    ticket.updated_at = now
    ticket.save()
    _event(ticket, staff, EventKind.ESCALATED, note=reason, now=now).save()
    publish_on_commit(ticket.pk)
    return ticket


@transaction.atomic
def do_deescalate_ticket(*, actor: Actor, ticket: Ticket, note: str = "") -> Ticket:
    staff = _require_staff(actor)
    if not staff.is_manager:
        raise Forbidden(_("Only managers can close an escalation."))
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.escalated_at is None:
        raise Conflict(_("This ticket is not escalated."))
    now = timezone.now()
    ticket.escalated_at = None
    ticket.updated_at = now
    ticket.save()
    _event(ticket, staff, EventKind.DEESCALATED, note=clean_text(note), now=now).save()
    publish_on_commit(ticket.pk)
    return ticket


@transaction.atomic
def do_add_collaborator(
    *, actor: Actor, ticket: Ticket, user: User, note: str = "", facts: dict[str, Any] | None = None
) -> Ticket:
    """Ask a colleague for help: they see the ticket and are listed on it (T4). `facts`:
    a note the system wrote, worded when read (tickets/event_notes.py)."""
    staff = _require_staff(actor)
    if not user.is_active:
        raise Invalid(_("That agent is not active."), field="user")
    if ticket.collaborators.filter(pk=user.pk).exists():
        return ticket
    ticket.collaborators.add(user)
    search.rescope_ticket(ticket.pk)
    event = _event(ticket, staff, EventKind.COLLABORATOR, new=user, note=clean_text(note))
    event.facts = facts
    event.save()
    return ticket


@transaction.atomic
def do_merge_tickets(*, actor: Actor, target: Ticket, sources: Sequence[Ticket]) -> Ticket:
    """Merge duplicates into `target`: their messages move over, they close (T6)."""
    staff = _require_staff(actor)
    if not sources:
        raise Invalid(_("Name at least one ticket to merge."), field="source_ids")
    ids = sorted({target.pk, *(s.pk for s in sources)})
    locked = {t.pk: t for t in Ticket.objects.select_for_update().filter(pk__in=ids)}
    target = locked[target.pk]
    if target.merged_into_id:
        raise Conflict(_("The target ticket was itself merged into another."))
    now = timezone.now()
    for source in (locked[s.pk] for s in sources):
        if source.pk == target.pk:
            raise Invalid(_("A ticket cannot be merged into itself."), field="source_ids")
        if source.customer_id != target.customer_id:
            raise Invalid(_("Only tickets of the same customer can be merged."), field="source_ids")
        if source.merged_into_id:
            raise Conflict(_("Ticket %(ref)s is already merged.") % {"ref": source.reference})
        Message.objects.filter(ticket=source).update(ticket=target)
        search.move_messages(from_ticket_id=source.pk, to_ticket_id=target.pk)
        Message.objects.create(
            ticket=source,
            kind=MessageKind.NOTE,
            author_type=AuthorType.SYSTEM,
            channel=source.channel,
            created_at=now,
            body=_("Merged into %(ref)s.") % {"ref": target.reference},
            facts=event_notes.facts("merged_into", ref=target.reference),
        )
        old_status = source.status
        source.merged_into = target
        source.status = Status.CLOSED
        source.closed_at = now
        source.updated_at = now
        source.save()
        hooks.ticket_changed(source, now=now)
        publish_on_commit(source.pk)
        TicketEvent.objects.bulk_create(
            [
                _event(
                    source,
                    staff,
                    EventKind.MERGED,
                    field="merged_into",
                    new=target.reference,
                    now=now,
                ),
                _event(
                    source,
                    staff,
                    EventKind.CHANGED,
                    field="status",
                    old=old_status,
                    new=Status.CLOSED,
                    now=now,
                ),
                _event(
                    target,
                    staff,
                    EventKind.MERGED,
                    field="merged_from",
                    old=source.reference,
                    new=target.reference,
                    now=now,
                ),
            ]
        )
    target.updated_at = now
    if target.status not in ACTIVE_STATUSES:
        target.status = Status.OPEN
    target.save()
    publish_on_commit(target.pk)
    return target
