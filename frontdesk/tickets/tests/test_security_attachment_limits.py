"""The per-ticket file cap and archives (SECURITY.md 27, 33): a ticket holding the most
files allowed takes no more from the help center or the agent (a clear error, the text
kept), an email over the cap is quarantined with its raw bytes, not dropped; and a ZIP
is kept as one file, never unpacked."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from frontdesk.inbox.models import InboundEmail, Mailbox
from frontdesk.inbox.services import do_ingest_email
from frontdesk.inbox.tests.mail_factory import raw_email
from frontdesk.portal.tests.support import signed_in
from frontdesk.tickets.models import Attachment, Ticket
from frontdesk.tickets.services import NewAttachment, do_create_ticket

CAP = 2


@pytest.fixture
def full_ticket(personas, settings, tmp_path) -> Ticket:
    settings.MEDIA_ROOT = tmp_path
    settings.FRONTDESK_MAX_ATTACHMENTS_PER_TICKET = CAP
    Mailbox.objects.create(name="Support", address="support@example.com", team=personas.team)
    line = do_ingest_email(
        raw_email(attachments=[(f"n{i}.txt", b"note %d" % i, "text/plain") for i in range(CAP)])
    ).line()
    ticket = Ticket.objects.get(reference=line.split()[1])
    assert Attachment.objects.filter(message__ticket=ticket).count() == CAP
    return ticket


def test_the_help_center_refuses_one_file_more_and_keeps_the_text(personas, full_ticket):
    client = signed_in(personas.customer)
    upload = SimpleUploadedFile("more.txt", b"one more", content_type="text/plain")
    response = client.post(
        f"/requests/{full_ticket.reference}/", {"message": "And this.", "attachments": [upload]}
    )
    assert response.status_code in (200, 422)
    page = response.content.decode()
    assert "limit of attachments" in page and "And this." in page
    assert Attachment.objects.filter(message__ticket=full_ticket).count() == CAP


def test_the_agent_is_refused_one_file_more_and_keeps_the_text(personas, full_ticket):
    client = Client()
    client.force_login(personas.agent)
    upload = SimpleUploadedFile("label.pdf", b"%PDF-1.4 label", content_type="application/pdf")
    response = client.post(
        f"/tickets/{full_ticket.pk}/reply",
        {"body": "Label attached.", "kind": "reply", "attachments": [upload]},
    )
    assert response.status_code == 422
    assert "limit of attachments" in response.content.decode()
    assert "Label attached." in response.content.decode()
    assert Attachment.objects.filter(message__ticket=full_ticket).count() == CAP


def test_an_email_over_the_cap_is_quarantined_with_its_bytes(personas, full_ticket):
    from frontdesk.tickets.outbound import message_id_for

    reply = raw_email(
        body="Two more photos.",
        in_reply_to=full_ticket.messages.first().external_id or message_id_for(full_ticket, "x"),
        attachments=[("more.txt", b"one more", "text/plain")],
    )
    result = do_ingest_email(reply)
    assert result.line().startswith("quarantined")
    stored = InboundEmail.objects.get(pk=result.inbound_id)
    assert bytes(stored.raw) == reply and "limit of attachments" in stored.error
    assert Attachment.objects.filter(message__ticket=full_ticket).count() == CAP


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../evil.txt", "outside")
        archive.writestr("inner/photo.txt", "inside")
    return buffer.getvalue()


def test_an_archive_is_kept_as_one_file_and_never_unpacked(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ticket = do_create_ticket(
        actor=personas.customer,
        customer=personas.customer,
        subject="Photos",
        body="zipped",
        team=personas.team,
        acknowledge=False,
        attachments=[NewAttachment("photos.zip", _zip(), "application/zip")],
    )
    [attachment] = Attachment.objects.filter(message__ticket=ticket)
    assert (attachment.filename, attachment.content_type) == ("photos.zip", "application/zip")
    assert attachment.file.read() == _zip()
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files == [tmp_path / attachment.file.name]
    assert not list(tmp_path.rglob("evil.txt")) and not (tmp_path.parent / "evil.txt").exists()
