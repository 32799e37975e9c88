"""ASGI entry point: HTTP through Django, WebSocket through Channels."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdesk.settings")

from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.core.asgi import get_asgi_application

django_application = get_asgi_application()

websocket_urlpatterns: list = []  # chat and live inbox routes join here

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(URLRouter(websocket_urlpatterns)),
    }
)
