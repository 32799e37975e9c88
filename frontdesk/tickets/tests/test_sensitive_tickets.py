"""Sensitive tickets (health or other special data): only named roles and the assignee.

By default administrators and managers see them; agents and light agents do not, unless
the ticket is assigned to them. Only those roles may set or clear the mark.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from frontdesk.accounts.visibility import do_set_sensitive_roles
from frontdesk.core.errors import Forbidden
from frontdesk.sla.access import alerts_for_user
from frontdesk.sla.sweep import do_sweep_sla
from frontdesk.sla.tests.sla_support import only_policies
from frontdesk.sla.tests.sla_support import ticket as late_ticket
from frontdesk.tickets.access import access_attachment, access_ticket, tickets_for_actor
from frontdesk.tickets.models import Ticket, TicketEvent
from frontdesk.tickets.search import scope_for, search_ticket_ids
from frontdesk.tickets.sensitive import do_set_ticket_sensitive
from frontdesk.tickets.services import NewAttachment, do_add_message, do_update_ticket
from frontdesk.tickets.tests.api_support import client_for, make_ticket, patch


@pytest.fixture
def health(personas):
    """A Riga-team ticket about a customer's allergy, marked sensitive by the manager."""
    ticket = make_ticket(personas.customer, team=personas.team, subject="Allergy to nickel buckle")
    return do_set_ticket_sensitive(actor=personas.manager, ticket=ticket, sensitive=True)


@pytest.fixture
def plain(personas):
    return make_ticket(personas.customer, team=personas.team, subject="Buckle came off")


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def found_by(actor, words: str) -> set[int]:
    return set(
        search_ticket_ids(
            words, visible=tickets_for_actor(actor), include_internal=True, scope=scope_for(actor)
        )
    )


def test_only_managers_admins_and_the_assignee_see_it(personas, health, plain):
    p = personas
    for allowed in (p.admin, p.manager):
        assert access_ticket(allowed, health.pk) == health
    for outsider in (p.agent, p.light_agent, p.other_agent):
        with pytest.raises(Http404):
            access_ticket(outsider, health.pk)
    assert access_ticket(p.agent, plain.pk) == plain  # her team's other tickets stay
    do_update_ticket(actor=p.manager, ticket=health, assignee=p.agent)
    assert access_ticket(p.agent, health.pk).pk == health.pk
    with pytest.raises(Http404):
        access_ticket(p.light_agent, health.pk)


def test_it_is_hidden_from_the_page_api_inbox_search_and_downloads(
    personas, health, plain, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    p = personas
    message = do_add_message(
        actor=p.manager,
        ticket=health,
        body="Doctor's note",
        attachments=[NewAttachment("note.pdf", b"%PDF-1.4 n")],
    )
    attachment = message.attachments.get()
    page, api = signed_in(p.agent), client_for(p.agent)
    assert page.get(reverse("tickets:ticket-detail", args=[health.pk])).status_code == 404
    assert page.get(reverse("tickets:attachment-download", args=[attachment.pk])).status_code == 404
    with pytest.raises(Http404):
        access_attachment(p.agent, attachment.pk)
    assert api.get(f"/api/v1/tickets/{health.pk}").status_code == 404
    listed = {item["id"] for item in api.get("/api/v1/tickets").json()["items"]}
    assert listed == {plain.pk}
    inbox = page.get(reverse("tickets:inbox"), {"view": "teams", "status": "any"}).content.decode()
    assert plain.reference in inbox and health.reference not in inbox
    assert found_by(p.agent, "buckle") == {plain.pk}
    assert found_by(p.manager, "buckle") == {plain.pk, health.pk}
    searched = page.get(reverse("tickets:inbox"), {"view": "all", "q": "nickel"}).content.decode()
    assert health.reference not in searched
    # The manager's API answer tells it is sensitive; the ticket page shows the badge.
    assert client_for(p.manager).get(f"/api/v1/tickets/{health.pk}").json()["sensitive"] is True
    html = signed_in(p.manager).get(reverse("tickets:ticket-detail", args=[health.pk]))
    assert "Sensitive" in html.content.decode()


def test_the_customer_page_hides_it_from_the_timeline(personas, health, plain):
    url = reverse("customers:customer-detail", args=[personas.customer.pk])
    html = signed_in(personas.agent).get(url).content.decode()
    assert plain.reference in html and health.reference not in html
    html = signed_in(personas.manager).get(url).content.decode()
    assert plain.reference in html and health.reference in html


def test_reports_still_count_it(personas, health, plain):
    do_set_sensitive_roles(actor=personas.admin, roles=[])  # managers no longer see it
    with pytest.raises(Http404):
        access_ticket(personas.manager, health.pk)
    report = client_for(personas.manager).get("/api/v1/reports/tickets").json()
    assert report["tickets"] == 2


def test_the_workspace_names_the_roles(personas, health):
    p = personas
    do_set_sensitive_roles(actor=p.admin, roles=["agent"])
    assert access_ticket(p.agent, health.pk).pk == health.pk
    with pytest.raises(Http404):
        access_ticket(p.manager, health.pk)
    assert access_ticket(p.admin, health.pk).pk == health.pk  # administrators always
    with pytest.raises(Forbidden):
        do_set_sensitive_roles(actor=p.manager, roles=["manager"])


def test_only_allowed_roles_set_or_clear_the_mark(personas, health, plain):
    p = personas
    with pytest.raises(Forbidden):
        do_set_ticket_sensitive(actor=p.agent, ticket=plain, sensitive=True)
    # Even as its assignee, an agent cannot open it to her team.
    do_update_ticket(actor=p.manager, ticket=health, assignee=p.agent)
    response = signed_in(p.agent).post(reverse("tickets:ticket-sensitive", args=[health.pk]), {})
    assert response.status_code == 403
    assert Ticket.objects.get(pk=health.pk).sensitive
    response = patch(
        client_for(p.agent), f"/api/v1/tickets/{health.pk}", {"sensitive": False, "priority": "low"}
    )
    assert response.status_code == 403
    unchanged = Ticket.objects.get(pk=health.pk)
    assert unchanged.sensitive and unchanged.priority != "low"  # all or nothing
    # A manager clears it on the page; the history says who and what.
    manager = signed_in(p.manager)
    response = manager.post(reverse("tickets:ticket-sensitive", args=[health.pk]), {})
    assert response.status_code == 302
    assert not Ticket.objects.get(pk=health.pk).sensitive
    events = TicketEvent.objects.filter(ticket=health, field="sensitive").order_by("pk")
    assert [(e.actor_user, e.old_value, e.new_value) for e in events] == [
        (p.manager, "false", "true"),
        (p.manager, "true", "false"),
    ]
    page = manager.get(reverse("tickets:ticket-detail", args=[health.pk])).content.decode()
    assert "not sensitive" in page and 'name="sensitive"' in page
    # An agent's page has no such control.
    agent_page = signed_in(p.agent).get(reverse("tickets:ticket-detail", args=[plain.pk]))
    assert 'name="sensitive"' not in agent_page.content.decode()
    response = patch(client_for(p.manager), f"/api/v1/tickets/{plain.pk}", {"sensitive": True})
    assert response.status_code == 200 and response.json()["sensitive"] is True


def test_outsiders_cannot_reach_the_mark(personas, plain):
    url = reverse("tickets:ticket-sensitive", args=[plain.pk])
    response = Client().post(url, {"sensitive": "on"})
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert signed_in(personas.other_agent).post(url, {"sensitive": "on"}).status_code == 404
    assert signed_in(personas.manager).get(url).status_code == 405
    assert not Ticket.objects.get(pk=plain.pk).sensitive


def test_deadline_alerts_about_it_reach_only_those_who_see_it(personas):
    p = personas
    only_policies(
        {
            "first_response_minutes": 60,
            "resolution_minutes": 600,
            "business_hours": False,
            "on_breach_notify": "lead_and_managers",
        }
    )
    p.team.lead = p.agent
    p.team.save()
    late = late_ticket(p.customer, timezone.now() - timedelta(hours=2), team=p.team)
    do_set_ticket_sensitive(actor=p.manager, ticket=late, sensitive=True)
    do_sweep_sla()
    assert [a.target.ticket_id for a in alerts_for_user(p.manager)] == [late.pk]
    assert list(alerts_for_user(p.agent)) == []  # the team lead is an agent
