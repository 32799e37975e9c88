"""What leaves Frontdesk by email arrives as written (issue 20.17, SECURITY.md 42).

Subjects with quotes, ampersands and angle brackets are not HTML-escaped in any mail we
send; the HTML part escapes them exactly once; automatic mail goes out with the empty
envelope sender (`MAIL FROM:<>`) and agents' replies with the support address, checked
on a real SMTP server (aiosmtpd).
"""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from django.core import mail
from django.utils import timezone

from frontdesk.accounts.models import Workspace
from frontdesk.inbox.models import Mailbox
from frontdesk.inbox.services import do_ingest_email
from frontdesk.inbox.tests.mail_factory import raw_email
from frontdesk.inbox.tests.mailservers import SmtpSink
from frontdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db

TRICKY = 'Tom\'s order & "gift" <b>now</b>'
ESCAPED_FORMS = ("&amp;", "&#x27;", "&#39;", "&quot;", "&lt;", "&gt;")


def parsed(message: mail.EmailMessage) -> EmailMessage:
    return message_from_bytes(message.message().as_bytes(), policy=policy.default)  # type: ignore[return-value]


def html_of(message: mail.EmailMessage) -> str:
    [(html, _kind)] = message.alternatives  # type: ignore[attr-defined]
    return str(html)


def assert_not_escaped(text: str) -> None:
    assert not any(form in text for form in ESCAPED_FORMS), text


@pytest.fixture(autouse=True)
def immediate_jobs(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def mailbox(personas) -> Mailbox:
    return Mailbox.objects.create(name="Support", address="support@example.com", team=personas.team)


def ingest_tricky(django_capture_on_commit_callbacks) -> Ticket:
    with django_capture_on_commit_callbacks(execute=True):
        line = do_ingest_email(raw_email(subject=TRICKY)).line()
    return Ticket.objects.get(reference=line.split()[1])


def agent_reply(personas, ticket: Ticket, body: str, django_capture_on_commit_callbacks) -> None:
    from frontdesk.tickets.services import do_add_message

    with django_capture_on_commit_callbacks(execute=True):
        do_add_message(actor=personas.admin, ticket=ticket, body=body)


def test_the_acknowledgement_keeps_the_subject_as_written(
    mailbox, django_capture_on_commit_callbacks
) -> None:
    ticket = ingest_tricky(django_capture_on_commit_callbacks)

    [ack] = mail.outbox
    assert ticket.subject == TRICKY
    assert parsed(ack)["Subject"].endswith(TRICKY)
    assert_not_escaped(parsed(ack)["Subject"])
    assert_not_escaped(ack.body)


def test_an_agent_reply_keeps_subject_and_text_and_escapes_its_html_once(
    personas, mailbox, django_capture_on_commit_callbacks, settings
) -> None:
    ticket = ingest_tricky(django_capture_on_commit_callbacks)
    mail.outbox.clear()

    agent_reply(
        personas,
        ticket,
        'Dear Tom, R&D says <script> is "fine".',
        django_capture_on_commit_callbacks,
    )

    [reply] = mail.outbox
    assert parsed(reply)["Subject"] == f"Re: {TRICKY} [{ticket.reference}]"
    assert reply.body == 'Dear Tom, R&D says <script> is "fine".'
    html = html_of(reply)
    assert "R&amp;D says &lt;script&gt;" in html and "<script>" not in html
    assert "&amp;amp;" not in html


def test_the_follow_up_keeps_the_subject_as_written(
    mailbox, django_capture_on_commit_callbacks
) -> None:
    from frontdesk.resolution.follow_up import render

    ticket = ingest_tricky(django_capture_on_commit_callbacks)

    subject, text, html = render(ticket)

    assert subject.endswith(TRICKY) and TRICKY in text
    assert_not_escaped(subject)
    assert "Tom&#x27;s order &amp; &quot;gift&quot; &lt;b&gt;" in html


def test_the_deadline_alert_keeps_the_subject_as_written(personas) -> None:
    from frontdesk.sla.alert_emails import do_email_deadline_alerts
    from frontdesk.sla.sweep import do_sweep_sla
    from frontdesk.sla.tests.sla_support import only_policies
    from frontdesk.tickets.services import do_create_ticket

    personas.agent.email = "anna@example.com"
    personas.agent.save()
    only_policies(
        {"first_response_minutes": 60, "resolution_minutes": 600, "business_hours": False}
    )
    do_create_ticket(
        actor=None,
        customer=personas.customer,
        subject=TRICKY,
        body="x",
        acknowledge=False,
        assignee=personas.agent,
        team=personas.team,
        now=timezone.now() - timedelta(minutes=50),
    )
    do_sweep_sla()

    assert do_email_deadline_alerts().sent == 1
    [alert] = mail.outbox
    assert TRICKY in alert.body
    assert_not_escaped(parsed(alert)["Subject"])
    assert "Tom&#x27;s order &amp; &quot;gift&quot; &lt;b&gt;" in html_of(alert)


def test_the_portal_sign_in_link_keeps_the_business_name_as_written(
    personas, django_capture_on_commit_callbacks
) -> None:
    from frontdesk.portal.services import do_request_sign_in_link

    workspace = Workspace.current()
    workspace.name = "Tom & Jerry's <Kettles>"
    workspace.save()

    with django_capture_on_commit_callbacks(execute=True):
        do_request_sign_in_link(email=personas.customer.email, base_url="https://help.example.com/")

    [link] = mail.outbox
    assert "Tom & Jerry's <Kettles>" in parsed(link)["Subject"]
    assert "Tom & Jerry's <Kettles>" in link.body


def test_automatic_mail_goes_out_with_the_empty_envelope_sender_and_replies_do_not(
    personas, mailbox, smtp_sink: SmtpSink, django_capture_on_commit_callbacks, settings
) -> None:
    ticket = ingest_tricky(django_capture_on_commit_callbacks)
    [ack] = smtp_sink.wait_for(1)

    agent_reply(personas, ticket, "It ships today.", django_capture_on_commit_callbacks)
    [_ack, reply] = smtp_sink.wait_for(2)

    assert ack.mail_from == "<>"  # MAIL FROM:<>, as aiosmtpd reports it
    assert ack.rcpt_tos == ("ayse@example.com",)
    ack_headers = message_from_bytes(ack.raw, policy=policy.default)
    assert ack_headers["Auto-Submitted"] == "auto-replied"
    assert ack_headers["From"].addresses[0].addr_spec == "support@example.com"
    assert reply.mail_from == "support@example.com"
    assert b"It ships today." in reply.raw
    assert ticket.messages.filter(delivery_status="sent").count() == 1


@pytest.mark.parametrize("template", ["invitation", "password_reset"])
def test_account_emails_keep_the_business_name_as_written(
    personas, template, django_capture_on_commit_callbacks
) -> None:
    from frontdesk.accounts.emails import send_account_email_on_commit

    workspace = Workspace.current()
    workspace.name = "Tom & Jerry's <Kettles>"
    workspace.save()
    personas.agent.email = "anna@example.com"
    personas.agent.language = "en"
    personas.agent.save()

    with django_capture_on_commit_callbacks(execute=True):
        send_account_email_on_commit(
            user=personas.agent,
            template=template,
            context={"inviter": personas.admin, "link": "https://x.example/", "minutes": 30},
        )

    [sent] = mail.outbox
    assert "Tom & Jerry's <Kettles>" in parsed(sent)["Subject"]
    assert_not_escaped(parsed(sent)["Subject"])
