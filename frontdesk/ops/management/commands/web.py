"""`frontdesk web`: the ASGI web server only (HTTP + WebSocket), for scaling out."""

from __future__ import annotations

import socket
from argparse import ArgumentParser
from collections.abc import Callable
from typing import Any

import uvicorn
from django.core.management.base import BaseCommand, CommandError

from frontdesk.core import config

APP = "frontdesk.asgi:application"


def display_url(host: str, port: int) -> str:
    """The URL a person on this machine can open for a bind address."""
    if host in {"0.0.0.0", "::", ""}:  # noqa: S104 - display only
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}/"


def forwarded_allow_ips() -> list[str]:
    """Proxies whose X-Forwarded-* headers are trusted: none unless configured."""
    return config.env_list("FORWARDED_ALLOW_IPS", [])


class Command(BaseCommand):
    help = "Run the Frontdesk web server (uvicorn) without the background worker."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to bind (127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to bind (8000).")
        parser.add_argument("--workers", type=int, default=1, help="Web processes (1).")

    def handle(self, *args: Any, host: str, port: int, workers: int, **options: Any) -> None:
        if not 0 <= port <= 65535:
            raise CommandError(f"--port {port} is not a port number")
        if workers < 1:
            raise CommandError("--workers must be at least 1")
        trusted = forwarded_allow_ips()
        uconfig = uvicorn.Config(
            APP,
            host=host,
            port=port,
            workers=workers,
            proxy_headers=bool(trusted),
            forwarded_allow_ips=trusted or None,
            server_header=False,
            log_level="warning",
            access_log=False,
            lifespan="off",
        )
        url = display_url(host, port)
        if workers > 1:
            # uvicorn's supervisor binds once and runs the app in `workers` processes.
            self._announce(url, workers)
            from uvicorn.supervisors import Multiprocess

            sock = uconfig.bind_socket()
            Multiprocess(uconfig, sockets=[sock]).run()
            return
        server = AnnouncingServer(uconfig, announce=lambda: self._announce(url, workers))
        server.run()
        if not server.started:
            raise CommandError(f"the web server could not start on {host}:{port}")

    def _announce(self, url: str, workers: int) -> None:
        plural = f" ({workers} processes)" if workers > 1 else ""
        self.stdout.write(f"Frontdesk web is listening on {url}{plural}")
        self.stdout.flush()


class AnnouncingServer(uvicorn.Server):
    """A uvicorn server that says where it listens once the socket is bound."""

    def __init__(self, config: uvicorn.Config, *, announce: Callable[[], None]) -> None:
        super().__init__(config)
        self._announce = announce

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        if self.started:
            self._announce()
