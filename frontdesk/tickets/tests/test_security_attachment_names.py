"""File names are metadata (SECURITY.md 30, 31): whatever name a file arrives with, it is
stored under a key the server chose inside MEDIA_ROOT, shown as text, and sent back in
an RFC 6266 header that carries no line break or stray quote; and no URL serves the
stored files except the access-checked download views."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils.html import escape

from frontdesk.tickets.models import Attachment
from frontdesk.tickets.services import NewAttachment, do_create_ticket

TRAVERSAL = [
    "../../etc/passwd.txt",
    "..\\..\\windows\\win.ini.txt",
    "/etc/passwd.txt",
    "C:\\Windows\\system.ini.txt",
    "....//....//etc/x.txt",
    "%2e%2e%2f%2e%2e%2fetc%2fpasswd.txt",
    "..%c0%af..%c0%afetc.txt",
    "..\u2215..\u2215etc.txt",
    "a/../../../b.txt",
    "~/.ssh/id_rsa.txt",
    "notes.txt\x00.png",
    "..",
    ".",
    "",
    "x" * 600 + ".txt",
    'quote".txt',
    "semi;colon; filename=evil.exe.txt",
    "line\r\nContent-Type: text/html\r\n\r\n<script>.txt",
    "\u202egnp.exe.txt",
    "<img src=x onerror=alert(1)>.txt",
    "Привет мир.txt",
]
CONTENT = b"Order 12345: please see the notes.\n"


@pytest.fixture
def stored(personas, settings, tmp_path) -> list[Attachment]:
    settings.MEDIA_ROOT = tmp_path / "files"
    ticket = do_create_ticket(
        actor=personas.customer,
        customer=personas.customer,
        subject="Files",
        body="see files",
        team=personas.team,
        acknowledge=False,
        attachments=[NewAttachment(name, CONTENT, "text/plain") for name in TRAVERSAL],
    )
    return list(Attachment.objects.filter(message__ticket=ticket).order_by("pk"))


def test_every_name_is_stored_inside_media_root_under_a_server_key(stored, settings) -> None:
    root = Path(settings.MEDIA_ROOT).resolve()
    assert len(stored) == len(TRAVERSAL)
    keys = set()
    for attachment, sent in zip(stored, TRAVERSAL, strict=True):
        path = Path(attachment.file.path).resolve()
        assert path.is_relative_to(root / "attachments"), (sent, path)
        assert path.read_bytes() == CONTENT
        key = attachment.file.name
        assert ".." not in key and "\\" not in key and "\x00" not in key
        keys.add(Path(key).stem)
        # The name kept is one line, without any directory part.
        assert "/" not in attachment.filename and "\\" not in attachment.filename
        assert not any(ord(c) < 32 for c in attachment.filename), attachment.filename
        assert attachment.filename not in ("", ".", "..") and len(attachment.filename) <= 255
    assert len(keys) == len(stored)  # a key of its own each, not derived from the name
    # Nothing was written outside the attachments folder.
    assert {p.name for p in Path(settings.MEDIA_ROOT).iterdir()} == {"attachments"}


def test_downloads_name_the_file_in_one_safe_header(personas, stored) -> None:
    client = Client()
    client.force_login(personas.agent)
    for attachment in stored:
        response = client.get(f"/attachments/{attachment.pk}")
        assert response.status_code == 200
        header = response["Content-Disposition"]
        assert header.startswith("attachment")
        assert "\r" not in header and "\n" not in header
        if header.startswith('attachment; filename="'):
            inner = header.removeprefix('attachment; filename="').removesuffix('"')
            assert '"' not in inner.replace('\\"', ""), header  # quotes are escaped
        else:
            assert header.startswith("attachment; filename*=utf-8''"), header  # RFC 5987
            assert " " not in header.split("''", 1)[1] and '"' not in header
        assert response["Content-Type"] == "text/plain"  # the server's type, not the sender's
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert b"".join(response.streaming_content) == CONTENT


def test_names_are_shown_as_text_on_the_ticket_page(personas, stored) -> None:
    client = Client()
    client.force_login(personas.agent)
    ticket_id = stored[0].message.ticket_id
    page = client.get(f"/tickets/{ticket_id}/").content.decode()
    assert "<img src=x onerror" not in page and "<script>" not in page
    assert escape("<img src=x onerror=alert(1)>.txt") in page


def test_no_url_serves_the_stored_files(personas, stored, client) -> None:
    assert not settings.MEDIA_URL or settings.MEDIA_URL == "/"  # no public media prefix
    key = stored[0].file.name
    client.force_login(personas.admin)
    for prefix in ("/", "/files/", "/media/", "/static/", "/static/../files/"):
        response = client.get(prefix + key)
        assert response.status_code in (404, 301, 302), prefix
        assert CONTENT not in b"".join(getattr(response, "streaming_content", [response.content]))
