"""ASGI entry point: HTTP through Django, WebSocket through Channels."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdesk.settings")

from channels.auth import AuthMiddlewareStack
from channels.routing import ProtocolTypeRouter, URLRouter
from channels.security.websocket import AllowedHostsOriginValidator
from django.core.asgi import get_asgi_application

django_application = get_asgi_application()

from frontdesk.core.languages import warm_up_in_background  # noqa: E402
from frontdesk.core.memory import freeze_long_lived_objects  # noqa: E402
from frontdesk.tickets.routing import websocket_urlpatterns as ticket_websockets  # noqa: E402

websocket_urlpatterns: list = [*ticket_websockets]  # chat routes join here

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
freeze_long_lived_objects()
warm_up_in_background()
