"""Settings → Quarantine: list, detail, re-process, discard, download. Administrators only."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client

from frontdesk.inbox.choices import InboundStatus, Outcome, Source
from frontdesk.inbox.models import InboundEmail, Mailbox
from frontdesk.inbox.services import do_ingest_email
from frontdesk.inbox.tests.mail_factory import raw_email
from frontdesk.portal.tests.support import signed_in
from frontdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db

ERROR = "ValueError: the parser gave up on part 3\n  while reading <script>alert(1)</script>"
TOO_BIG = 100  # bytes: a limit every test mail exceeds, so routing quarantines it


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def mailbox(personas) -> Mailbox:
    return Mailbox.objects.create(name="Support", address="support@example.com", team=personas.team)


def quarantined(raw: bytes, *, mailbox: Mailbox | None = None, error: str = ERROR) -> InboundEmail:
    """A quarantined row as the ingestion leaves it (raw kept, error recorded)."""
    sha = hashlib.sha256(raw).hexdigest()
    return InboundEmail.objects.create(
        mailbox=mailbox,
        source=Source.IMAP,
        dedupe_key=f"sha256:{sha}",
        sha256=sha,
        raw=raw,
        size=len(raw),
        status=InboundStatus.QUARANTINED,
        outcome=Outcome.QUARANTINED,
        error=error,
        attempts=1,
    )


def pages(inbound: InboundEmail) -> list[str]:
    base = f"/settings/quarantine/{inbound.pk}/"
    return ["/settings/quarantine/", base, f"{base}discard/", f"{base}email.eml"]


# --- outsiders -------------------------------------------------------------------------


def test_it_sends_anonymous_visitors_to_sign_in(personas) -> None:
    inbound = quarantined(raw_email(subject="Secret plans"))
    for path in pages(inbound):
        response = Client().get(path)
        assert response.status_code == 302 and "/sign-in/" in response["Location"]
    Client().post(f"/settings/quarantine/{inbound.pk}/discard/")
    assert InboundEmail.objects.filter(pk=inbound.pk).exists()


def test_agents_managers_and_customers_do_not_find_it(personas) -> None:
    inbound = quarantined(raw_email(subject="Secret plans"))
    clients = [client_for(u) for u in (personas.agent, personas.light_agent, personas.manager)]
    for client in [*clients, signed_in(personas.customer)]:
        for path in pages(inbound):
            response = client.get(path)
            assert response.status_code in (302, 404)
            assert b"Secret plans" not in response.content
        base = f"/settings/quarantine/{inbound.pk}/"
        assert client.post(f"{base}reprocess/").status_code in (302, 404)
        assert client.post(f"{base}discard/").status_code in (302, 404)
    inbound.refresh_from_db()
    assert inbound.status == InboundStatus.QUARANTINED and inbound.attempts == 1
    for client in clients:
        assert client.get(pages(inbound)[1]).status_code == 404


# --- list and detail -------------------------------------------------------------------


def test_the_list_shows_received_from_subject_error_and_size(personas, mailbox) -> None:
    raw = raw_email(sender="piotr@example.org", subject="Zamówienie <b>123</b>")
    inbound = quarantined(raw, mailbox=mailbox)
    quarantined(raw_email(subject="Processed already"))
    InboundEmail.objects.exclude(pk=inbound.pk).update(status=InboundStatus.PROCESSED)
    response = client_for(personas.admin).get("/settings/quarantine/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "piotr@example.org" in html
    assert "Zamówienie &lt;b&gt;123&lt;/b&gt;" in html and "<b>123" not in html
    assert "ValueError: the parser gave up on part 3" in html
    assert "while reading" not in html  # only the error's first line in the list
    assert f"/settings/quarantine/{inbound.pk}/" in html
    assert "Processed already" not in html
    assert "style=" not in html


def test_a_mail_the_ingestion_quarantined_is_listed(personas, mailbox, settings) -> None:
    settings.FRONTDESK_MAX_MESSAGE_BYTES = TOO_BIG
    result = do_ingest_email(raw_email(subject="Nobody wrote this"), mailbox=mailbox)
    assert result.outcome == Outcome.QUARANTINED
    html = client_for(personas.admin).get("/settings/quarantine/").content.decode()
    assert "Nobody wrote this" in html


def test_the_detail_shows_the_error_and_headers_escaped(personas, mailbox) -> None:
    raw = raw_email(subject="Refund <img src=x onerror=alert(1)>", headers={"X-Spam": "no"})
    inbound = quarantined(raw, mailbox=mailbox)
    response = client_for(personas.admin).get(f"/settings/quarantine/{inbound.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "while reading &lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "X-Spam" in html and "support@example.com" in html
    assert "Message-ID" in html and 'action="/settings/quarantine/' in html
    assert "style=" not in html


def test_a_processed_email_is_not_in_the_quarantine(personas) -> None:
    inbound = quarantined(raw_email())
    InboundEmail.objects.filter(pk=inbound.pk).update(status=InboundStatus.PROCESSED)
    client = client_for(personas.admin)
    for path in pages(inbound)[1:]:
        assert client.get(path).status_code == 404


# --- actions ---------------------------------------------------------------------------


def test_re_processing_a_fixed_email_opens_the_ticket(personas, mailbox) -> None:
    inbound = quarantined(raw_email(subject="Kettle leaks"), mailbox=mailbox)
    client = client_for(personas.admin)
    response = client.post(f"/settings/quarantine/{inbound.pk}/reprocess/", follow=True)
    assert response.redirect_chain[-1][0] == "/settings/quarantine/"
    ticket = Ticket.objects.get()
    assert ticket.subject == "Kettle leaks"
    assert f"Processed: ticket {ticket.reference}" in response.content.decode()
    inbound.refresh_from_db()
    assert inbound.status == InboundStatus.PROCESSED and inbound.ticket == ticket


def test_re_processing_a_still_broken_email_says_so(personas, mailbox, settings) -> None:
    settings.FRONTDESK_MAX_MESSAGE_BYTES = TOO_BIG
    inbound = quarantined(raw_email(), mailbox=mailbox)
    response = client_for(personas.admin).post(
        f"/settings/quarantine/{inbound.pk}/reprocess/", follow=True
    )
    assert response.redirect_chain[-1][0] == f"/settings/quarantine/{inbound.pk}/"
    assert f"Still quarantined: quarantined {inbound.pk}" in response.content.decode()
    inbound.refresh_from_db()
    assert inbound.status == InboundStatus.QUARANTINED and inbound.attempts == 2
    assert not Ticket.objects.exists()


def test_re_process_and_discard_need_post(personas) -> None:
    inbound = quarantined(raw_email())
    client = client_for(personas.admin)
    assert client.get(f"/settings/quarantine/{inbound.pk}/reprocess/").status_code == 405
    response = client.get(f"/settings/quarantine/{inbound.pk}/discard/")
    assert response.status_code == 200 and "Discard this email?" in response.content.decode()
    assert InboundEmail.objects.filter(pk=inbound.pk).exists()


def test_discarding_deletes_the_email(personas) -> None:
    inbound = quarantined(raw_email())
    keep = quarantined(raw_email(subject="Another"))
    response = client_for(personas.admin).post(f"/settings/quarantine/{inbound.pk}/discard/")
    assert response.status_code == 302 and response["Location"] == "/settings/quarantine/"
    assert list(InboundEmail.objects.values_list("pk", flat=True)) == [keep.pk]


def test_the_raw_email_downloads_as_an_attachment(personas) -> None:
    raw = raw_email(html="<p>Hi</p><script>alert(1)</script>")
    inbound = quarantined(raw)
    response = client_for(personas.admin).get(f"/settings/quarantine/{inbound.pk}/email.eml")
    assert response.status_code == 200
    assert response.content == raw
    assert response["Content-Type"] == "message/rfc822"
    assert response["Content-Disposition"] == f'attachment; filename="email-{inbound.pk}.eml"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
