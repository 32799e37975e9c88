"""Live inbox over WebSocket: staff only, ticket ids only, published on commit."""

from __future__ import annotations

import json
import logging

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import channel_layers
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from frontdesk.tickets import consumers, live
from frontdesk.tickets.consumers import InboxConsumer
from frontdesk.tickets.tests.inbox_support import make_ticket
from frontdesk.tickets.tests.ws_support import WebsocketCommunicator

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _memory_layer(settings) -> None:
    settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    channel_layers.backends.clear()


def communicator(user) -> WebsocketCommunicator:
    comm = WebsocketCommunicator(InboxConsumer.as_asgi(), "/ws/inbox/")
    comm.scope["user"] = user
    return comm


def test_it_rejects_anonymous_visitors(personas) -> None:
    async def scenario() -> tuple[bool, object]:
        return await communicator(AnonymousUser()).connect()

    assert async_to_sync(scenario)() == (False, consumers.CLOSE_UNAUTHENTICATED)


def test_it_rejects_switched_off_staff(personas) -> None:
    personas.agent.is_active = False
    personas.agent.save()

    async def scenario() -> tuple[bool, object]:
        return await communicator(personas.agent).connect()

    assert async_to_sync(scenario)() == (False, consumers.CLOSE_FORBIDDEN)


def test_staff_hear_about_a_new_ticket_after_commit(personas) -> None:
    async def scenario() -> dict:
        comm = communicator(personas.agent)
        connected, _sub = await comm.connect()
        assert connected
        ticket = await sync_to_async(make_ticket)(personas.customer, "Live one", team=personas.team)
        message = json.loads(await comm.receive_from(timeout=2))
        await comm.disconnect()
        return {"message": message, "ticket_id": ticket.pk}

    result = async_to_sync(scenario)()
    assert result["message"] == {"type": "ticket.changed", "ticket_id": result["ticket_id"]}


def test_the_message_carries_no_ticket_data(personas) -> None:
    async def scenario() -> str:
        comm = communicator(personas.agent)
        await comm.connect()
        await sync_to_async(make_ticket)(personas.customer, "Secret subject", team=personas.team)
        text = await comm.receive_from(timeout=2)
        await comm.disconnect()
        return text

    text = async_to_sync(scenario)()
    assert "Secret" not in text and set(json.loads(text)) == {"type", "ticket_id"}


def test_each_socket_hears_only_about_tickets_its_user_may_see(personas) -> None:
    """Not even the id of another team's ticket reaches an agent's browser."""

    async def scenario() -> dict:
        sockets = {
            name: communicator(getattr(personas, name))
            for name in ("agent", "other_agent", "manager")
        }
        for comm in sockets.values():
            assert (await comm.connect())[0]
        ours = await sync_to_async(make_ticket)(personas.customer, "Ours", team=personas.team)
        theirs = await sync_to_async(make_ticket)(
            personas.customer, "Theirs", team=personas.other_team
        )
        heard = {name: [] for name in sockets}
        for name, comm in sockets.items():
            while not await comm.receive_nothing(timeout=0.3):
                heard[name].append(json.loads(await comm.receive_from())["ticket_id"])
            await comm.disconnect()
        return {"heard": heard, "ours": ours.pk, "theirs": theirs.pk}

    result = async_to_sync(scenario)()
    assert result["heard"] == {
        "agent": [result["ours"]],
        "other_agent": [result["theirs"]],
        "manager": [result["ours"], result["theirs"]],
    }


def test_a_socket_hears_about_a_ticket_once_its_user_may_see_it(personas) -> None:
    from frontdesk.tickets.services import do_add_collaborator

    ticket = make_ticket(personas.customer, "Needs Ljubljana", team=personas.team)

    async def scenario() -> list[int]:
        comm = communicator(personas.other_agent)
        await comm.connect()
        await sync_to_async(do_add_message_as_agent)(ticket, "First look")
        assert await comm.receive_nothing(timeout=0.3)
        await sync_to_async(do_add_collaborator)(
            actor=personas.agent, ticket=ticket, user=personas.other_agent
        )
        await sync_to_async(do_add_message_as_agent)(ticket, "Please help")
        heard = [json.loads(await comm.receive_from())["ticket_id"]]
        await comm.disconnect()
        return heard

    def do_add_message_as_agent(ticket, body: str) -> None:
        from frontdesk.tickets.services import do_add_message

        do_add_message(actor=personas.agent, ticket=ticket, body=body, internal=True)

    assert async_to_sync(scenario)() == [ticket.pk]


def test_it_closes_a_flooding_client(personas) -> None:
    async def scenario() -> dict:
        comm = communicator(personas.agent)
        await comm.connect()
        for _n in range(consumers.MAX_CLIENT_MESSAGES_PER_SECOND + 1):
            await comm.send_to(text_data="hello")
        output = await comm.receive_output(timeout=2)
        await comm.wait()
        return output

    assert async_to_sync(scenario)() == {
        "type": "websocket.close",
        "code": consumers.CLOSE_TOO_MANY,
    }


def test_the_full_stack_checks_origin_and_session(personas, settings) -> None:
    from frontdesk.asgi import application

    client = Client()
    client.force_login(personas.agent)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    async def connect(origin: bytes, with_cookie: bool) -> tuple[bool, object]:
        headers = [(b"origin", origin), (b"host", b"localhost")]
        if with_cookie:
            headers.append((b"cookie", cookie.encode()))
        comm = WebsocketCommunicator(application, "/ws/inbox/", headers=headers)
        result = await comm.connect()
        if result[0]:
            await comm.disconnect()
        return result

    assert async_to_sync(connect)(b"http://localhost", True)[0] is True
    assert async_to_sync(connect)(b"http://localhost", False) == (False, 4401)
    assert async_to_sync(connect)(b"https://evil.example", True)[0] is False


def test_a_broken_channel_layer_never_breaks_a_write(personas, monkeypatch, caplog) -> None:
    def broken() -> None:
        raise ConnectionError("redis is down")

    monkeypatch.setattr(live, "get_channel_layer", broken)
    with caplog.at_level(logging.WARNING, logger="frontdesk.tickets.live"):
        ticket = make_ticket(personas.customer, "Still saved")
    assert ticket.pk
    assert "not published" in caplog.text


def test_services_publish_only_after_commit(personas, monkeypatch) -> None:
    from django.db import transaction

    sent: list[int] = []
    monkeypatch.setattr(live, "publish_ticket_changed", sent.append)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_ticket(personas.customer, "Rolled back")
        raise RuntimeError
    assert sent == []
    ticket = make_ticket(personas.customer, "Kept")
    assert sent == [ticket.pk]
