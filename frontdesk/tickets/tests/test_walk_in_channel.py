"""Staff record a visit to the shop as an "In person" ticket (channel `walk_in`), or any
other way in as "Other"; SLA policies, the inbox filter and the API know both."""

from __future__ import annotations

import pytest

from frontdesk.sla.models import SlaPolicy, SlaTarget
from frontdesk.sla.tests.sla_support import only_policies
from frontdesk.tickets.choices import Channel
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.tests.api_support import client_for as api_client_for
from frontdesk.tickets.tests.api_support import post
from frontdesk.tickets.tests.inbox_support import make_ticket
from frontdesk.tickets.tests.ticket_page_support import (  # noqa: F401 (fixture)
    client_for,
    fresh_cache,
)

pytestmark = pytest.mark.django_db
NEW = "/tickets/new/"


def _walk_in(client, subject: str = "Shoes to exchange") -> Ticket:
    response = client.post(
        NEW,
        {
            "new_name": "Walk-in Visitor",
            "channel": Channel.WALK_IN,
            "subject": subject,
            "body": "Came to the shop with the receipt.",
            "body_kind": "note",
            "assign_to_me": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()
    return Ticket.objects.get(subject=subject)


def test_the_new_ticket_page_offers_in_person_and_other(personas):
    html = client_for(personas.agent).get(NEW).content.decode()
    assert '<option value="walk_in">In person</option>' in html
    assert '<option value="other">Other</option>' in html
    assert 'value="api"' not in html  # programs, not people, open API tickets


def test_an_agent_records_a_walk_in_and_the_in_person_policy_applies(personas):
    walk_in, _any = only_policies(
        {"name": "At the counter", "channel": Channel.WALK_IN, "first_response_minutes": 5},
        {"name": "Everything else", "first_response_minutes": 600},
    )
    made = _walk_in(client_for(personas.agent))
    assert made.channel == Channel.WALK_IN
    assert {t.policy for t in SlaTarget.objects.filter(ticket=made)} == {walk_in}
    page = client_for(personas.agent).get(f"/tickets/{made.pk}/").content.decode()
    assert '<span class="badge" title="Channel">In person</span>' in page
    phoned = make_ticket(personas.customer, "By phone", channel=Channel.PHONE)
    assert {t.policy.name for t in SlaTarget.objects.filter(ticket=phoned)} == {"Everything else"}


def test_the_inbox_filters_by_the_new_channels(personas):
    walk_in = make_ticket(personas.customer, "At the counter", channel=Channel.WALK_IN)
    other = make_ticket(personas.customer, "Letter by post", channel=Channel.OTHER)
    client = client_for(personas.manager)
    page = client.get("/inbox/", {"view": "all", "channel": "walk_in"}).content.decode()
    assert walk_in.reference in page and other.reference not in page
    page = client.get("/inbox/", {"view": "all", "channel": "other"}).content.decode()
    assert other.reference in page and walk_in.reference not in page


def test_the_api_opens_walk_in_tickets_and_policies_for_them(personas):
    admin = api_client_for(personas.admin)
    created = post(
        admin,
        "/api/v1/tickets",
        {
            "subject": "Visit",
            "body": "Asked about a repair at the counter.",
            "customer_email": "visitor@example.com",
            "channel": "walk_in",
        },
    )
    assert created.status_code == 201, created.json()
    assert created.json()["channel"] == "walk_in"
    policy = post(
        admin,
        "/api/v1/sla/policies",
        {"name": "Counter", "channel": "walk_in", "first_response_minutes": 5},
    )
    assert policy.status_code == 201, policy.json()
    assert SlaPolicy.objects.get(name="Counter").channel == Channel.WALK_IN
    refused = post(
        admin,
        "/api/v1/tickets",
        {"subject": "x", "body": "y", "customer_email": "v@example.com", "channel": "pigeon"},
    )
    assert refused.status_code == 422
