"""Which ticket an incoming mail belongs to, and whether its sender may write there.

Order: a Message-ID we know (In-Reply-To, then References newest first), one of our
signed Message-IDs, then the `[FD-XXXXXXX]` reference in the subject. Headers are a
strong match; the subject is a weak one.

CC policy: the ticket's customer may always reply. Another address joins the thread only
on a strong match and only if it was a recipient (To/Cc) of a mail already on the thread;
anyone else opens a ticket of their own. A forged or altered token matches nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk.inbox.email.parse import ParsedEmail
from frontdesk.inbox.models import InboundEmail
from frontdesk.tickets.models import Message, Ticket
from frontdesk.tickets.outbound import REFERENCE_IN_SUBJECT_RE, reference_from_message_id

MAX_IDS = 50
MAX_MERGE_HOPS = 5


@dataclass(frozen=True)
class ThreadMatch:
    ticket: Ticket
    strong: bool


def _follow_merges(ticket: Ticket) -> Ticket:
    for _hop in range(MAX_MERGE_HOPS):
        if ticket.merged_into_id is None:
            break
        ticket = Ticket.objects.get(pk=ticket.merged_into_id)
    return ticket


def thread_ids(parsed: ParsedEmail) -> list[str]:
    ids = [*parsed.in_reply_to, *reversed(parsed.references)]
    seen: dict[str, None] = {}
    for mid in ids:
        if mid and mid not in seen:
            seen[mid] = None
    return list(seen)[:MAX_IDS]


def find_thread(parsed: ParsedEmail) -> ThreadMatch | None:
    ids = thread_ids(parsed)
    if ids:
        known = {
            external_id: ticket_id
            for external_id, ticket_id in Message.objects.filter(external_id__in=ids).values_list(
                "external_id", "ticket_id"
            )
        }
        for mid in ids:
            if mid in known:
                return ThreadMatch(_follow_merges(Ticket.objects.get(pk=known[mid])), True)
        for mid in ids:
            reference = reference_from_message_id(mid)
            ticket = Ticket.objects.filter(reference=reference).first() if reference else None
            if ticket is not None:
                return ThreadMatch(_follow_merges(ticket), True)
    found = REFERENCE_IN_SUBJECT_RE.search(parsed.subject.upper())
    if found:
        ticket = Ticket.objects.filter(reference=found.group(1)).first()
        if ticket is not None:
            return ThreadMatch(_follow_merges(ticket), False)
    return None


def participants(ticket: Ticket) -> set[str]:
    """Addresses that were To/Cc of mail on this ticket, and the customer's own."""
    people = {(ticket.customer.email or "").lower()}
    for recipients in InboundEmail.objects.filter(ticket=ticket).values_list(
        "recipients", flat=True
    ):
        people.update(str(address).lower() for address in recipients or [])
    people.discard("")
    return people


def may_join(match: ThreadMatch, sender: str) -> bool:
    """May mail from `sender` be added to the matched ticket (see the CC policy above)?"""
    sender = sender.lower()
    if sender == (match.ticket.customer.email or "").lower():
        return True
    return match.strong and sender in participants(match.ticket)
