"""L2: the language of a first message wins over the interface it was written from, on
every channel, and a customer without a language keeps it."""

from __future__ import annotations

from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings

from frontdesk.customers.models import Customer
from frontdesk.customers.services import do_create_customer
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import do_create_ticket
from frontdesk.tickets.tests.api_support import client_for, post

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
TURKISH = "Merhaba, siparişim hâlâ gelmedi ve kargo takip numarası çalışmıyor. Yardım eder misiniz?"
SLOVAK = "Dobrý deň, moja objednávka ešte neprišla a sledovacie číslo nefunguje. Pomôžete mi?"
ENGLISH = "Hello, my order has not arrived yet and the tracking number does not work. Can you help?"


def _form(**overrides: str) -> dict[str, str]:
    cache.clear()  # the form's rate limit
    data = {"name": "Ayla Demir", "email": "ayla@example.com", "subject": "Sipariş"}
    return {"message": TURKISH, "website": "", **data, **overrides}


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_a_turkish_request_from_the_english_help_center_is_answered_in_turkish(
    db, client: Client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/requests/new/", _form(), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.language == "tr"
    assert ticket.customer.language == "tr"
    assert "Talebinizi aldık" in mail.outbox[0].subject


def test_a_message_too_short_to_tell_takes_the_help_center_s_language(db, client: Client):
    client.post(
        "/requests/new/", _form(subject="Hello", message="Help me!"), HTTP_ACCEPT_LANGUAGE="lv"
    )
    ticket = Ticket.objects.get()
    assert ticket.language == "lv" and ticket.customer.language == "lv"


def test_a_customer_s_known_language_is_kept(personas):
    """One message in another language (a forwarded text, a quote) changes nothing."""
    assert personas.customer.language == "tr"
    ticket = do_create_ticket(
        actor=personas.customer, customer=personas.customer, subject="Order", body=ENGLISH
    )
    assert ticket.language == "tr"
    personas.customer.refresh_from_db()
    assert personas.customer.language == "tr"


def test_a_known_customer_without_a_language_gets_the_message_s(personas):
    known = do_create_customer(email="ayla@example.com", name="Ayla")  # added by staff
    ticket = do_create_ticket(actor=known, customer=known, subject="Sipariş", body=TURKISH)
    assert ticket.language == "tr"
    known.refresh_from_db()
    assert known.language == "tr"


def test_a_staff_created_ticket_detects_the_language_and_fills_an_empty_profile(personas):
    walk_in = do_create_customer(name="Walk-in customer")
    ticket = do_create_ticket(
        actor=personas.agent, customer=walk_in, subject="Objednávka", body=SLOVAK
    )
    assert ticket.language == "sk"
    walk_in.refresh_from_db()
    assert walk_in.language == "sk"


def test_the_api_detects_the_language_when_none_is_sent(personas):
    client = client_for(personas.agent)
    body = {"subject": "Objednávka", "body": SLOVAK, "customer_email": "jana@example.sk"}
    response = post(client, "/api/v1/tickets", body)
    assert response.status_code == 201, response.content
    assert response.json()["language"] == "sk"
    assert Customer.objects.get(email="jana@example.sk").language == "sk"


def test_the_api_s_explicit_language_wins(personas):
    client = client_for(personas.agent)
    body = {
        "subject": "Order",
        "body": SLOVAK,
        "customer_email": "eva@example.lv",
        "language": "lv",
    }
    response = post(client, "/api/v1/tickets", body)
    assert response.status_code == 201, response.content
    assert response.json()["language"] == "lv"
    assert Customer.objects.get(email="eva@example.lv").language == "lv"
