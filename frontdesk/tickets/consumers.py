"""The live inbox WebSocket: staff only, ticket ids only, rate-limited."""

from __future__ import annotations

import json
import time
from typing import Any

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from frontdesk.accounts.models import User
from frontdesk.tickets.live import INBOX_GROUP

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
CLOSE_TOO_MANY = 4429
MAX_CLIENT_MESSAGES_PER_SECOND = 20
# A deactivated user's socket closes at the next update after at most this many seconds.
RECHECK_SECONDS = 10.0


@database_sync_to_async
def _still_active(user_id: int) -> bool:
    return User.objects.filter(pk=user_id, is_active=True).exists()


class InboxConsumer(AsyncWebsocketConsumer):
    """Joins the "inbox" group and forwards {"ticket_id": id} to the browser."""

    user_id: int | None = None

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        if not isinstance(user, User) or not user.is_active:
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
        if self.user_id is None:
            return
        now = time.monotonic()
        if now - self.checked_at >= RECHECK_SECONDS:
            self.checked_at = now
            if not await _still_active(self.user_id):
                await self.close(code=CLOSE_FORBIDDEN)
                return
        payload = {"type": "ticket.changed", "ticket_id": int(event["ticket_id"])}
        await self.send(text_data=json.dumps(payload))
