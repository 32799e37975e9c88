"""What one stored email becomes: a ticket, a reply, a note, or nothing (a duplicate).

Called by `services.process` inside the transaction that holds the InboundEmail row, so
the ticket and the "processed" mark commit together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from frontdesk.accounts.models import Workspace
from frontdesk.core.cards import mask_card_numbers
from frontdesk.core.errors import Invalid
from frontdesk.core.text import one_line
from frontdesk.customers.models import Customer
from frontdesk.customers.services import (
    do_clear_email_bounce,
    do_create_customer,
    do_get_or_create_customer,
    do_mark_email_bouncing,
    find_customer_by_email,
    normalize_email,
)
from frontdesk.inbox.choices import Outcome
from frontdesk.inbox.email import authresults
from frontdesk.inbox.email.automatic import Bounce, bounce_of, classify
from frontdesk.inbox.email.language import detect_language
from frontdesk.inbox.email.parse import ParsedEmail, parse_email
from frontdesk.inbox.email.threading import find_thread, may_join
from frontdesk.inbox.models import InboundEmail, Mailbox
from frontdesk.tickets import event_notes
from frontdesk.tickets.choices import AckState, Channel, DeliveryStatus
from frontdesk.tickets.models import Message, Ticket
from frontdesk.tickets.outbound import reference_from_message_id
from frontdesk.tickets.services import (
    NewAttachment,
    do_add_message,
    do_add_system_note,
    do_create_ticket,
)


class Unroutable(Exception):
    """The mail cannot become a ticket (no sender, too large…): it is quarantined."""


class HeldForReview(Unroutable):
    """The receiving server says the sender is forged: quarantined with this reason, until
    an administrator lets it through (`InboundEmail.accept_unverified`) or discards it."""


@dataclass(frozen=True)
class Routed:
    outcome: str
    ticket: Ticket | None
    message: Message | None = None


@dataclass(frozen=True)
class Context:
    """What routing reads for every message, read once per batch."""

    own_addresses: frozenset[str]
    mailboxes: dict[str, Mailbox]


def context() -> Context:
    mailboxes = {m.address.lower(): m for m in Mailbox.objects.filter(active=True)}
    own = {a.lower() for a in Mailbox.objects.values_list("address", flat=True)}
    workspace = Workspace.current()
    own.update(a.lower() for a in (workspace.support_email, settings.DEFAULT_FROM_EMAIL) if a)
    return Context(own_addresses=frozenset(own), mailboxes=mailboxes)


def _answerable(address: str) -> bool:
    try:
        normalize_email(address)
    except Invalid:
        return False
    return bool(address)


def _mailbox_for(recipients: list[str], ctx: Context) -> Mailbox | None:
    """The mailbox a piped or webhook mail was addressed to (first To/Cc we own)."""
    for address in recipients:
        if address.lower() in ctx.mailboxes:
            return ctx.mailboxes[address.lower()]
    return None


def _attachments(parsed: ParsedEmail) -> tuple[list[NewAttachment], list[str]]:
    """The attachments we keep, and the names of those over the limits (kept in the raw)."""
    kept: list[NewAttachment] = []
    skipped: list[str] = []
    total = 0
    for item in parsed.attachments:
        size = len(item.content)
        too_big = size > settings.FRONTDESK_MAX_ATTACHMENT_BYTES
        if too_big or total + size > settings.FRONTDESK_MAX_MESSAGE_BYTES:
            skipped.append(item.filename)
            continue
        total += size
        kept.append(NewAttachment(item.filename, item.content, item.content_type))
    return kept, skipped


def _body(parsed: ParsedEmail, skipped: list[str]) -> str:
    visible = parsed.visible_text.strip()
    # Nothing new above a quote (an Outlook block on the first line): the quote stays hidden.
    body = visible if visible or parsed.quoted_text.strip() else parsed.text.strip()
    if skipped:
        names = ", ".join(skipped)
        body += "\n\n" + _("[Not attached, over the size limit: %(names)s]") % {"names": names}
    return body.strip() or _("(no text)")


def _under_autoreply_limit(customer: Customer, now: datetime) -> bool:
    limit = settings.FRONTDESK_AUTOREPLY_LIMIT_PER_HOUR
    recent = Ticket.objects.filter(
        customer=customer,
        created_at__gte=now - timedelta(hours=1),
        ack_state__in=[AckState.PENDING, AckState.SENDING, AckState.SENT],
    ).count()
    return recent < limit


def _bounce(bounce: Bounce, now: datetime) -> Routed:
    reason = one_line(f"{bounce.status} {bounce.diagnostic}".strip(), 300) or _("bounced")
    if bounce.permanent:  # a delay (4.x.x) is only noted: the server still tries
        for address in bounce.failed_recipients:
            do_mark_email_bouncing(email=address, reason=reason, now=now)
    original = None
    if bounce.original_message_id:
        original = Message.objects.filter(external_id=bounce.original_message_id).first()
    ticket = original.ticket if original else None
    if ticket is None and bounce.original_message_id:
        reference = reference_from_message_id(bounce.original_message_id)
        ticket = Ticket.objects.filter(reference=reference).first() if reference else None
    if ticket is None:
        return Routed(Outcome.NOTE, None)
    if original is not None and bounce.permanent:
        Message.objects.filter(pk=original.pk).update(
            delivery_status=DeliveryStatus.FAILED, delivery_error=reason
        )
    recipients = ", ".join(bounce.failed_recipients) or _("the customer")
    if bounce.permanent:
        text = _("Mail to %(to)s was not delivered: %(reason)s")
    else:
        text = _("Mail to %(to)s is delayed; the mail server keeps trying: %(reason)s")
    note = do_add_system_note(
        ticket=ticket,
        body=text % {"to": recipients, "reason": reason},
        channel=Channel.EMAIL,
        now=now,
    )
    return Routed(Outcome.NOTE, ticket, note)


def route(inbound: InboundEmail, now: datetime, ctx: Context | None = None) -> Routed:
    ctx = ctx or context()
    raw = bytes(inbound.raw)
    if len(raw) > settings.FRONTDESK_MAX_MESSAGE_BYTES:
        raise Unroutable(_("The message is larger than the limit per message."))
    parsed = parse_email(raw)
    inbound.from_address = parsed.from_address[:254]
    inbound.subject = one_line(parsed.subject, 250)
    inbound.recipients = [*parsed.to, *parsed.cc][:100]

    own_reference = reference_from_message_id(parsed.message_id)
    if own_reference or parsed.from_address in ctx.own_addresses:
        ticket = Ticket.objects.filter(reference=own_reference).first() if own_reference else None
        return Routed(Outcome.DUPLICATE, ticket)
    routed = _route_checked(inbound, parsed, raw, now, ctx)
    if inbound.warning and routed.ticket is not None:
        do_add_system_note(
            ticket=routed.ticket, body=inbound.warning, channel=Channel.EMAIL, now=now
        )
    return routed


def sender_check(inbound: InboundEmail, parsed: ParsedEmail, ctx: Context) -> authresults.Verdict:
    """What the mailbox's trusted receiving server says about the From domain."""
    mailbox = inbound.mailbox or _mailbox_for(inbound.recipients, ctx)
    return authresults.verdict(
        parsed.auth_results,
        trusted=authresults.trusted_ids(mailbox.trusted_authserv_ids if mailbox else ""),
        from_address=parsed.from_address,
    )


def _warn(inbound: InboundEmail, text: str) -> None:
    inbound.warning = f"{inbound.warning}\n\n{text}".strip()


def _route_checked(
    inbound: InboundEmail, parsed: ParsedEmail, raw: bytes, now: datetime, ctx: Context
) -> Routed:
    check = sender_check(inbound, parsed, ctx)
    if check.failed and not inbound.accept_unverified:
        raise HeldForReview(
            _(
                "Held for review: the receiving server reports that this email does not come "
                "from %(sender)s (%(detail)s). It was not added to any ticket."
            )
            % {"sender": parsed.from_address, "detail": check.detail}
        )
    if check.failed:
        _warn(
            inbound,
            _("The sender %(sender)s was not verified (%(detail)s); an administrator let it in.")
            % {"sender": parsed.from_address, "detail": check.detail},
        )

    bounce = bounce_of(raw, parsed)
    if bounce is not None:
        return _bounce(bounce, now)
    automatic = classify(parsed).is_automatic
    kept, skipped = _attachments(parsed)
    body = _body(parsed, skipped)
    if not _answerable(parsed.from_address):
        # Nobody we can answer: the request is still kept, as a ticket with no acknowledgement.
        label = parsed.from_name or parsed.from_address
        anonymous = do_create_customer(name=one_line(label, 200) or _("Unknown sender"))
        return _new_ticket(inbound, parsed, anonymous, body, kept, ctx, acknowledge=False, now=now)
    match = find_thread(parsed)

    customer = find_customer_by_email(parsed.from_address)
    new_customer = customer is None
    if customer is None:
        customer = do_get_or_create_customer(
            email=parsed.from_address,
            name=one_line(parsed.from_name, 200),
            language=detect_language(parsed.visible_text or parsed.text),
            known_absent=True,
        )
    else:
        do_clear_email_bounce(customer=customer)

    if (
        match is not None
        and may_join(match, parsed.from_address)
        and not match.strong
        and not check.verified
        and not inbound.accept_unverified
    ):
        _warn(
            inbound,
            _(
                "This email names %(reference)s in its subject, but it does not answer one of "
                "our emails and its sender %(sender)s could not be verified, so it was not "
                "added to %(reference)s."
            )
            % {"reference": match.ticket.reference, "sender": parsed.from_address},
        )
        match = None
    if match is not None and may_join(match, parsed.from_address):
        if automatic:
            body = mask_card_numbers(body)  # stored twice: as written and in the facts
            note = do_add_system_note(
                ticket=match.ticket,
                body=_("Automatic reply from %(sender)s:") % {"sender": parsed.from_address}
                + "\n\n"
                + body,
                channel=Channel.EMAIL,
                facts=event_notes.facts("auto_reply", sender=parsed.from_address, then=body),
                now=now,
            )
            return Routed(Outcome.NOTE, match.ticket, note)
        message = do_add_message(
            actor=customer,
            ticket=match.ticket,
            body=body,
            body_html=parsed.html,
            channel=Channel.EMAIL,
            attachments=kept,
            external_id=parsed.message_id,
            quoted_text=parsed.quoted_text,
            now=now,
        )
        return Routed(Outcome.REPLY, match.ticket, message)

    acknowledge = not automatic and (new_customer or _under_autoreply_limit(customer, now))
    return _new_ticket(inbound, parsed, customer, body, kept, ctx, acknowledge=acknowledge, now=now)


def _new_ticket(
    inbound: InboundEmail,
    parsed: ParsedEmail,
    customer: Customer,
    body: str,
    attachments: list[NewAttachment],
    ctx: Context,
    *,
    acknowledge: bool,
    now: datetime,
) -> Routed:
    mailbox = inbound.mailbox or _mailbox_for(inbound.recipients, ctx)
    ticket = do_create_ticket(
        actor=customer,
        customer=customer,
        subject=parsed.subject or _("(no subject)"),
        body=body,
        body_html=parsed.html,
        channel=Channel.EMAIL,
        team=mailbox.team if mailbox else None,
        language=customer.language,
        attachments=attachments,
        acknowledge=acknowledge,
        external_id=parsed.message_id,
        quoted_text=parsed.quoted_text,
        reply_address=mailbox.address if mailbox else "",
        now=now,
    )
    first = ticket.messages.order_by("pk").first()
    return Routed(Outcome.TICKET, ticket, first)
