"""Data about a person, spread the way real use spreads it: web and email tickets, agent
replies and notes that name her, attachments, raw email, portal links and sessions."""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client

from frontdesk.customers.models import Customer
from frontdesk.customers.services import do_create_customer_token, do_update_customer
from frontdesk.inbox.models import Mailbox
from frontdesk.inbox.services import do_ingest_email
from frontdesk.inbox.tests.mail_factory import raw_email
from frontdesk.portal.services import do_request_sign_in_link
from frontdesk.tickets.choices import Channel
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import NewAttachment, do_add_message, do_create_ticket


@dataclass
class Footprint:
    customer: Customer
    email: str
    name: str
    phrase: str  # a sentence only she wrote
    tickets: list[Ticket]


def staff_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def leave_footprint(personas, customer: Customer, *, phrase: str, mailbox: Mailbox) -> Footprint:
    """Everything a customer leaves behind, built through the real services."""
    do_update_customer(
        actor=personas.agent, customer=customer, phone="+371 2000 1111", notes=f"Prefers {phrase}"
    )
    email, name = customer.email or "", customer.name
    web = do_create_ticket(
        actor=customer,
        customer=customer,
        subject=f"Refund for {name}",
        body=f"Hello, I am {name} ({email}). {phrase}",
        body_html=f"<p>I am {name}, {phrase}</p>",
        team=personas.team,
        channel=Channel.WEB,
        attachments=[NewAttachment(f"{name} receipt.pdf", f"%PDF-1.4 {name} {email}".encode())],
    )
    do_add_message(actor=personas.agent, ticket=web, body=f"Dear {name}, we will write to {email}.")
    do_add_message(
        actor=personas.agent, ticket=web, body=f"Internal: {name} called twice.", internal=True
    )
    do_add_message(actor=customer, ticket=web, body=f"Thanks! {phrase}")
    mailed = do_ingest_email(
        raw_email(
            sender=email,
            name=name,
            subject=f"Email from {name}",
            body=f"Hi, {phrase} Regards, {name}",
            attachments=[("photo.png", b"\x89PNG\r\n\x1a\n" + email.encode(), "image/png")],
        ),
        mailbox=mailbox,
    )
    by_mail = Ticket.objects.get(reference=mailed.reference)
    do_create_customer_token(customer=customer, name=f"{name}'s script")
    do_request_sign_in_link(email=email, base_url="https://help.example.com")
    return Footprint(customer, email, name, phrase, [web, by_mail])


def portal_session(customer: Customer) -> Client:
    client = Client()
    session = client.session
    session["customer_id"] = customer.pk
    session.save()
    return client
