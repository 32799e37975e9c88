"""Staff pages for customers and organizations: profile editing and the timeline (U1)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.shortcuts import resolve_url
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from frontdesk.customers.models import Customer
from frontdesk.customers.services import do_create_organization, do_update_customer
from frontdesk.tickets.choices import Channel
from frontdesk.tickets.services import do_add_message, do_create_ticket

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ticket_for(personas, customer: Customer, subject: str, **kwargs):
    kwargs.setdefault("team", personas.team)
    return do_create_ticket(
        actor=customer,
        customer=customer,
        subject=subject,
        body=kwargs.pop("body", f"About {subject}"),
        acknowledge=False,
        **kwargs,
    )


def customer_url(customer: Customer) -> str:
    return reverse("customers:customer-detail", args=[customer.pk])


def test_anonymous_visitors_are_sent_to_sign_in(personas):
    organization = do_create_organization(name="Acme")
    for url in (
        customer_url(personas.customer),
        reverse("customers:organization-detail", args=[organization.pk]),
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
        response = Client().post(url, {"name": "Hacked"})
        assert response.status_code == 302
    personas.customer.refresh_from_db()
    organization.refresh_from_db()
    assert personas.customer.name == "Ayşe Yılmaz" and organization.name == "Acme"


def test_unknown_customers_are_404(personas):
    agent = client_for(personas.agent)
    assert agent.get(reverse("customers:customer-detail", args=[99999])).status_code == 404
    assert agent.get(reverse("customers:organization-detail", args=[99999])).status_code == 404


def test_the_timeline_shows_only_tickets_the_agent_may_see(personas):
    email = ticket_for(personas, personas.customer, "Blouse by email", channel=Channel.EMAIL)
    do_add_message(actor=personas.agent, ticket=email, body="Refund is on its way.")
    do_add_message(actor=personas.agent, ticket=email, body="Secret note", internal=True)
    ticket_for(personas, personas.customer, "Chat about sizes", channel=Channel.CHAT)
    ticket_for(personas, personas.customer, "Ljubljana only", team=personas.other_team)
    ticket_for(personas, personas.other_customer, "Someone else")
    html = client_for(personas.agent).get(customer_url(personas.customer)).content.decode()
    assert "Blouse by email" in html and "Chat about sizes" in html
    assert "Refund is on its way." in html and "Secret note" not in html
    assert "Ljubljana only" not in html and "Someone else" not in html
    assert html.index("Chat about sizes") < html.index("Blouse by email")  # newest first
    manager_html = client_for(personas.manager).get(customer_url(personas.customer))
    assert "Ljubljana only" in manager_html.content.decode()


def test_a_customer_without_visible_tickets_is_still_shown(personas):
    ticket_for(personas, personas.other_customer, "Hidden", team=personas.other_team)
    response = client_for(personas.agent).get(customer_url(personas.other_customer))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Janez Novak" in html and "Hidden" not in html


def test_the_timeline_is_paginated_with_a_bounded_number_of_queries(personas):
    for number in range(30):
        ticket_for(personas, personas.customer, f"Request {number:02d}")
    agent = client_for(personas.agent)
    agent.get(customer_url(personas.customer))
    with CaptureQueriesContext(connection) as captured:
        html = agent.get(customer_url(personas.customer)).content.decode()
    assert len(captured) <= 12
    assert "Request 29" in html and "Request 04" not in html
    older = agent.get(customer_url(personas.customer), {"page": 2}).content.decode()
    assert "Request 04" in older and "Request 29" not in older


def test_staff_edit_the_profile_with_field_errors(personas):
    organization = do_create_organization(name="Acme Retail")
    agent = client_for(personas.agent)
    url = customer_url(personas.customer)
    data = {
        "name": "Ayşe Y.",
        "email": "not-an-address",
        "phone": "+90 555",
        "language": "tr",
        "time_zone": "Europe/Istanbul",
        "organization": "",
        "notes": "",
    }
    response = agent.post(url, data)
    assert response.status_code == 422
    assert "is not a valid email address" in response.content.decode()
    assert "Ayşe Y." in response.content.decode()  # input kept
    personas.customer.refresh_from_db()
    assert personas.customer.name == "Ayşe Yılmaz"
    response = agent.post(url, {**data, "email": "ayse@example.com", "organization": "Nope Inc"})
    assert response.status_code == 422 and "No organization named Nope Inc." in response.text
    response = agent.post(url, {**data, "email": "AYSE@example.com", "organization": "acme retail"})
    assert response.status_code == 302
    personas.customer.refresh_from_db()
    assert personas.customer.name == "Ayşe Y." and personas.customer.organization == organization
    assert personas.customer.time_zone == "Europe/Istanbul"
    response = agent.post(url, {**data, "email": "janez@example.si"})
    assert response.status_code == 422 and "already exists" in response.text


def test_the_organization_page_gathers_its_people(personas):
    organization = do_create_organization(name="Acme Retail", domain="acme.example")
    do_update_customer(actor=None, customer=personas.customer, organization=organization)
    ticket_for(personas, personas.customer, "Acme order 1")
    ticket_for(personas, personas.customer, "Acme hidden", team=personas.other_team)
    ticket_for(personas, personas.other_customer, "Not Acme")
    url = reverse("customers:organization-detail", args=[organization.pk])
    agent = client_for(personas.agent)
    html = agent.get(url).content.decode()
    assert "Ayşe Yılmaz" in html and "Acme order 1" in html
    assert "Acme hidden" not in html and "Not Acme" not in html
    do_create_organization(name="Taken")
    response = agent.post(url, {"name": "Taken", "domain": "", "notes": ""})
    assert response.status_code == 422 and "already exists" in response.text
    response = agent.post(url, {"name": "Acme Group", "domain": "ACME.example", "notes": "VIP"})
    assert response.status_code == 302
    organization.refresh_from_db()
    assert (organization.name, organization.domain) == ("Acme Group", "acme.example")


def test_customer_text_is_escaped(personas):
    payload = "<script>alert(1)</script>"
    do_update_customer(
        actor=None, customer=personas.customer, name=payload, notes="<img src=x onerror=alert(1)>"
    )
    ticket_for(personas, personas.customer, payload, body="<img src=x onerror=alert(1)>")
    html = client_for(personas.agent).get(customer_url(personas.customer)).content.decode()
    assert payload not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
