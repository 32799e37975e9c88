"""The public request form: ticket, acknowledgement, validation, honeypot, rate limit."""

from __future__ import annotations

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from frontdesk.customers.models import Customer
from frontdesk.tickets.choices import Channel
from frontdesk.tickets.models import Ticket

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def _data(**overrides):
    data = {
        "name": "Līga Ozola",
        "email": "liga@example.lv",
        "subject": "Zipper broke",
        "message": "The zipper of my jacket broke after a week.",
        "website": "",
    }
    data.update(overrides)
    return data


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_it_creates_the_ticket_and_acknowledges_it(
    db, client: Client, django_capture_on_commit_callbacks
):
    png = (  # a real 1×1 PNG: images are decoded and written again
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
        b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\r\xefF\xb8"
        b"\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    photo = SimpleUploadedFile("zip.png", png, content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/requests/new/",
            _data(attachments=[photo], message="Manas jakas rāvējslēdzējs salūza pēc nedēļas."),
            HTTP_ACCEPT_LANGUAGE="lv",
        )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.channel == Channel.WEB and ticket.subject == "Zipper broke"
    assert ticket.customer.email == "liga@example.lv"
    assert ticket.customer.language == "lv"
    assert ticket.messages.first().attachments.get().filename == "zip.png"
    assert len(mail.outbox) == 1 and ticket.reference in mail.outbox[0].subject
    thanks = client.get(response["Location"])
    assert ticket.reference in thanks.content.decode()


def test_it_reuses_the_customer_without_changing_their_profile(personas, client: Client):
    client.post("/requests/new/", _data(email="AYSE@example.com", name="Someone Else"))
    ticket = Ticket.objects.get()
    assert ticket.customer == personas.customer
    personas.customer.refresh_from_db()
    assert personas.customer.name == "Ayşe Yılmaz"


def test_bad_input_keeps_what_was_typed(db, client: Client):
    response = client.post(
        "/requests/new/", _data(email="not-an-email", subject="", message="Kept message")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kept message" in html and "Līga Ozola" in html and "not-an-email" in html
    assert "valid email" in html and "This field is required." in html
    assert not Ticket.objects.exists() and not Customer.objects.exists()


@override_settings(FRONTDESK_MAX_ATTACHMENT_BYTES=100)
def test_an_oversized_file_is_refused_clearly(db, client: Client):
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"x" * 200, content_type="application/pdf")
    response = client.post("/requests/new/", _data(attachments=[big]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "big.pdf" in html and "too large" in html
    assert "The zipper of my jacket broke after a week." in html
    assert not Ticket.objects.exists()


@override_settings(FRONTDESK_MAX_MESSAGE_BYTES=150)
def test_files_too_large_together_are_refused(db, client: Client):
    files = [SimpleUploadedFile(f"f{i}.txt", b"x" * 100) for i in range(2)]
    response = client.post("/requests/new/", _data(attachments=files))
    assert "too large together" in response.content.decode()
    assert not Ticket.objects.exists()


def test_the_honeypot_creates_nothing(db, client: Client):
    response = client.post("/requests/new/", _data(website="http://spam.example"), follow=True)
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert not Ticket.objects.exists() and not Customer.objects.exists()


def test_too_many_requests_from_one_address_get_429(db, client: Client):
    for i in range(5):
        response = client.post("/requests/new/", _data(subject=f"Request {i}"))
        assert response.status_code == 302
    # A spoofed X-Forwarded-For does not give a fresh key: only REMOTE_ADDR counts.
    response = client.post(
        "/requests/new/", _data(subject="sixth"), HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 700  # a sliding 10 minutes, in sixths
    assert "Please wait a moment" in response.content.decode()
    assert Ticket.objects.count() == 5
    other = client.post("/requests/new/", _data(subject="other"), REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302


def test_script_payloads_are_escaped(db, client: Client):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = client.post("/requests/new/", _data(subject=payload, message=payload, email="bad"))
    html = response.content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
