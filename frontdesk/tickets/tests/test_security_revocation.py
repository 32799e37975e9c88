"""Taking rights away works at once (SECURITY.md 11): a member switched off or given a
lower role is refused on the very next request, page or API, and their open live-inbox
socket closes or narrows at its next update (consumers.RECHECK_SECONDS, 10 s)."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import channel_layers
from django.test import Client

from frontdesk.accounts.choices import Role
from frontdesk.accounts.services import do_create_api_token, do_update_staff_user
from frontdesk.tickets import consumers
from frontdesk.tickets.consumers import InboxConsumer
from frontdesk.tickets.tests.inbox_support import make_ticket
from frontdesk.tickets.tests.ws_support import WebsocketCommunicator

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _memory_layer(settings) -> None:
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends.clear()


def test_a_switched_off_member_is_refused_on_the_next_request(personas) -> None:
    ticket = make_ticket(personas.customer, "Kettle", team=personas.team)
    page = Client()
    page.force_login(personas.agent)
    token = do_create_api_token(user=personas.agent)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert page.get(f"/tickets/{ticket.pk}/").status_code == 200
    assert api.get(f"/api/v1/tickets/{ticket.pk}").status_code == 200

    do_update_staff_user(
        actor=personas.admin, user=personas.agent, role=Role.AGENT, is_active=False
    )

    response = page.get(f"/tickets/{ticket.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/sign-in/")
    assert api.get(f"/api/v1/tickets/{ticket.pk}").status_code == 401


def test_a_lower_role_applies_on_the_next_request(personas) -> None:
    manager = Client()
    manager.force_login(personas.manager)
    token = do_create_api_token(user=personas.manager)
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    foreign = make_ticket(personas.customer, "Elsewhere", team=personas.other_team)
    assert manager.get("/settings/teams/").status_code == 200
    assert api.get("/api/v1/reports/tickets").status_code == 200

    do_update_staff_user(
        actor=personas.admin, user=personas.manager, role=Role.AGENT, is_active=True
    )

    assert manager.get("/settings/teams/").status_code == 404
    assert manager.get(f"/tickets/{foreign.pk}/").status_code == 404  # no team of hers
    assert api.get("/api/v1/reports/tickets").status_code == 403
    assert api.get(f"/api/v1/tickets/{foreign.pk}").status_code == 404


def _communicator(user) -> WebsocketCommunicator:
    comm = WebsocketCommunicator(InboxConsumer.as_asgi(), "/ws/inbox/")
    comm.scope["user"] = user
    return comm


def test_a_switched_off_members_socket_closes_at_the_next_update(personas, monkeypatch) -> None:
    monkeypatch.setattr(consumers, "RECHECK_SECONDS", 0.0)  # as if 10 s had passed

    async def scenario() -> dict:
        comm = _communicator(personas.agent)
        assert (await comm.connect())[0]
        await sync_to_async(do_update_staff_user)(
            actor=personas.admin, user=personas.agent, role=Role.AGENT, is_active=False
        )
        await sync_to_async(make_ticket)(personas.customer, "After", team=personas.team)
        output = await comm.receive_output(timeout=2)
        await comm.wait()
        return output

    assert async_to_sync(scenario)() == {"type": "websocket.close", "code": 4403}


def test_a_demoted_managers_socket_stops_naming_other_teams_tickets(personas, monkeypatch) -> None:
    monkeypatch.setattr(consumers, "RECHECK_SECONDS", 0.0)

    async def scenario() -> list[int]:
        comm = _communicator(personas.manager)
        assert (await comm.connect())[0]
        await sync_to_async(do_update_staff_user)(
            actor=personas.admin, user=personas.manager, role=Role.AGENT, is_active=True
        )
        await sync_to_async(make_ticket)(personas.customer, "Theirs", team=personas.other_team)
        heard = []
        while not await comm.receive_nothing(timeout=0.3):
            heard.append(json.loads(await comm.receive_from())["ticket_id"])
        await comm.disconnect()
        return heard

    assert async_to_sync(scenario)() == []
