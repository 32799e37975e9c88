"""Bulk actions in the inbox: through the services, per ticket, foreign ids untouched."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from frontdesk.tickets.choices import EventKind, Status
from frontdesk.tickets.models import Ticket, TicketEvent
from frontdesk.tickets.tests.inbox_support import make_ticket


def bulk(client: Client, tickets, query: str = "", **data: str):
    payload = {"ticket": [str(t.pk if isinstance(t, Ticket) else t) for t in tickets], **data}
    payload.setdefault("handoff_note", "")
    return client.post("/inbox/" + query, payload)


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def world(personas):
    p = personas
    p.one = make_ticket(p.customer, "One", team=p.team)
    p.two = make_ticket(p.customer, "Two", team=p.team)
    p.foreign = make_ticket(p.other_customer, "Foreign", team=p.other_team)
    return p


def test_it_assigns_selected_tickets_to_me(client: Client, world) -> None:
    client.force_login(world.agent)
    response = bulk(client, [world.one, world.two], "?view=unassigned", action="assign_me")
    assert response.status_code == 302
    assert response["Location"] == "/inbox/?view=unassigned"
    for ticket in (world.one, world.two):
        ticket.refresh_from_db()
        assert ticket.assignee == world.agent
        assert ticket.status == Status.OPEN
        assert TicketEvent.objects.filter(
            ticket=ticket, field="assignee", actor_user=world.agent
        ).exists()
    assert any("2 tickets updated" in text for text in texts(response))


def test_it_leaves_foreign_tickets_alone(client: Client, world) -> None:
    client.force_login(world.agent)
    response = bulk(client, [world.one, world.foreign, 999999], action="status", status="pending")
    world.one.refresh_from_db()
    world.foreign.refresh_from_db()
    assert world.one.status == Status.PENDING
    assert world.foreign.status == Status.NEW
    assert not TicketEvent.objects.filter(ticket=world.foreign, actor_user=world.agent).exists()
    assert any("2 selected tickets were not found" in text for text in texts(response))


def test_a_reassignment_needs_a_handoff_note(client: Client, world) -> None:
    from frontdesk.tickets.services import do_update_ticket

    do_update_ticket(actor=world.agent, ticket=world.one, assignee=world.agent)
    client.force_login(world.manager)
    response = bulk(
        client, [world.one, world.two], action="assign", agent=str(world.light_agent.pk)
    )
    assert response.status_code == 422
    assert "hand-off note" in response.content.decode()
    assert f'value="{world.one.pk}" checked' in response.content.decode()
    # The bar keeps what was chosen: the action and the agent.
    assert '<option value="assign" selected>' in response.content.decode()
    assert f'<option value="{world.light_agent.pk}" selected>lena</option>' in (
        response.content.decode()
    )
    world.one.refresh_from_db()
    world.two.refresh_from_db()
    assert world.one.assignee == world.agent and world.two.assignee is None

    response = bulk(
        client,
        [world.one, world.two],
        action="assign",
        agent=str(world.light_agent.pk),
        handoff_note="Customer wants a refund, receipt attached",
    )
    assert response.status_code == 302
    world.one.refresh_from_db()
    assert world.one.assignee == world.light_agent
    assert world.one.transfer_count == 1
    assert TicketEvent.objects.filter(ticket=world.one, kind=EventKind.TRANSFER).exists()


def test_it_adds_a_tag_and_keeps_the_others(client: Client, personas) -> None:
    p = personas
    ticket = make_ticket(p.customer, "Tagged", team=p.team, tags=["vip"])
    client.force_login(p.agent)
    bulk(client, [ticket], action="tag", tag="Refund")
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["refund", "vip"]


def test_it_refuses_a_status_it_does_not_offer(client: Client, world) -> None:
    client.force_login(world.agent)
    response = bulk(client, [world.one, world.two], action="status", status="pending")
    assert response.status_code == 302
    # Solved goes through the solve checklist (frontdesk/resolution/tests/test_bulk_solve.py).
    response = bulk(client, [world.one, world.two], action="status", status="solved")
    assert response.status_code == 422
    response = bulk(client, [world.one], action="status", status="new")
    assert response.status_code == 422  # "new" is not offered at all


def test_it_merges_into_the_oldest_and_names_what_failed(client: Client, personas) -> None:
    p = personas
    first = make_ticket(p.customer, "First", team=p.team)
    second = make_ticket(p.customer, "Second", team=p.team)
    other = make_ticket(p.other_customer, "Someone else", team=p.team)
    client.force_login(p.agent)
    response = bulk(client, [second, other, first], action="merge")
    second.refresh_from_db()
    other.refresh_from_db()
    assert second.merged_into_id == first.pk
    assert other.merged_into_id is None
    messages = texts(response)
    assert any(second.reference in text and "merged" in text for text in messages)
    assert any(other.reference in text and "same customer" in text for text in messages)


def test_it_needs_a_selection(client: Client, world) -> None:
    client.force_login(world.agent)
    response = bulk(client, [], action="assign_me")
    assert response.status_code == 422
    assert "Select at least one ticket" in response.content.decode()


def test_the_bulk_bar_offers_every_active_agent_by_name(client: Client, world) -> None:
    from frontdesk.accounts.services import do_create_staff_user

    gone = do_create_staff_user(username="gone", first_name="Gone", last_name="Away")
    gone.is_active = False
    gone.save()
    world.agent.first_name, world.agent.last_name = "Anna", "<b>Ozola</b>"
    world.agent.save()
    client.force_login(world.manager)
    html = client.get("/inbox/").content.decode()
    start = html.index('<select name="agent" id="id_agent">')
    picker = html[start : html.index("</select>", start)]
    assert f'<option value="{world.agent.pk}">Anna &lt;b&gt;Ozola&lt;/b&gt;</option>' in picker
    assert f'<option value="{world.light_agent.pk}">lena</option>' in picker
    assert "Gone Away" not in picker
    for name in ("action", "agent", "status"):  # each select inside its labelled <label>
        assert f'</span><select name="{name}" id="id_{name}">' in html
