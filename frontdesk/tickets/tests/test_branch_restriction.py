"""Branch-restricted members (X1): a Riga-restricted manager never reaches Ljubljana.

Maria-in-Riga is a manager limited to the Riga branch. A ticket belongs to its own
branch and to its team's branch (tickets/access.py); she sees those of Riga and those
assigned to her, nothing else: not on the ticket page, the API, a download, the inbox,
search, the customer pages, reports, deadline alerts or the live socket.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import channel_layers
from django.core import mail
from django.http import Http404
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from frontdesk.accounts.choices import Role
from frontdesk.accounts.models import Workspace
from frontdesk.accounts.services import do_create_staff_user
from frontdesk.accounts.visibility import do_set_branch_restriction
from frontdesk.customers.services import do_create_customer
from frontdesk.sla.access import alerts_for_user, unread_alert_count
from frontdesk.sla.alert_emails import do_email_deadline_alerts
from frontdesk.sla.sweep import do_sweep_sla
from frontdesk.sla.tests.sla_support import only_policies
from frontdesk.sla.tests.sla_support import ticket as late_ticket
from frontdesk.tickets.access import access_attachment, access_ticket, tickets_for_actor
from frontdesk.tickets.consumers import InboxConsumer
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.search import scope_for, search_ticket_ids
from frontdesk.tickets.services import NewAttachment, do_add_message, do_update_ticket
from frontdesk.tickets.tests.api_support import client_for, make_ticket
from frontdesk.tickets.tests.ws_support import WebsocketCommunicator


@pytest.fixture
def riga_manager(personas):
    user = do_create_staff_user(
        username="maria.riga", role=Role.MANAGER, password="x" * 20, email="mr@example.com"
    )
    return do_set_branch_restriction(actor=personas.admin, user=user, branches=[personas.branch])


@pytest.fixture
def world(personas, riga_manager):
    """One ticket of each kind, all about umbrellas, each for its own customer."""
    p = personas
    janez = p.other_customer  # writes to Ljubljana only
    riga_customer = do_create_customer(email="liga@example.lv", name="Līga Ozola")
    shared = do_create_customer(email="both@example.com", name="Both Shops")
    tickets = {
        "riga team": make_ticket(riga_customer, team=p.team, subject="Umbrella Riga"),
        "riga branch, other team": make_ticket(
            shared, team=p.other_team, branch=p.branch, subject="Umbrella about Riga"
        ),
        "ljubljana team": make_ticket(janez, team=p.other_team, subject="Umbrella Ljubljana"),
        "ljubljana branch": make_ticket(janez, branch=p.other_branch, subject="Umbrella L2"),
        "nowhere": make_ticket(janez, subject="Umbrella nowhere"),
        "assigned to her": make_ticket(
            shared, team=p.other_team, assignee=riga_manager, subject="Umbrella assigned"
        ),
    }
    return tickets


VISIBLE = {"riga team", "riga branch, other team", "assigned to her"}


def names(world, ids) -> set[str]:
    by_id = {ticket.pk: name for name, ticket in world.items()}
    return {by_id[pk] for pk in ids}


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_she_sees_her_branches_tickets_and_those_assigned_to_her(personas, riga_manager, world):
    assert names(world, tickets_for_actor(riga_manager).values_list("pk", flat=True)) == VISIBLE
    for name, ticket in world.items():
        if name in VISIBLE:
            assert access_ticket(riga_manager, ticket.pk) == ticket
        else:
            with pytest.raises(Http404):
                access_ticket(riga_manager, ticket.pk)
    # Unrestricted managers and administrators still see everything.
    assert tickets_for_actor(personas.manager).count() == len(world)
    assert tickets_for_actor(personas.admin).count() == len(world)


def test_the_ticket_page_the_api_and_downloads_are_404(
    personas, riga_manager, world, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    theirs = world["ljubljana team"]
    message = do_add_message(
        actor=personas.other_agent,
        ticket=theirs,
        body="Receipt attached",
        attachments=[NewAttachment("receipt.pdf", b"%PDF-1.4 r")],
    )
    attachment = message.attachments.get()
    page = signed_in(riga_manager)
    api = client_for(riga_manager)
    assert page.get(reverse("tickets:ticket-detail", args=[theirs.pk])).status_code == 404
    assert page.get(reverse("tickets:attachment-download", args=[attachment.pk])).status_code == 404
    assert api.get(f"/api/v1/tickets/{theirs.pk}").status_code == 404
    assert api.get(f"/api/v1/tickets/{theirs.pk}/messages").status_code == 404
    with pytest.raises(Http404):
        access_attachment(riga_manager, attachment.pk)
    # Changing it is refused the same way.
    response = page.post(reverse("tickets:ticket-update", args=[theirs.pk]), {"status": "open"})
    assert response.status_code == 404
    ours = world["riga team"]
    assert page.get(reverse("tickets:ticket-detail", args=[ours.pk])).status_code == 200
    assert api.get(f"/api/v1/tickets/{ours.pk}").status_code == 200


def test_the_inbox_and_the_api_list_never_show_ljubljana(personas, riga_manager, world):
    html = (
        signed_in(riga_manager)
        .get(reverse("tickets:inbox"), {"view": "all", "status": "any"})
        .content.decode()
    )
    for name, ticket in world.items():
        assert (ticket.reference in html) == (name in VISIBLE), name
    listed = client_for(riga_manager).get("/api/v1/tickets?limit=100").json()["items"]
    assert names(world, [item["id"] for item in listed]) == VISIBLE


def test_search_finds_only_her_branches_by_the_index_too(personas, riga_manager, world):
    found = search_ticket_ids(
        "umbrella",
        visible=tickets_for_actor(riga_manager),
        include_internal=True,
        scope=scope_for(riga_manager),
    )
    assert names(world, found) == VISIBLE
    # The index alone (every ticket "visible") narrows to her branches' tokens already.
    by_tokens = search_ticket_ids(
        "umbrella",
        visible=Ticket.objects.all(),
        include_internal=True,
        scope=scope_for(riga_manager),
    )
    assert names(world, by_tokens) == VISIBLE
    page = signed_in(riga_manager).get(reverse("tickets:inbox"), {"view": "all", "q": "umbrella"})
    html = page.content.decode()
    assert world["riga team"].reference in html
    assert world["ljubljana team"].reference not in html
    assert world["ljubljana branch"].reference not in html


def test_moving_a_ticket_to_her_branch_makes_it_findable(personas, riga_manager, world):
    moved = world["ljubljana branch"]
    do_update_ticket(actor=personas.admin, ticket=moved, branch=personas.branch)
    found = search_ticket_ids(
        "umbrella",
        visible=Ticket.objects.all(),
        include_internal=True,
        scope=scope_for(riga_manager),
    )
    assert moved.pk in found
    assert access_ticket(riga_manager, moved.pk).pk == moved.pk


def test_customer_pages_and_api_show_only_customers_of_her_branches(personas, riga_manager, world):
    janez = personas.other_customer  # Ljubljana only
    riga_customer = world["riga team"].customer
    page = signed_in(riga_manager)
    api = client_for(riga_manager)
    url = reverse("customers:customer-detail", args=[janez.pk])
    assert page.get(url).status_code == 404
    assert api.get(f"/api/v1/customers/{janez.pk}").status_code == 404
    assert (
        api.patch(
            f"/api/v1/customers/{janez.pk}", {"name": "X"}, content_type="application/json"
        ).status_code
        == 404
    )
    listed = {item["id"] for item in api.get("/api/v1/customers?limit=100").json()["items"]}
    assert janez.pk not in listed and riga_customer.pk in listed
    shared = world["assigned to her"].customer
    html = page.get(reverse("customers:customer-detail", args=[shared.pk])).content.decode()
    # Her customer's page lists only the conversations she may see.
    assert world["riga branch, other team"].reference in html
    assert world["assigned to her"].reference in html
    assert (
        page.get(reverse("customers:customer-detail", args=[riga_customer.pk])).status_code == 200
    )
    # An unrestricted manager still reaches every customer.
    assert signed_in(personas.manager).get(url).status_code == 200


def test_reports_count_only_her_branches(personas, riga_manager, world):
    mine = client_for(riga_manager).get("/api/v1/reports/tickets").json()
    everything = client_for(personas.manager).get("/api/v1/reports/tickets").json()
    assert everything["tickets"] == len(world)
    # Her assigned Ljubljana ticket is hers to work, not her branch's to count.
    assert mine["tickets"] == 2
    assert {group["team_id"] for group in mine["by_status_and_team"]} == {
        personas.team.pk,
        personas.other_team.pk,  # the Ljubljana team's ticket about the Riga shop
    }


def test_deadline_alerts_about_ljubljana_never_reach_her(personas, riga_manager):
    p = personas
    only_policies(
        {
            "first_response_minutes": 60,
            "resolution_minutes": 600,
            "business_hours": False,
            "on_breach_notify": "managers",
        }
    )
    then = timezone.now() - timedelta(hours=2)
    ours = late_ticket(p.customer, then, team=p.team)
    theirs = late_ticket(p.other_customer, then, team=p.other_team)
    do_sweep_sla()
    seen = {alert.target.ticket_id for alert in alerts_for_user(riga_manager)}
    assert seen == {ours.pk}
    assert unread_alert_count(riga_manager) == 1
    assert {alert.target.ticket_id for alert in alerts_for_user(p.manager)} == {ours.pk, theirs.pk}
    html = signed_in(riga_manager).get("/sla/alerts/").content.decode()
    assert ours.reference in html and theirs.reference not in html
    do_email_deadline_alerts()
    [email] = [m for m in mail.outbox if "mr@example.com" in m.to]
    assert ours.reference in email.body and theirs.reference not in email.body


def test_a_restricted_agent_loses_her_team_tickets_outside_her_branches(personas, world):
    p = personas
    do_set_branch_restriction(actor=p.admin, user=p.agent, branches=[p.other_branch])
    p.agent.refresh_from_db()
    # Anna works in the Riga team but is limited to Ljubljana: her team's tickets vanish.
    assert not tickets_for_actor(p.agent).filter(pk=world["riga team"].pk).exists()
    workspace = Workspace.current(fresh=True)
    workspace.agents_see_all_tickets = True
    workspace.save()
    # With "agents see all tickets": every ticket of Ljubljana, by its branch or its team.
    seen = names(world, tickets_for_actor(p.agent).values_list("pk", flat=True))
    assert seen == {
        "riga branch, other team",
        "ljubljana team",
        "ljubljana branch",
        "assigned to her",
    }


def test_a_deleted_branch_leaves_its_members_restricted(personas, riga_manager, world):
    personas.branch.delete()
    riga_manager.refresh_from_db()
    assert names(world, tickets_for_actor(riga_manager).values_list("pk", flat=True)) == {
        "assigned to her"
    }


@pytest.mark.django_db(transaction=True)
def test_the_live_socket_never_names_a_ljubljana_ticket(personas, riga_manager, settings):
    """The inbox socket filters by the same rule (consumers.py calls tickets.access)."""
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends.clear()

    async def scenario() -> tuple[list[int], int, int]:
        comm = WebsocketCommunicator(InboxConsumer.as_asgi(), "/ws/inbox/")
        comm.scope["user"] = riga_manager
        assert (await comm.connect())[0]
        ours = await sync_to_async(make_ticket)(personas.customer, team=personas.team)
        theirs = await sync_to_async(make_ticket)(personas.customer, team=personas.other_team)
        heard = []
        while not await comm.receive_nothing(timeout=0.3):
            heard.append(json.loads(await comm.receive_from())["ticket_id"])
        await comm.disconnect()
        return heard, ours.pk, theirs.pk

    heard, ours, theirs = async_to_sync(scenario)()
    assert heard == [ours] and theirs not in heard
