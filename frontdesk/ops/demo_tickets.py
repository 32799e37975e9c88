"""Demo tickets with their conversations, built in memory and written in bulk.

Each ticket follows the same path the services record: created -> assigned (status
open) -> agent reply (first response) -> follow-ups, notes, transfers, escalations ->
final status. Events and messages match what tickets.services would have written, and
solved tickets get the rows of the solve checklist and the solved schedule (resolution).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from typing import Any

from django.utils.translation import gettext as _

from frontdesk.accounts.models import Team, User
from frontdesk.customers.models import Customer
from frontdesk.ops.demo import Setting
from frontdesk.ops.demo_texts import LanguagePack, Request
from frontdesk.resolution import follow_up
from frontdesk.resolution.models import ChecklistItem, SolvedTicket, SolveRecord
from frontdesk.tickets import event_notes
from frontdesk.tickets.choices import (
    AckState,
    AuthorType,
    Channel,
    EventKind,
    MessageKind,
    Priority,
    Status,
)
from frontdesk.tickets.models import Message, Tag, Ticket, TicketEvent
from frontdesk.tickets.services import REFERENCE_ALPHABET

CHANNEL_WEIGHTS = {
    Channel.EMAIL: 35, Channel.WEB: 20, Channel.CHAT: 20, Channel.PHONE: 10,
    Channel.SOCIAL: 10, Channel.API: 5,
}  # fmt: skip
FOLLOW_UP_AFTER_DAYS = 3
HOME_REQUESTS = {3, 4, 8, 14}  # lawn mower, duvet delivery, vase, coffee machine
STATUS_BY_AGE = (  # (max age in days, {status: weight})
    (1, {Status.NEW: 40, Status.OPEN: 40, Status.PENDING: 10, Status.ON_HOLD: 5,
         Status.SOLVED: 5}),
    (7, {Status.NEW: 10, Status.OPEN: 30, Status.PENDING: 20, Status.ON_HOLD: 10,
         Status.SOLVED: 25, Status.CLOSED: 5}),
    (10**6, {Status.NEW: 2, Status.OPEN: 5, Status.PENDING: 5, Status.ON_HOLD: 3,
             Status.SOLVED: 20, Status.CLOSED: 65}),
)  # fmt: skip


@dataclass
class Draft:
    """One ticket and what happened to it, before anything is saved."""

    ticket: Ticket
    messages: list[Message] = field(default_factory=list)
    # (event, message whose pk becomes new_value once saved)
    events: list[tuple[TicketEvent, Message | None]] = field(default_factory=list)
    tags: tuple[str, ...] = ()


def create_tickets(rng: random.Random, s: Setting, count: int, now: datetime) -> dict[str, int]:
    references = set(Ticket.objects.values_list("reference", flat=True))
    customers_by_language: dict[str, list[Customer]] = {}
    for customer in s.customers:
        customers_by_language.setdefault(customer.language, []).append(customer)
    statuses = list(Status)
    drafts = []
    for index in range(count):
        # The first tickets walk through every status and language, so small sets cover all.
        if index < len(customers_by_language):
            customer = rng.choice(list(customers_by_language.values())[index])
        else:
            customer = rng.choice(s.customers)
        forced = statuses[index % len(statuses)] if index < 2 * len(statuses) else None
        drafts.append(_draft(rng, s, customer, _reference(rng, references), now, forced))
    tickets = Ticket.objects.bulk_create([d.ticket for d in drafts], batch_size=500)
    for draft, ticket in zip(drafts, tickets, strict=True):
        for message in draft.messages:
            message.ticket = ticket
        for event, _message in draft.events:
            event.ticket = ticket
    messages = Message.objects.bulk_create([m for d in drafts for m in d.messages], batch_size=1000)
    solved = _solve_rows(drafts, now)
    events = []
    for draft in drafts:
        for event, linked in draft.events:
            if linked is not None:
                event.new_value = str(linked.pk)
            events.append(event)
    TicketEvent.objects.bulk_create(events, batch_size=1000)
    tag_count = _link_tags(drafts)
    return {"tickets": len(tickets), "messages": len(messages), "events": len(events),
            "tag links": tag_count, "solve records": solved}  # fmt: skip


def _solve_rows(drafts: list[Draft], now: datetime) -> int:
    """What `do_solve_ticket` and the resolution hook write for a solved ticket: the
    checklist answered yes (its summary on the status event) in a `SolveRecord`, and a
    `SolvedTicket` row while the ticket is still solved (follow-up and auto-close read it).
    Tickets still solved were solved with a follow-up three days later (those solved in
    the last three days, and every other older one): sent when that day has come (the
    "did it work?" message is in its conversation), else planned. The workspace's
    default stays off, as in a new installation.
    Call after the tickets and messages are saved and before their events are."""
    items = list(ChecklistItem.objects.filter(active=True))
    records: list[SolveRecord] = []
    schedule: list[SolvedTicket] = []
    sent: list[tuple[Draft, Message]] = []
    for draft in drafts:
        t = draft.ticket
        if t.solved_at is None:
            continue
        language = t.assignee.language if t.assignee else t.language
        texts = [item.text_for(language) for item in items]
        answers = [{"item_id": item.pk, "text": text, "required": item.required,
                    "answer": True} for item, text in zip(items, texts, strict=True)]  # fmt: skip
        summary = "\n".join("✓ " + text for text in texts)
        for event, _message in draft.events:
            if event.field == "status" and event.new_value == Status.SOLVED:
                event.note = summary
        row = SolvedTicket(ticket=t, solved_at=t.solved_at)
        follow_up_on = None
        # Every solve of the last days has its follow-up planned, every other older one sent.
        fresh = t.solved_at > now - timedelta(days=FOLLOW_UP_AFTER_DAYS)
        if t.status == Status.SOLVED and (fresh or len(schedule) % 2 == 0):
            follow_up_on = (t.solved_at + timedelta(days=FOLLOW_UP_AFTER_DAYS)).date()
            row.follow_up_at = datetime.combine(follow_up_on, time(9), tzinfo=t.solved_at.tzinfo)
            if row.follow_up_at <= now:
                row.follow_up_sent_at = row.follow_up_claimed_at = row.follow_up_at
                row.follow_up_attempts = 1
                sent.append((draft, _follow_up_message(t, row.follow_up_at)))
        records.append(SolveRecord(ticket=t, actor=t.assignee, language=language,
                                   answers=answers, follow_up_on=follow_up_on,
                                   created_at=t.solved_at))  # fmt: skip
        if t.status == Status.SOLVED:
            schedule.append(row)
    SolveRecord.objects.bulk_create(records, batch_size=1000)
    SolvedTicket.objects.bulk_create(schedule, batch_size=1000)
    Message.objects.bulk_create([message for _draft, message in sent], batch_size=1000)
    for draft, message in sent:
        note = _("Follow-up: did it work?")
        event = TicketEvent(ticket=draft.ticket, kind=EventKind.MESSAGE, note=note,
                            created_at=message.created_at)  # fmt: skip
        draft.events.append((event, message))
    return len(records)


def _follow_up_message(t: Ticket, at: datetime) -> Message:
    """The "did it work?" message the sweep would have recorded (not emailed: a demo)."""
    _subject, text, _html = follow_up.render(t)
    return Message(ticket=t, kind=MessageKind.REPLY, author_type=AuthorType.SYSTEM,
                   channel=t.channel, body=text, created_at=at)  # fmt: skip


def _reference(rng: random.Random, taken: set[str]) -> str:
    while True:
        ref = "FD-" + "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(7))
        if ref not in taken:
            taken.add(ref)
            return ref


def _link_tags(drafts: list[Draft]) -> int:
    names = sorted({name for d in drafts for name in d.tags})
    Tag.objects.bulk_create([Tag(name=n) for n in names], ignore_conflicts=True)
    tag_ids = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
    through = Ticket.tags.through
    rows = [through(ticket_id=d.ticket.pk, tag_id=tag_ids[name])
            for d in drafts for name in d.tags]  # fmt: skip
    through.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def _status_for(rng: random.Random, age: timedelta) -> str:
    for max_days, weights in STATUS_BY_AGE:
        if age <= timedelta(days=max_days):
            return rng.choices(list(weights), weights=list(weights.values()))[0]
    raise AssertionError("unreachable")


def _draft(
    rng: random.Random,
    s: Setting,
    customer: Customer,
    reference: str,
    now: datetime,
    forced_status: str | None,
) -> Draft:
    pack = s.packs[customer.language]
    request_index = rng.randrange(len(pack.requests))
    request = pack.requests[request_index]
    created = now - timedelta(minutes=rng.uniform(30, 90 * 24 * 60))
    status = forced_status or _status_for(rng, now - created)
    channel = rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0]
    team = s.online if rng.random() < 0.2 else s.team_for[pack.code]
    priority = request.priority
    if rng.random() < 0.1:
        priority = rng.choice([Priority.HIGH, Priority.URGENT])
    tags = request.tags + (("vip",) if rng.random() < 0.05 else ())
    ticket = Ticket(
        reference=reference, subject=request.subject, status=Status.NEW, priority=priority,
        type=request.type, channel=channel, language=customer.language, customer=customer,
        team=team, branch_id=team.branch_id, created_at=created, updated_at=created,
        brand=s.brands[1] if request_index in HOME_REQUESTS else s.brands[0],
        ack_state=AckState.NONE,
    )  # fmt: skip
    draft = Draft(ticket=ticket, tags=tags)
    story = Story(rng, s, draft, pack, request, now)
    story.run(status)
    return draft


class Story:
    """Writes one ticket's history into its draft, moving a clock forward."""

    def __init__(
        self,
        rng: random.Random,
        s: Setting,
        draft: Draft,
        pack: LanguagePack,
        request: Request,
        now: datetime,
    ) -> None:
        self.rng, self.s, self.draft, self.pack, self.request = rng, s, draft, pack, request
        self.t = draft.ticket
        self.clock = self.t.created_at
        # Every step advances the clock by a share of the time left until now.
        self.budget = now - self.clock
        first, _sep, _rest = (self.t.customer.name or "").partition(" ")
        self.fields = {"first_name": first, "branch": self.t.team.name if self.t.team else ""}
        agents = s.agents_for.get(self.t.team.pk, []) if self.t.team else []
        self.agent: User | None = rng.choice(agents) if agents else None

    def tick(self, share: float) -> datetime:
        self.clock += self.budget * share * self.rng.uniform(0.5, 1.0)
        return self.clock

    def event(
        self,
        kind: str,
        actor: User | Customer | None = None,
        *,
        message: Message | None = None,
        **values: str,
    ) -> None:
        event = TicketEvent(kind=kind, created_at=self.clock, **values)
        if isinstance(actor, User):
            event.actor_user = actor
        elif isinstance(actor, Customer):
            event.actor_customer = actor
        self.draft.events.append((event, message))

    def message(self, body: str, author: User | Customer | None, note: bool = False) -> Message:
        who: dict[str, Any]
        if isinstance(author, Customer):
            who = {"author_type": AuthorType.CUSTOMER, "author_customer": author}
        elif isinstance(author, User):
            who = {"author_type": AuthorType.AGENT, "author_user": author}
        else:
            who = {"author_type": AuthorType.SYSTEM}
        message = Message(
            kind=MessageKind.NOTE if note else MessageKind.REPLY,
            channel=self.t.channel,
            body=body,
            created_at=self.clock,
            **who,
        )
        self.draft.messages.append(message)
        self.event(EventKind.NOTE if note else EventKind.MESSAGE, author, message=message)
        return message

    def text(self, template: str) -> str:
        return template.format(**self.fields)

    def run(self, status: str) -> None:
        t, rng, customer = self.t, self.rng, self.t.customer
        opened_by: User | Customer | None = None if t.channel == Channel.EMAIL else customer
        if t.channel == Channel.PHONE and self.agent:
            opened_by = self.agent
        self.draft.messages.append(Message(
            kind=MessageKind.REPLY, author_type=AuthorType.CUSTOMER, author_customer=customer,
            channel=t.channel, body=self.request.body, created_at=self.clock))  # fmt: skip
        self.event(EventKind.CREATED, opened_by, new_value=t.reference)
        if status == Status.NEW or self.agent is None:
            if rng.random() < 0.2 and self.agent:
                self.tick(0.05)
                self.message(self.text(rng.choice(self.pack.notes)), self.agent, note=True)
            t.updated_at = self.clock
            return
        self.tick(0.02)
        self.assign(self.agent)
        self.tick(0.05)
        self.message(self.text(self.request.reply) + f"\n\n{self.agent.first_name}", self.agent)
        t.first_response_at = self.clock
        self.middle()
        self.finish(status)
        t.updated_at = self.clock

    def assign(self, agent: User) -> None:
        self.t.assignee = agent
        self.event(EventKind.CHANGED, agent, field="assignee", old_value="",
                   new_value=str(agent))  # fmt: skip
        self.event(EventKind.CHANGED, agent, field="status", old_value=Status.NEW,
                   new_value=Status.OPEN)  # fmt: skip
        self.t.status = Status.OPEN

    def middle(self) -> None:
        rng, agent = self.rng, self.t.assignee
        assert agent is not None
        if rng.random() < 0.3:
            self.tick(0.05)
            self.message(self.text(rng.choice(self.pack.notes)), agent, note=True)
        if rng.random() < 0.4:
            self.tick(0.1)
            self.message(rng.choice(self.pack.follow_ups), self.t.customer)
            self.tick(0.05)
            self.message(self.text(rng.choice(self.pack.agent_follow_ups)), agent)
        if rng.random() < 0.06:
            self.transfer()
        if rng.random() < 0.04:
            self.escalate()

    def transfer(self) -> None:
        t, old_agent = self.t, self.t.assignee
        assert old_agent is not None
        to_team = self.s.online if t.team != self.s.online else self.s.team_for[self.pack.code]
        candidates = self.s.agents_for.get(to_team.pk) or []
        if not candidates:
            return
        new_agent = self.rng.choice(candidates)
        # handoffs[0] hands over to a shop, handoffs[1] to the online team.
        note = self.pack.handoffs[1 if to_team == self.s.online else 0]
        self.tick(0.05)
        old_team: Team | None = t.team
        for name, old, new in (("assignee", old_agent, new_agent), ("team", old_team, to_team)):
            self.event(EventKind.TRANSFER, old_agent, field=name, old_value=str(old or ""),
                       new_value=str(new), note=note)  # fmt: skip
        t.assignee, t.team, t.branch_id = new_agent, to_team, to_team.branch_id
        t.transfer_count += 1
        self.draft.messages.append(Message(
            kind=MessageKind.NOTE, author_type=AuthorType.AGENT, author_user=old_agent,
            channel=t.channel, created_at=self.clock,
            body=_("Hand-off note: %(note)s") % {"note": note},
            facts=event_notes.facts("handoff", note=note)))  # fmt: skip

    def escalate(self) -> None:
        t = self.t
        reason = self.rng.choice(self.pack.escalations)
        self.tick(0.05)
        t.escalated_at, t.escalation_reason = self.clock, reason
        self.event(EventKind.ESCALATED, t.assignee, note=reason)

    def finish(self, status: str) -> None:
        t, rng = self.t, self.rng
        if status == Status.OPEN:
            return
        if status in (Status.SOLVED, Status.CLOSED) and rng.random() < 0.6:
            self.tick(0.1)
            self.message(rng.choice(self.pack.thanks), t.customer)
        self.tick(0.1)
        final = Status.SOLVED if status == Status.CLOSED else status
        self.event(EventKind.CHANGED, t.assignee, field="status", old_value=t.status,
                   new_value=final)  # fmt: skip
        t.status = final
        if final == Status.SOLVED:
            if t.escalated_at is not None and self.s.managers:
                t.escalated_at = None
                self.event(EventKind.DEESCALATED, rng.choice(self.s.managers))
            t.solved_at = self.clock
        if status == Status.CLOSED:
            self.tick(0.3)
            self.event(EventKind.CHANGED, t.assignee, field="status", old_value=Status.SOLVED,
                       new_value=Status.CLOSED)  # fmt: skip
            t.status, t.closed_at = Status.CLOSED, self.clock
