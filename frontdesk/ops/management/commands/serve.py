"""`frontdesk serve`: migrate, first start, optional demo data, then web + worker."""

from __future__ import annotations

import socket
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from frontdesk.cli import child_command
from frontdesk.ops.bootstrap import do_first_start
from frontdesk.ops.management.commands.web import display_url
from frontdesk.ops.supervisor import Child, Supervisor


class Command(BaseCommand):
    help = "Start Frontdesk: apply migrations, create the administrator, run web and worker."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to bind (127.0.0.1).")
        parser.add_argument("--port", type=int, default=8000, help="Port to bind (8000).")
        parser.add_argument("--workers-web", type=int, default=1, help="Web processes (1).")
        parser.add_argument("--demo", action="store_true", help="Load the demo data set once.")
        # `frontdesk` itself takes this option before Django starts (cli.py); listed for --help.
        parser.add_argument(
            "--data-dir",
            metavar="DIR",
            help="Data directory: database, keys, files (FRONTDESK_DATA_DIR; default ./var).",
        )

    def handle(
        self, *args: Any, host: str, port: int, workers_web: int, demo: bool, **options: Any
    ) -> None:
        if workers_web < 1:
            raise CommandError("--workers-web must be at least 1")
        _check_port_free(host, port)
        call_command("migrate", interactive=False, verbosity=0)
        url = display_url(host, port)
        first = do_first_start()
        if demo:
            from frontdesk.ops.demo import load_demo

            report = load_demo()
            self.stdout.write(report.summary())
        # The children open their own connections; do not hold one across the fork.
        connection.close()
        self.stdout.write(f"Frontdesk is starting on {url}")
        self.stdout.write(f"Sign in at {url}sign-in/")
        if first is not None:
            self.stdout.write(
                f"First start: administrator {first.username!r} created with password "
                f"{first.password}\nThis password is shown only once: sign in and change it."
            )
        self.stdout.write(f"Data directory: {settings.DATA_DIR}")
        self.stdout.flush()
        web = ["web", "--host", host, "--port", str(port), "--workers", str(workers_web)]
        supervisor = Supervisor(
            [Child("web", child_command(*web)), Child("worker", child_command("worker"))]
        )
        code = supervisor.run()
        if code:
            raise SystemExit(code)
        self.stdout.write("Frontdesk stopped.")


def _check_port_free(host: str, port: int) -> None:
    """Fail before the first start prints its one-time password, not after."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise CommandError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
