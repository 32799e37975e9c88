"""Which files each channel accepts, what the server thinks they are, and images written
again without their metadata (SECURITY.md check 28, tickets/attachments.py, images.py)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ImproperlyConfigured
from PIL import Image

from frontdesk.core.errors import Invalid
from frontdesk.tickets.attachments import DOCX, extension_mismatch, sniff_content_type
from frontdesk.tickets.choices import Channel, Refusal
from frontdesk.tickets.models import Attachment, Ticket
from frontdesk.tickets.services import NewAttachment, do_add_message
from frontdesk.tickets.tests.ticket_page_support import client_for, open_ticket, page_url

EXE = b"MZ\x90\x00\x03" + b"\x00" * 60 + b"This program cannot be run in DOS mode"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _image(kind: str, size=(40, 30), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, kind, **save)
    return out.getvalue()


def _gps_exif(orientation: int = 1) -> bytes:
    exif = Image.Exif()
    exif[0x0112] = orientation  # Orientation
    exif[0x010F] = "SpyCam Ltd"  # Make
    exif.get_ifd(0x8825)[2] = (56.0, 57.0, 1.0)  # GPSLatitude: Riga
    return exif.tobytes()


def _zip(members: dict[str, bytes], stored_first: str = "") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            kind = zipfile.ZIP_STORED if name == stored_first else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=kind)
    return out.getvalue()


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("a.pdf", b"%PDF-1.7 x", "application/pdf"),
        ("a.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        ("a.wav", b"RIFF\x10\x00\x00\x00WAVEfmt ", "application/octet-stream"),
        ("report.docx", _zip({"word/document.xml": b"<w/>"}), DOCX),
        ("report.zip", _zip({"word/document.xml": b"<w/>"}), "application/zip"),
        (
            "letter.odt",
            _zip({"mimetype": b"application/vnd.oasis.opendocument.text"}, "mimetype"),
            "application/vnd.oasis.opendocument.text",
        ),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 40, "application/msword"),
        ("setup.exe", EXE, "application/x-executable"),
        ("invoice.pdf", EXE, "application/x-executable"),
        ("run.sh", b"echo hi\n", "application/x-script"),
        ("notes.txt", b"#!/bin/sh\nrm -rf /\n", "application/x-script"),
        ("data.csv", b"a,b\n1,2\n", "text/csv"),
        ("notes.txt", "Grüße".encode(), "text/plain"),
        ("page.txt", b"<!DOCTYPE html><p>x", "text/html"),
    ],
)
def test_it_sniffs_the_type_from_the_content(name, content, expected):
    assert sniff_content_type(content, name) == expected


@pytest.mark.parametrize(
    "name, content_type, mismatch",
    [
        ("invoice.pdf", "application/x-executable", True),
        ("photo.jpg", "application/pdf", True),
        ("notes.txt", "text/plain", False),
        ("notes.md", "text/plain", False),
        ("data.json", "text/plain", False),
        ("report.docx", DOCX, False),
        ("README", "text/plain", False),  # no extension: nothing to compare
        ("table.csv", "text/plain", False),
        ("table.csv", "application/zip", True),
    ],
)
def test_it_flags_an_extension_that_lies(name, content_type, mismatch):
    assert extension_mismatch(name, content_type) is mismatch


def test_a_portal_upload_of_a_program_is_refused_with_its_name_and_nothing_is_kept(personas):
    with pytest.raises(Invalid) as error:
        open_ticket(personas, attachments=[NewAttachment("invoice.pdf", EXE)])
    assert error.value.field == "attachments"
    assert "invoice.pdf" in error.value.message and "not accepted" in error.value.message
    assert not Ticket.objects.exists() and not Attachment.objects.exists()


def test_an_agent_cannot_attach_html_or_svg(personas):
    ticket = open_ticket(personas)
    for name, content in [("x.html", b"<html><script>1</script>"), ("x.svg", b"<svg/>")]:
        with pytest.raises(Invalid):
            do_add_message(
                actor=personas.agent,
                ticket=ticket,
                body="see file",
                attachments=[NewAttachment(name, content)],
            )
    assert ticket.messages.count() == 1


def test_an_emailed_program_is_kept_but_blocked(personas):
    ticket = open_ticket(
        personas,
        channel=Channel.EMAIL,
        attachments=[NewAttachment("invoice.pdf", EXE), NewAttachment("notes.txt", b"hi")],
    )
    program, notes = ticket.messages.get().attachments.order_by("pk")
    assert program.refused == Refusal.TYPE and program.type_mismatch
    assert notes.refused == "" and not notes.type_mismatch
    response = client_for(personas.agent).get(f"/attachments/{program.pk}")
    assert response.status_code == 403
    assert "Files of this type are not accepted" in response.content.decode()
    assert client_for(personas.agent).get(f"/attachments/{notes.pk}").status_code == 200


def test_the_accepted_types_are_set_per_channel(personas, settings):
    settings.FRONTDESK_UPLOAD_TYPES = {"portal": ["pdf"], "agent": ["default", "image/svg+xml"]}
    with pytest.raises(Invalid):
        open_ticket(personas, attachments=[NewAttachment("notes.txt", b"hello")])
    ticket = open_ticket(personas, attachments=[NewAttachment("a.pdf", b"%PDF-1.4 a")])
    do_add_message(
        actor=personas.agent,
        ticket=ticket,
        body="logo",
        attachments=[NewAttachment("logo.svg", b"<svg/>")],
    )
    assert Attachment.objects.filter(content_type="image/svg+xml").count() == 1
    settings.FRONTDESK_UPLOAD_TYPES = {"portal": ["executables"]}
    with pytest.raises(ImproperlyConfigured):
        open_ticket(personas, attachments=[NewAttachment("a.pdf", b"%PDF-1.4 a")])


def test_the_ticket_page_shows_a_lying_extension_beside_the_file(personas):
    ticket = open_ticket(personas, attachments=[NewAttachment("photo.jpg", b"%PDF-1.4 a")])
    page = client_for(personas.agent).get(page_url(ticket)).content.decode()
    assert "Extension does not match content" in page
    honest = open_ticket(personas, attachments=[NewAttachment("a.pdf", b"%PDF-1.4 a")])
    assert (
        "Extension does not match"
        not in client_for(personas.agent).get(page_url(honest)).content.decode()
    )


def _stored(attachment: Attachment) -> bytes:
    with attachment.file.open("rb") as stream:
        return stream.read()


def test_a_photo_loses_its_gps_position_and_stays_upright(personas):
    photo = _image("JPEG", (40, 30), exif=_gps_exif(orientation=6))  # "rotate 90°"
    assert b"SpyCam" in photo
    ticket = open_ticket(personas, attachments=[NewAttachment("holiday.jpg", photo)])
    attachment = ticket.messages.get().attachments.get()
    stored = _stored(attachment)
    assert b"SpyCam" not in stored and b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and image.size == (30, 40)  # turned upright
        assert not image.getexif()
    assert attachment.size == len(stored) and attachment.content_type == "image/jpeg"


@pytest.mark.parametrize("kind", ["PNG", "WEBP"])
def test_png_and_webp_lose_their_metadata(personas, kind):
    from PIL import PngImagePlugin

    extra: dict = {"exif": _gps_exif()}
    if kind == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Author", "Secret Person")
        extra["pnginfo"] = info
    original = _image(kind, **extra)
    assert b"SpyCam" in original
    ticket = open_ticket(personas, attachments=[NewAttachment(f"a.{kind.lower()}", original)])
    stored = _stored(ticket.messages.get().attachments.get())
    assert b"SpyCam" not in stored and b"Secret Person" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == kind and image.size == (40, 30)


def test_an_animated_gif_keeps_its_frames(personas):
    colours = [(255, 0, 0), (0, 255, 0), (0, 0, 255)]
    frames = [Image.new("RGB", (10, 10), colour) for colour in colours]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    ticket = open_ticket(personas, attachments=[NewAttachment("a.gif", out.getvalue())])
    with Image.open(io.BytesIO(_stored(ticket.messages.get().attachments.get()))) as image:
        assert image.n_frames == 3


def test_an_image_bomb_or_a_broken_image_is_refused(personas, settings):
    settings.FRONTDESK_MAX_IMAGE_PIXELS = 1000
    with pytest.raises(Invalid) as error:
        open_ticket(personas, attachments=[NewAttachment("big.png", _image("PNG", (50, 50)))])
    assert "too many pixels" in error.value.message
    broken = b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 20
    with pytest.raises(Invalid) as error:
        open_ticket(personas, attachments=[NewAttachment("broken.png", broken)])
    assert "could not be read" in error.value.message
    # By email the file is kept, blocked, as it arrived.
    ticket = open_ticket(
        personas, channel=Channel.EMAIL, attachments=[NewAttachment("broken.png", broken)]
    )
    attachment = ticket.messages.get().attachments.get()
    assert attachment.refused == Refusal.IMAGE and _stored(attachment) == broken
