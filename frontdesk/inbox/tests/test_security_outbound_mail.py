"""Every kind of mail Frontdesk sends, built with CR/LF in every value that reaches a
header (SECURITY.md 23), and marked the RFC 3834 way (SECURITY.md 42).

The hostile values are written straight into the rows (business name, customer name,
ticket subject, staff names), past the services that clean them, as an old row or a
future code path might hold them. The raw bytes of each message must hold no header
the values tried to add, and each header once.
"""

from __future__ import annotations

from collections.abc import Callable
from email import message_from_bytes, policy
from email.message import EmailMessage as ParsedMessage

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.utils import timezone

from frontdesk.accounts.models import User, Workspace
from frontdesk.customers.models import Customer
from frontdesk.inbox.email import delivery
from frontdesk.inbox.models import Mailbox
from frontdesk.tickets.choices import AckState
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import do_add_message, do_create_ticket

pytestmark = pytest.mark.django_db

HOSTILE = (
    "Tom\r\nBcc: victim@evil.example\r\nX-Injected: yes\n\rSubject: spoofed\rTo: x@evil.example"
)
ONCE = ("From", "To", "Subject", "Message-ID", "Date")
INJECTED = ("bcc", "x-injected")


def raw_headers(message: EmailMessage) -> list[str]:
    raw = message.message().as_bytes()
    head = raw.split(b"\n\n", 1)[0].decode("ascii", "replace")
    return head.replace("\r\n", "\n").split("\n")


def assert_no_injection(message: EmailMessage) -> ParsedMessage:
    lines = raw_headers(message)
    # Every line starts a header or continues the one before (folding), nothing else.
    starts = [line.split(":", 1)[0].lower() for line in lines if line[:1] not in (" ", "\t")]
    assert not set(INJECTED) & set(starts), lines
    assert "\r" not in "\n".join(lines), lines
    parsed: ParsedMessage = message_from_bytes(message.message().as_bytes(), policy=policy.default)  # type: ignore[assignment]
    for name in ONCE:
        assert len(parsed.get_all(name) or []) <= 1, (name, lines)
    assert all("evil.example" not in str(address) for address in parsed.get_all("To") or [])
    for name, value in parsed.items():
        assert "\n" not in str(value) and "\r" not in str(value), (name, value)
    return parsed


@pytest.fixture
def hostile(personas) -> Ticket:
    Mailbox.objects.create(name="Support", address="support@example.com", team=personas.team)
    workspace = Workspace.current()
    workspace.name = HOSTILE
    workspace.support_email = "support@example.com"
    workspace.save()
    ticket = do_create_ticket(
        actor=personas.customer,
        customer=personas.customer,
        subject="Kettle",
        body="It leaks.",
        team=personas.team,
        assignee=personas.agent,
        acknowledge=False,
    )
    Ticket.objects.filter(pk=ticket.pk).update(subject=HOSTILE)
    Customer.objects.filter(pk=personas.customer.pk).update(name=HOSTILE)
    User.objects.filter(pk__in=[personas.agent.pk, personas.admin.pk]).update(
        first_name=HOSTILE, last_name=HOSTILE
    )
    User.objects.filter(pk=personas.agent.pk).update(email="anna@example.com")
    return Ticket.objects.get(pk=ticket.pk)


def _acknowledgement(personas, ticket: Ticket) -> None:
    from frontdesk.tickets.acknowledgement import send_acknowledgement

    Ticket.objects.filter(pk=ticket.pk).update(ack_state=AckState.PENDING)
    assert send_acknowledgement(ticket.pk) == "sent"


def _agent_reply(personas, ticket: Ticket) -> None:
    reply = do_add_message(actor=personas.agent, ticket=ticket, body="We send a new one.")
    assert delivery.deliver(reply.pk) == "sent"


def _follow_up(personas, ticket: Ticket) -> None:
    from frontdesk.resolution.follow_up import send_follow_up
    from frontdesk.resolution.models import SolvedTicket

    now = timezone.now()
    Ticket.objects.filter(pk=ticket.pk).update(status="solved")
    SolvedTicket.objects.create(ticket=ticket, solved_at=now, follow_up_at=now)
    assert send_follow_up(ticket.pk, now=now) == "sent"


def _deadline_alert(personas, ticket: Ticket) -> None:
    from frontdesk.sla.alert_emails import build_email
    from frontdesk.sla.choices import AlertKind
    from frontdesk.sla.models import DeadlineAlert

    alert = DeadlineAlert.objects.create(
        recipient=personas.agent,
        plan_ticket=ticket,
        plan_text=HOSTILE,
        kind=AlertKind.ACTION_PLAN,
        due_at=timezone.now(),
    )
    build_email(User.objects.get(pk=personas.agent.pk), [alert]).send()


def _portal_sign_in_link(personas, ticket: Ticket) -> None:
    from frontdesk.portal.services import do_request_sign_in_link

    do_request_sign_in_link(email=personas.customer.email, base_url="https://help.example.com")


def _email_changed_notice(personas, ticket: Ticket) -> None:
    from frontdesk.customers.notices import email_changed_notice

    customer = Customer.objects.get(pk=personas.customer.pk)
    email_changed_notice(customer, old_email="ayse.old@example.com").send()


def _account_email(template: str) -> Callable[[object, Ticket], None]:
    def send(personas, ticket: Ticket) -> None:
        from frontdesk.accounts.emails import send_account_email_on_commit

        user = User.objects.get(pk=personas.agent.pk)
        admin = User.objects.get(pk=personas.admin.pk)
        context = {"inviter": admin, "link": "https://help.example.com/x/", "minutes": 60}
        send_account_email_on_commit(user=user, template=template, context=context)

    return send


# kind of mail -> (how it is sent, the Auto-Submitted value RFC 3834 asks for)
MAILS: dict[str, tuple[Callable[..., None], str | None]] = {
    "acknowledgement": (_acknowledgement, "auto-replied"),
    "agent reply": (_agent_reply, None),  # a person wrote it
    "follow-up": (_follow_up, "auto-generated"),
    "deadline alert": (_deadline_alert, "auto-generated"),
    "portal sign-in link": (_portal_sign_in_link, "auto-generated"),
    "email changed notice": (_email_changed_notice, "auto-generated"),
    "invitation": (_account_email("invitation"), "auto-generated"),
    "password reset": (_account_email("password_reset"), "auto-generated"),
}


def _send(kind: str, personas, ticket: Ticket, capture) -> EmailMessage:
    send, _auto = MAILS[kind]
    mail.outbox.clear()
    with capture(execute=True):
        send(personas, ticket)
    [sent] = mail.outbox
    return sent


@pytest.mark.parametrize("kind", sorted(MAILS))
def test_header_values_with_line_breaks_add_no_header(
    kind, personas, hostile, django_capture_on_commit_callbacks
) -> None:
    sent = _send(kind, personas, hostile, django_capture_on_commit_callbacks)
    parsed = assert_no_injection(sent)
    assert parsed["Subject"]  # the mail still went out, with a subject
    if kind in ("acknowledgement", "agent reply", "follow-up"):
        assert hostile.reference in parsed["Subject"]
        assert "Tom Bcc: victim@evil.example" in parsed["Subject"]  # the text, on one line


@pytest.mark.parametrize("kind", sorted(MAILS))
def test_automatic_mail_says_so_and_asks_for_no_auto_reply(
    kind, personas, hostile, django_capture_on_commit_callbacks
) -> None:
    _send_fn, auto = MAILS[kind]
    parsed = assert_no_injection(_send(kind, personas, hostile, django_capture_on_commit_callbacks))
    if auto is None:
        assert parsed["Auto-Submitted"] is None
        assert parsed["X-Auto-Response-Suppress"] is None
    else:
        assert parsed["Auto-Submitted"] == auto
        assert parsed["X-Auto-Response-Suppress"] == "All"


def test_the_injection_check_sees_an_added_header() -> None:
    forged = EmailMessage(
        subject="Hello", body="x", to=["a@example.com"], headers={"X-Injected": "yes"}
    )
    with pytest.raises(AssertionError):
        assert_no_injection(forged)
