"""Malware scanning with a real clamd (EICAR), blocked downloads, and an administrator's
release on the ticket's history (SECURITY.md check 32, tickets/scan.py, clamd.py)."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdesk.tickets import clamd
from frontdesk.tickets.choices import Channel, ScanState
from frontdesk.tickets.models import Attachment, TicketEvent
from frontdesk.tickets.scan import run_scan
from frontdesk.tickets.services import NewAttachment
from frontdesk.tickets.tests.clamd_server import EICAR, SIGNATURE, start_clamd
from frontdesk.tickets.tests.ticket_page_support import client_for, open_ticket, page_url

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = IMMEDIATE


@pytest.fixture(scope="module")
def clamd_socket():
    """One real clamd for this module's tests (skipped without it, outside CI)."""
    yield from start_clamd()


@pytest.fixture
def scanner(settings, clamd_socket):
    settings.FRONTDESK_CLAMD_SOCKET = clamd_socket
    return clamd_socket


@pytest.fixture
def scanner_down(settings, tmp_path):
    settings.FRONTDESK_CLAMD_SOCKET = str(tmp_path / "no-clamd-here.sock")


def _emailed(personas, capture, *files: NewAttachment) -> list[Attachment]:
    """A customer's email with these files; the scan jobs run once it commits."""
    with capture(execute=True):
        ticket = open_ticket(personas, channel=Channel.EMAIL, attachments=list(files))
    return list(ticket.messages.get().attachments.order_by("pk"))


def _download(user, attachment: Attachment):
    return client_for(user).get(f"/attachments/{attachment.pk}")


def test_eicar_is_found_by_clamd_and_its_download_is_blocked(
    personas, scanner, django_capture_on_commit_callbacks
):
    virus, clean = _emailed(
        personas,
        django_capture_on_commit_callbacks,
        NewAttachment("eicar.txt", EICAR),
        NewAttachment("notes.txt", b"Just my notes."),
    )
    virus.refresh_from_db()
    clean.refresh_from_db()
    assert virus.scan_state == ScanState.INFECTED and SIGNATURE in virus.scan_result
    assert clean.scan_state == ScanState.CLEAN and clean.scanned_at is not None
    blocked = _download(personas.agent, virus)
    assert blocked.status_code == 403
    assert "Malware was found" in blocked.content.decode()
    assert _download(personas.agent, clean).status_code == 200
    event = TicketEvent.objects.get(field="attachment")
    assert event.new_value == ScanState.INFECTED and "eicar.txt" in event.note
    # The ticket page says so, and offers nobody but an administrator the release.
    page = client_for(personas.agent).get(page_url(virus.message.ticket)).content.decode()
    assert "Malware was found" in page and 'value="release"' not in page
    assert f'href="/attachments/{virus.pk}"' not in page


def test_the_customer_cannot_download_it_from_the_portal_either(
    personas, scanner, django_capture_on_commit_callbacks
):
    from frontdesk.portal.tests.support import signed_in

    (virus,) = _emailed(
        personas, django_capture_on_commit_callbacks, NewAttachment("eicar.txt", EICAR)
    )
    response = signed_in(personas.customer).get(f"/requests/attachments/{virus.pk}/")
    assert response.status_code == 403


def test_a_file_waits_for_its_scan(personas, settings, scanner):
    # Without running the job (captured, not executed): still pending.
    ticket = open_ticket(
        personas, channel=Channel.EMAIL, attachments=[NewAttachment("a.txt", b"x")]
    )
    attachment = ticket.messages.get().attachments.get()
    assert attachment.scan_state == ScanState.PENDING
    response = _download(personas.agent, attachment)
    assert response.status_code == 403 and "being scanned" in response.content.decode()
    assert run_scan(attachment.pk) == ScanState.CLEAN
    assert _download(personas.agent, attachment).status_code == 200


def test_a_scanner_outage_blocks_the_download_until_an_admin_releases_it(
    personas, settings, scanner_down, django_capture_on_commit_callbacks
):
    (attachment,) = _emailed(
        personas, django_capture_on_commit_callbacks, NewAttachment("a.txt", b"x")
    )
    attachment.refresh_from_db()
    assert (
        attachment.scan_state == ScanState.FAILED and "cannot reach clamd" in attachment.scan_result
    )
    response = _download(personas.agent, attachment)
    assert response.status_code == 403 and "scan failed" in response.content.decode()
    page = client_for(personas.admin).get(page_url(attachment.message.ticket)).content.decode()
    assert "The malware scan failed" in page and 'value="release"' in page

    # An agent may not release it; an administrator may, and the history says who did.
    url = f"/attachments/{attachment.pk}/release"
    assert client_for(personas.agent).post(url, {"action": "release"}).status_code == 403
    response = client_for(personas.admin).post(url, {"action": "release"})
    assert response.status_code == 302
    assert _download(personas.agent, attachment).status_code == 200
    event = TicketEvent.objects.get(field="attachment")
    assert (event.actor_user, event.old_value, event.new_value) == (
        personas.admin,
        ScanState.FAILED,
        "released",
    )
    page = client_for(personas.agent).get(page_url(attachment.message.ticket)).content.decode()
    assert "Released by admin" in page and "a.txt" in page
    # Releasing twice is refused.
    assert client_for(personas.admin).post(url, {"action": "release"}).status_code == 409


def test_fail_open_lets_an_unscanned_file_through(
    personas, settings, scanner_down, django_capture_on_commit_callbacks
):
    settings.FRONTDESK_SCAN_FAIL_CLOSED = False
    (attachment,) = _emailed(
        personas, django_capture_on_commit_callbacks, NewAttachment("a.txt", b"x")
    )
    assert _download(personas.agent, attachment).status_code == 200


def test_an_admin_has_a_file_scanned_again_after_the_outage(
    personas, settings, scanner_down, clamd_socket, django_capture_on_commit_callbacks
):
    (attachment,) = _emailed(
        personas, django_capture_on_commit_callbacks, NewAttachment("eicar.txt", EICAR)
    )
    settings.FRONTDESK_CLAMD_SOCKET = clamd_socket  # the scanner is back
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.admin).post(
            f"/attachments/{attachment.pk}/release", {"action": "rescan"}
        )
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.scan_state == ScanState.INFECTED


def test_outsiders_cannot_release_a_file(
    personas, scanner_down, django_capture_on_commit_callbacks
):
    (attachment,) = _emailed(
        personas, django_capture_on_commit_callbacks, NewAttachment("a.txt", b"x")
    )
    url = f"/attachments/{attachment.pk}/release"
    anonymous = Client().post(url, {"action": "release"})
    assert anonymous.status_code == 302 and anonymous["Location"].startswith("/sign-in/")
    assert client_for(personas.other_agent).post(url).status_code == 404  # not their ticket
    assert client_for(personas.light_agent).post(url).status_code == 403
    assert client_for(personas.admin).get(url).status_code == 405
    attachment.refresh_from_db()
    assert attachment.released_at is None


def test_without_a_scanner_files_are_not_scanned_and_download(personas):
    ticket = open_ticket(personas, attachments=[NewAttachment("a.txt", b"x")])
    attachment = ticket.messages.get().attachments.get()
    assert attachment.scan_state == ScanState.NOT_SCANNED
    assert _download(personas.agent, attachment).status_code == 200


@pytest.mark.parametrize(
    "reply, verdict",
    [
        ("stream: OK", clamd.Verdict(infected=False)),
        ("stream: Win.Test.EICAR_HDB-1 FOUND", clamd.Verdict(True, "Win.Test.EICAR_HDB-1")),
    ],
)
def test_it_reads_clamds_answers(reply, verdict):
    assert clamd.parse_reply(reply) == verdict


def test_an_error_answer_or_a_bad_address_is_an_outage():
    with pytest.raises(clamd.ScannerError):
        clamd.parse_reply("INSTREAM size limit exceeded. ERROR")
    with pytest.raises(clamd.ScannerError):
        clamd.scan_stream(None, tcp="no-port", timeout=1)  # type: ignore[arg-type]
