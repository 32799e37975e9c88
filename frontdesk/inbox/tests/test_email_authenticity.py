"""Spoofed customer replies (SECURITY.md 34, 35): a forged `From:` of the customer with the
ticket's reference never becomes her reply; the agent sees why."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdesk.inbox.choices import InboundStatus, Outcome
from frontdesk.inbox.models import InboundEmail, Mailbox
from frontdesk.inbox.services import do_ingest_email
from frontdesk.inbox.tests.mail_factory import raw_email
from frontdesk.tickets.choices import AuthorType, MessageKind
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.outbound import message_id_for

pytestmark = pytest.mark.django_db

TRUSTED = "mx.example.net"
DMARC_FAIL = (
    "mx.example.net; spf=fail smtp.mailfrom=example.com; "
    "dmarc=fail (p=REJECT) header.from=example.com"
)
M365_FAIL = (
    "spf=fail (sender IP is 198.51.100.7) smtp.mailfrom=example.com; dkim=none (message not "
    "signed) header.d=none;dmarc=fail action=none header.from=example.com;compauth=fail "
    "reason=000"
)
DMARC_PASS = "mx.example.net; dkim=pass header.d=example.com; dmarc=pass header.from=example.com"


@pytest.fixture
def mailbox(personas) -> Mailbox:
    return Mailbox.objects.create(
        name="Support",
        address="support@example.com",
        team=personas.team,
        trusted_authserv_ids=TRUSTED,
    )


@pytest.fixture
def ticket(mailbox) -> Ticket:
    line = do_ingest_email(raw_email(sender="ayse@example.com")).line()
    return Ticket.objects.get(reference=line.split()[1])


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def customer_messages(ticket: Ticket) -> list[str]:
    return list(
        ticket.messages.filter(author_type=AuthorType.CUSTOMER).values_list("body", flat=True)
    )


def spoof(ticket: Ticket, results: str, **extra) -> bytes:
    return raw_email(
        sender="ayse@example.com",
        subject=f"Re: Order question [{ticket.reference}]",
        body="Please send the refund to IBAN XX00 1234 instead.",
        headers={"Authentication-Results": results},
        **extra,
    )


@pytest.mark.parametrize("results", [DMARC_FAIL, M365_FAIL])
def test_a_reply_failing_dmarc_is_held_for_review_with_the_reason(
    personas, mailbox, ticket, results
) -> None:
    if "mx.example.net" not in results:
        mailbox.trusted_authserv_ids = "unnamed"
        mailbox.save()

    result = do_ingest_email(spoof(ticket, results))

    assert result.outcome == Outcome.QUARANTINED
    assert customer_messages(ticket) == [
        "Hello, where is my order number 12345? It has not arrived yet."
    ]
    held = InboundEmail.objects.get(pk=result.inbound_id)
    assert held.status == InboundStatus.QUARANTINED and held.outcome == Outcome.HELD
    assert "does not come from ayse@example.com" in held.error
    assert "dmarc=fail header.from=example.com" in held.error
    page = client_for(personas.admin).get(f"/settings/quarantine/{held.pk}/").content.decode()
    assert "does not come from ayse@example.com" in page
    assert "data-accept-unverified" in page


def test_even_a_signed_reference_does_not_let_a_dmarc_failure_in(mailbox, ticket) -> None:
    ack = message_id_for(ticket, "ack")

    result = do_ingest_email(spoof(ticket, DMARC_FAIL, in_reply_to=ack, references=ack))

    assert result.outcome == Outcome.QUARANTINED
    assert len(customer_messages(ticket)) == 1


def test_an_administrator_can_add_a_held_mail_anyway_and_the_ticket_says_so(
    personas, mailbox, ticket
) -> None:
    held = InboundEmail.objects.get(pk=do_ingest_email(spoof(ticket, DMARC_FAIL)).inbound_id)

    response = client_for(personas.admin).post(
        f"/settings/quarantine/{held.pk}/reprocess/", {"accept_unverified": "1"}, follow=True
    )

    assert response.status_code == 200
    held.refresh_from_db()
    assert held.status == InboundStatus.PROCESSED and held.outcome == Outcome.REPLY
    assert len(customer_messages(ticket)) == 2
    note = ticket.messages.filter(kind=MessageKind.NOTE).last()
    assert "was not verified" in note.body and "an administrator let it in" in note.body


def test_re_processing_a_held_mail_without_accepting_keeps_it_held(
    personas, mailbox, ticket
) -> None:
    held = InboundEmail.objects.get(pk=do_ingest_email(spoof(ticket, DMARC_FAIL)).inbound_id)

    client_for(personas.admin).post(f"/settings/quarantine/{held.pk}/reprocess/")

    held.refresh_from_db()
    assert held.outcome == Outcome.HELD and len(customer_messages(ticket)) == 1


def test_accepting_is_only_for_mail_held_for_its_sender(personas, mailbox, settings) -> None:
    settings.FRONTDESK_MAX_MESSAGE_BYTES = 10  # every mail is quarantined as too large
    broken = InboundEmail.objects.get(pk=do_ingest_email(raw_email()).inbound_id)
    settings.FRONTDESK_MAX_MESSAGE_BYTES = 25_000_000

    client_for(personas.admin).post(
        f"/settings/quarantine/{broken.pk}/reprocess/", {"accept_unverified": "1"}
    )

    broken.refresh_from_db()
    assert broken.accept_unverified is False and broken.outcome == Outcome.TICKET


def test_agents_cannot_add_a_held_mail(personas, mailbox, ticket) -> None:
    held = InboundEmail.objects.get(pk=do_ingest_email(spoof(ticket, DMARC_FAIL)).inbound_id)
    for user in (personas.agent, personas.manager):
        response = client_for(user).post(
            f"/settings/quarantine/{held.pk}/reprocess/", {"accept_unverified": "1"}
        )
        assert response.status_code in (403, 404)
    assert Client().post(f"/settings/quarantine/{held.pk}/reprocess/").status_code == 302
    held.refresh_from_db()
    assert held.outcome == Outcome.HELD


@pytest.mark.parametrize(
    "results",
    [
        None,  # no Authentication-Results at all
        "evil.example; dmarc=pass header.from=example.com",  # a server we do not trust
        "mx.example.net; dmarc=none header.from=example.com",  # nothing conclusive
    ],
)
def test_a_subject_only_reply_from_an_unverified_sender_opens_a_new_ticket(
    mailbox, ticket, results
) -> None:
    headers = {"Authentication-Results": results} if results else {}
    raw = raw_email(subject=f"Re: Order question [{ticket.reference}]", headers=headers)

    result = do_ingest_email(raw)

    assert result.outcome == Outcome.TICKET and result.reference != ticket.reference
    assert len(customer_messages(ticket)) == 1
    new = Ticket.objects.get(reference=result.reference)
    note = new.messages.get(kind=MessageKind.NOTE)
    assert ticket.reference in note.body and "could not be verified" in note.body
    assert InboundEmail.objects.get(pk=result.inbound_id).warning == note.body


def test_without_a_trusted_server_a_subject_only_reply_opens_a_new_ticket(mailbox, ticket) -> None:
    mailbox.trusted_authserv_ids = ""
    mailbox.save()

    result = do_ingest_email(
        raw_email(
            subject=f"Re: Order question [{ticket.reference}]",
            headers={"Authentication-Results": DMARC_PASS},
        )
    )

    assert result.reference != ticket.reference


def test_a_verified_sender_may_reply_by_subject_alone(mailbox, ticket) -> None:
    result = do_ingest_email(
        raw_email(
            subject=f"Re: Order question [{ticket.reference}]",
            headers={"Authentication-Results": DMARC_PASS},
        )
    )

    assert result.outcome == Outcome.REPLY and result.reference == ticket.reference
    assert not ticket.messages.filter(kind=MessageKind.NOTE).exists()


def test_a_reply_to_our_signed_message_id_needs_no_verification(mailbox, ticket) -> None:
    ack = message_id_for(ticket, "ack")

    result = do_ingest_email(raw_email(subject="Re: hello", in_reply_to=ack, references=ack))

    assert result.outcome == Outcome.REPLY and result.reference == ticket.reference


def test_only_the_topmost_header_of_the_trusted_server_counts(mailbox, ticket) -> None:
    # The sender wrote a "pass" naming our server among its own headers; the server's own
    # header, added above everything the sender wrote, says fail.
    raw = spoof(ticket, "mx.example.net; dmarc=pass header.from=example.com")
    trusted = f"Authentication-Results: {DMARC_FAIL}\n".encode()

    assert do_ingest_email(trusted + raw).outcome == Outcome.QUARANTINED
    assert len(customer_messages(ticket)) == 1


def test_an_admin_sets_the_trusted_server_in_the_mailbox_form(personas, mailbox) -> None:
    from frontdesk.inbox.tests.test_mailbox_settings import form_data

    client = client_for(personas.admin)
    page = client.get(f"/settings/mailboxes/{mailbox.pk}/").content.decode()
    assert 'name="trusted_authserv_ids"' in page and 'value="mx.example.net"' in page

    data = form_data(imap_host="", imap_username="", imap_password="", smtp_host="")
    data.update(smtp_username="", smtp_password="")
    response = client.post(
        f"/settings/mailboxes/{mailbox.pk}/",
        {**data, "trusted_authserv_ids": "MX.Google.com unnamed"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    mailbox.refresh_from_db()
    assert mailbox.trusted_authserv_ids == "mx.google.com unnamed"


def test_a_malformed_trusted_server_is_refused(personas, mailbox) -> None:
    from frontdesk.inbox.tests.test_mailbox_settings import form_data

    data = form_data(imap_host="", imap_username="", imap_password="", smtp_host="")
    data.update(smtp_username="", smtp_password="", trusted_authserv_ids="mx.google.com; evil")

    response = client_for(personas.admin).post(f"/settings/mailboxes/{mailbox.pk}/", data)

    assert response.status_code == 422
    assert 'id="id_trusted_authserv_ids-error"' in response.content.decode()
    mailbox.refresh_from_db()
    assert mailbox.trusted_authserv_ids == TRUSTED


def test_only_admins_change_the_trusted_server(personas, mailbox) -> None:
    from frontdesk.inbox.tests.test_mailbox_settings import form_data

    data = {**form_data(), "trusted_authserv_ids": "evil.example"}
    for user in (personas.agent, personas.manager):
        assert client_for(user).post(f"/settings/mailboxes/{mailbox.pk}/", data).status_code == 404
    assert Client().post(f"/settings/mailboxes/{mailbox.pk}/", data).status_code == 302
    mailbox.refresh_from_db()
    assert mailbox.trusted_authserv_ids == TRUSTED
