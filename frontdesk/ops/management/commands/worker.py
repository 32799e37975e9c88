"""`frontdesk worker`: run background jobs and the periodic beat until stopped."""

from __future__ import annotations

import os
import socket
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from frontdesk.ops.scheduler import Beat


class Command(BaseCommand):
    help = "Run the background worker: queued jobs plus periodic housekeeping."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--interval",
            type=float,
            default=0.5,
            help="Seconds to wait when the queue is empty (default 0.5).",
        )
        parser.add_argument(
            "--beat",
            type=float,
            default=60.0,
            help="Seconds between periodic housekeeping jobs; 0 turns them off (default 60).",
        )

    def handle(self, *args: Any, interval: float, beat: float, **options: Any) -> None:
        if interval < 0 or beat < 0:
            raise CommandError("--interval and --beat must not be negative")
        queues = list(settings.TASKS.get("default", {}).get("QUEUES") or ["default"])
        worker_id = f"{socket.gethostname()}-{os.getpid()}-{get_random_string(6)}"[:64]
        worker = Worker(
            queue_names=queues,
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=worker_id,
            excluded_queue_names=[],
        )
        beat_thread = Beat(beat) if beat else None
        # Worker handles SIGINT/SIGTERM itself: it finishes the current job, then exits 0.
        worker.configure_signals()
        if beat_thread:
            beat_thread.start()
        self.stdout.write(f"Frontdesk worker {worker_id} started (queues: {', '.join(queues)})")
        self.stdout.flush()
        try:
            worker.run()
        finally:
            if beat_thread:
                beat_thread.stop()
