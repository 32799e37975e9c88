"""Outgoing email of a ticket: signed Message-IDs, threading headers, the SMTP connection.

Every mail we send carries a Message-ID of the form `<fd.<reference>.<nonce>.<sig>@domain>`
where `sig` is an HMAC of the reference and nonce under the installation's secret. A reply
quoting it in In-Reply-To/References threads to that ticket; a forged or altered id fails
the signature check and is ignored, so it can never attach mail to someone else's ticket.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from email.headerregistry import Address

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address

from frontdesk.accounts.models import Workspace
from frontdesk.core.text import one_line
from frontdesk.tickets import hooks
from frontdesk.tickets.choices import AuthorType
from frontdesk.tickets.models import Message, Ticket

MESSAGE_ID_RE = re.compile(r"^<fd\.([a-z0-9-]{4,16})\.([a-z0-9]{1,20})\.([a-z2-7]{16})@[^>]+>$")
REFERENCE_IN_SUBJECT_RE = re.compile(r"\[(FD-[2-9A-HJ-NP-Z]{7})\]")
MAX_REFERENCES = 20


def _signature(reference: str, nonce: str) -> str:
    key = hashlib.sha256(b"frontdesk-message-id:" + settings.SECRET_KEY.encode()).digest()
    digest = hmac.new(key, f"{reference.lower()}.{nonce}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:16]


def mail_domain() -> str:
    address = Workspace.current().support_email or settings.DEFAULT_FROM_EMAIL
    domain = address.rpartition("@")[2].strip("<> ").lower()
    return domain or "localhost"


def message_id_for(ticket: Ticket, nonce: str) -> str:
    """Our signed Message-ID for one outgoing mail of `ticket` (nonce: "ack", "m123"…)."""
    ref = ticket.reference.lower()
    return f"<fd.{ref}.{nonce}.{_signature(ref, nonce)}@{mail_domain()}>"


def reference_from_message_id(message_id: str) -> str | None:
    """The ticket reference inside one of our Message-IDs, or None if not ours or forged."""
    match = MESSAGE_ID_RE.match(message_id.strip().lower())
    if not match:
        return None
    ref, nonce, sig = match.groups()
    if not hmac.compare_digest(sig, _signature(ref, nonce)):
        return None
    return ref.upper()


def subject_for(ticket: Ticket, subject: str | None = None) -> str:
    """`Re: <subject> [FD-XXXXXXX]`: the reference lets a reply thread even without headers."""
    text = one_line(subject if subject is not None else ticket.subject)
    if f"[{ticket.reference}]" not in text:
        text = f"{text} [{ticket.reference}]"
    if not text.lower().startswith("re:"):
        text = f"Re: {text}"
    return text


def sender_for(ticket: Ticket) -> str:
    """`Display Name <address>` for the ticket's support address, safe against injection."""
    workspace = Workspace.current()
    address = ticket.reply_address or workspace.support_email or settings.DEFAULT_FROM_EMAIL
    name = one_line(workspace.name or "")
    if "<" in address:
        return one_line(address)
    try:
        return str(Address(display_name=name, addr_spec=address)) if name else address
    except ValueError:
        return address


def thread_headers(ticket: Ticket) -> dict[str, str]:
    """In-Reply-To (the customer's latest mail) and References (the thread so far)."""
    rows = list(
        Message.objects.filter(ticket=ticket)
        .exclude(external_id="")
        .order_by("created_at", "pk")
        .values_list("external_id", "author_type")
    )
    if not rows:
        return {}
    ids = [external_id for external_id, _author in rows][-MAX_REFERENCES:]
    customer_ids = [eid for eid, author in rows if author == AuthorType.CUSTOMER]
    headers = {"References": " ".join(ids)}
    headers["In-Reply-To"] = customer_ids[-1] if customer_ids else ids[-1]
    return headers


class AutomaticEmail(EmailMultiAlternatives):
    """A mail no person wrote (acknowledgement, follow-up, any auto-response), sent with the
    empty envelope sender `MAIL FROM:<>` (RFC 3834 §4, RFC 5321 §4.5.5): a bounce of it
    or an auto-reply to it has nowhere to go, so two robots cannot loop. The `From:` header
    stays the support address, so a person can still answer it.

    Django's SMTP backend always sends `from_email` as the envelope sender; for it the
    mail is handed to the backend's open SMTP connection directly. Other backends (the
    in-memory one of tests, a provider's API) send it as usual.
    """

    envelope_sender = ""

    def send(self, fail_silently: bool = False) -> int:
        if not self.recipients():
            return 0
        connection = self.get_connection(fail_silently)
        if not isinstance(connection, SmtpBackend):
            return int(connection.send_messages([self]) or 0)
        encoding = self.encoding or settings.DEFAULT_CHARSET
        recipients = [sanitize_address(address, encoding) for address in self.recipients()]
        data = self.message().as_bytes(linesep="\r\n")
        with connection._lock:
            opened = connection.open()
            if connection.connection is None:  # fail_silently and the server is down
                return 0
            try:
                connection.connection.sendmail(self.envelope_sender, recipients, data)
            except Exception:
                if not fail_silently:
                    raise
                return 0
            finally:
                if opened:
                    connection.close()
        return 1


def build_email(
    ticket: Ticket,
    *,
    to: str,
    subject: str,
    text: str,
    html: str,
    message_id: str,
    automatic: bool,
) -> EmailMultiAlternatives:
    headers = {
        "Message-ID": message_id,
        "X-Frontdesk-Ticket": ticket.reference,
        **thread_headers(ticket),
    }
    if automatic:
        headers["Auto-Submitted"] = "auto-replied"
        headers["X-Auto-Response-Suppress"] = "All"
    mail_class = AutomaticEmail if automatic else EmailMultiAlternatives
    mail = mail_class(
        subject=one_line(subject),
        body=text,
        from_email=sender_for(ticket),
        to=[to],
        headers=headers,
        connection=hooks.email_connection(ticket.reply_address),
    )
    if html:
        mail.attach_alternative(html, "text/html")
    return mail
