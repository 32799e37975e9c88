"""The live inbox WebSocket: staff only, ticket ids only, rate-limited.

Each socket hears only about tickets its user may see (`tickets.access`, the one
visibility rule): a member who sees everything gets every event without a query; anyone
else costs one primary-key query per event (`visible.filter(pk=…).exists()`). The rule's
parts that do not change per ticket (role, workspace settings) are read on connect and
again every `RECHECK_SECONDS`, together with the check that the user is still active;
team membership and collaboration are subqueries, so they are current on every event.
"""

from __future__ import annotations

import json
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer
from django.db.models import Q, QuerySet

from frontdesk.accounts.models import User
from frontdesk.tickets.access import tickets_and_scopes_for_actor
from frontdesk.tickets.live import INBOX_GROUP
from frontdesk.tickets.models import Ticket

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_TOO_MANY = 4429
MAX_CLIENT_MESSAGES_PER_SECOND = 20
# A deactivated user's socket closes, and a changed role or workspace setting takes
# effect, at the next update after at most this many seconds.
RECHECK_SECONDS = 10.0


class Visibility:
    """What one user may see, as a lazy queryset (never evaluated itself)."""

    def __init__(self, user: User) -> None:
        visible, scopes = tickets_and_scopes_for_actor(user)
        self.sees_all = scopes == [Q()]
        self.visible: QuerySet[Ticket] = visible

    def may_see(self, ticket_id: int) -> bool:
        return self.sees_all or self.visible.filter(pk=ticket_id).exists()


@database_sync_to_async
def _visibility(user_id: int) -> Visibility | None:
    """The user's visibility, or None when they are gone or switched off."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    return Visibility(user) if user is not None else None


@database_sync_to_async
def _may_see(visibility: Visibility, ticket_id: int) -> bool:
    return visibility.may_see(ticket_id)


class InboxConsumer(AsyncWebsocketConsumer):
    """Joins the "inbox" group and forwards {"ticket_id": id} for tickets the user sees."""

    user_id: int | None = None
    visibility: Visibility | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        if not isinstance(user, User) or not user.is_active:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.visibility = await _visibility(user.pk)
        if self.visibility is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.user_id = user.pk
        self.checked_at = time.monotonic()
        self.window_start = time.monotonic()
        self.window_count = 0
        await self.channel_layer.group_add(INBOX_GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        if self.user_id is not None:
            await self.channel_layer.group_discard(INBOX_GROUP, self.channel_name)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """The browser has nothing to say; count its messages and close on a flood."""
        now = time.monotonic()
        if now - self.window_start >= 1.0:
            self.window_start, self.window_count = now, 0
        self.window_count += 1
        if self.window_count > MAX_CLIENT_MESSAGES_PER_SECOND:
            await self.close(code=CLOSE_TOO_MANY)

    async def ticket_changed(self, event: dict[str, Any]) -> None:
        if self.user_id is None or self.visibility is None:
            return
        now = time.monotonic()
        if now - self.checked_at >= RECHECK_SECONDS:
            self.checked_at = now
            self.visibility = await _visibility(self.user_id)
            if self.visibility is None:
                await self.close(code=CLOSE_FORBIDDEN)
                return
        ticket_id = int(event["ticket_id"])
        if not await _may_see(self.visibility, ticket_id):
            return
        payload = {"type": "ticket.changed", "ticket_id": ticket_id}
        await self.send(text_data=json.dumps(payload))
