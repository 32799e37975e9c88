"""The customer's email is her help-center sign-in address (SECURITY.md 12).

The attack: an agent who gets 404 on another team's ticket points the customer's email
at his own mailbox, signs in to the help center as her and reads every request. Only
someone who sees all her tickets may change the address, and a change ends every
session, link and token the old address opened and tells the old address.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from frontdesk.accounts.services import do_create_api_token
from frontdesk.customers.models import Customer, CustomerToken
from frontdesk.customers.services import do_create_customer_token, do_update_customer
from frontdesk.portal.models import SignInLink
from frontdesk.tickets.services import do_create_ticket

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/account/link/[\w-]+/)")
ATTACKER = "anna.private@example.net"


def ticket_for(customer: Customer, subject: str, team):
    return do_create_ticket(
        actor=customer,
        customer=customer,
        subject=subject,
        body=f"About {subject}",
        team=team,
        acknowledge=False,
    )


def api_client(user) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {do_create_api_token(user=user)}")


def patch(client: Client, url: str, data: dict):
    return client.patch(url, data, content_type="application/json")


def page_client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def profile(customer: Customer, **changes) -> dict:
    data = {
        "name": customer.name,
        "email": customer.email or "",
        "phone": customer.phone,
        "language": customer.language,
        "time_zone": customer.time_zone,
        "organization": "",
        "notes": customer.notes,
    }
    return {**data, **changes}


def portal_sign_in(email: str, captured) -> Client:
    """A help-center session made the real way: emailed link, confirm, session."""
    client = Client()
    with captured(execute=True):
        client.post("/account/sign-in/", {"email": email})
    path = LINK.search(mail.outbox[-1].body).group(1)
    assert client.post(path).status_code == 302
    assert client.get("/requests/").status_code == 200
    return client


def request_link(email: str, captured) -> str:
    with captured(execute=True):
        Client().post("/account/sign-in/", {"email": email})
    return LINK.search(mail.outbox[-1].body).group(1)


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> None:
    """The help center's sign-in rate limits count in the cache."""
    cache.clear()


@pytest.fixture
def hidden_request(personas):
    """Ayşe has a request with the other team: agent Anna cannot see it."""
    return ticket_for(personas.customer, "Refund for my medical order", personas.other_team)


def test_an_agent_cannot_take_over_a_customer_with_hidden_requests_by_api(
    personas, hidden_request, django_capture_on_commit_callbacks
):
    agent = api_client(personas.agent)
    url = f"/api/v1/customers/{personas.customer.pk}"
    assert agent.get(f"/api/v1/tickets/{hidden_request.pk}").status_code == 404
    token = do_create_customer_token(customer=personas.customer)

    with django_capture_on_commit_callbacks(execute=True):
        refused = patch(agent, url, {"email": ATTACKER})
        cleared = patch(agent, url, {"email": None})

    assert refused.status_code == 403
    assert refused.json()["errors"][0]["field"] == "email"
    assert "Ask a manager" in refused.json()["message"]
    assert cleared.status_code == 403
    personas.customer.refresh_from_db()
    assert personas.customer.email == "ayse@example.com"
    assert personas.customer.sign_in_version == 0
    assert mail.outbox == []
    assert CustomerToken.objects.get().revoked_at is None
    customer_api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert customer_api.get("/api/v1/tickets").status_code == 200
    # The attacker's address opens nothing in the help center.
    with django_capture_on_commit_callbacks(execute=True):
        Client().post("/account/sign-in/", {"email": ATTACKER})
    assert mail.outbox == []
    # Other fields stay editable for every agent.
    phone = patch(agent, url, {"phone": "+90 555 0101"})
    assert phone.status_code == 200 and phone.json()["email"] == "ayse@example.com"


def test_an_agent_cannot_take_over_a_customer_with_hidden_requests_on_the_page(
    personas, hidden_request
):
    agent = page_client(personas.agent)
    url = reverse("customers:customer-detail", args=[personas.customer.pk])
    page = agent.get(url).content.decode()
    assert re.search(r'<input[^>]*name="email"[^>]*readonly', page)
    assert "Ask a manager" in page

    refused = agent.post(url, profile(personas.customer, email=ATTACKER, phone="+90 1"))
    assert refused.status_code == 403
    assert "some of their requests are hidden from you" in refused.content.decode()
    personas.customer.refresh_from_db()
    assert (personas.customer.email, personas.customer.phone) == ("ayse@example.com", "")

    # The read-only address posted back unchanged: the rest of the profile saves.
    saved = agent.post(url, profile(personas.customer, phone="+90 1"))
    assert saved.status_code == 302
    personas.customer.refresh_from_db()
    assert (personas.customer.email, personas.customer.phone) == ("ayse@example.com", "+90 1")
    assert personas.customer.sign_in_version == 0


def test_an_agent_who_sees_every_request_may_change_the_address(personas):
    ticket_for(personas.customer, "Zipper", personas.team)
    url = reverse("customers:customer-detail", args=[personas.customer.pk])
    agent = page_client(personas.agent)
    assert not re.search(r'<input[^>]*name="email"[^>]*readonly', agent.get(url).content.decode())
    assert agent.post(url, profile(personas.customer, email="ayse@new.example")).status_code == 302
    personas.customer.refresh_from_db()
    assert personas.customer.email == "ayse@new.example"
    # A light agent of the same team, and a manager, see them all too; the other team not.
    other = api_client(personas.other_agent)
    answer = patch(other, f"/api/v1/customers/{personas.customer.pk}", {"email": ATTACKER})
    assert answer.status_code == 403


def test_a_manager_changes_the_address_and_everything_the_old_one_opened_ends(
    personas, hidden_request, django_capture_on_commit_callbacks
):
    captured = django_capture_on_commit_callbacks
    old_session = portal_sign_in("ayse@example.com", captured)
    pending_link = request_link("ayse@example.com", captured)
    token = do_create_customer_token(customer=personas.customer)
    customer_api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert customer_api.get("/api/v1/tickets").status_code == 200
    mail.outbox.clear()

    manager = api_client(personas.manager)
    with captured(execute=True):
        changed = patch(
            manager, f"/api/v1/customers/{personas.customer.pk}", {"email": "Ayse@New.example"}
        )

    assert changed.status_code == 200 and changed.json()["email"] == "ayse@new.example"
    # The old session is signed out on its next request.
    response = old_session.get("/requests/")
    assert response.status_code == 302 and response["Location"].endswith("/account/sign-in/")
    assert "customer_id" not in old_session.session
    assert old_session.get(f"/requests/{hidden_request.reference}/").status_code == 302
    # The link sent to the old address no longer signs in, even before it expires.
    assert Client().get(pending_link).status_code == 410
    assert Client().post(pending_link).status_code == 410
    assert SignInLink.objects.filter(used_at__isnull=True).count() == 1  # unused, void
    # The customer's API tokens are revoked.
    assert customer_api.get("/api/v1/tickets").status_code == 401
    assert CustomerToken.objects.get().revoked_at is not None
    # The old address hears about it, in Ayşe's language (Turkish), from the business.
    [notice] = mail.outbox
    assert notice.to == ["ayse@example.com"]
    assert "Sayın Ayşe Yılmaz" in notice.body  # "Hello …," in Turkish
    assert "a***@new.example" in notice.body and "ayse@new.example" not in notice.body
    assert notice.extra_headers["Auto-Submitted"] == "auto-generated"

    # The new address signs in normally.
    new_session = portal_sign_in("ayse@new.example", captured)
    assert hidden_request.subject in new_session.get("/requests/").content.decode()


def test_the_same_address_in_other_letters_is_no_change(
    personas, hidden_request, django_capture_on_commit_callbacks
):
    session = portal_sign_in("ayse@example.com", django_capture_on_commit_callbacks)
    mail.outbox.clear()
    token = do_create_customer_token(customer=personas.customer)
    with django_capture_on_commit_callbacks(execute=True):
        do_update_customer(
            actor=personas.agent, customer=personas.customer, email="AYSE@Example.com"
        )
    assert mail.outbox == []
    assert session.get("/requests/").status_code == 200
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/me").status_code == 200
