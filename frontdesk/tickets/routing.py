"""WebSocket routes of the tickets app (wired in frontdesk/asgi.py)."""

from django.urls import path

from frontdesk.tickets.consumers import InboxConsumer

websocket_urlpatterns = [
    path("ws/inbox/", InboxConsumer.as_asgi()),
]
