"""`frontdesk restore DIR`: verify a backup against its manifest, restore it, migrate."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from frontdesk.ops.backup_db import BackupError
from frontdesk.ops.restore import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `frontdesk backup` (database, files, keys), then migrate. "
        "Stop every web and worker process first."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("directory", help="The backup directory (with manifest.json).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace an installation that already holds data.",
        )

    def handle(self, *args: Any, directory: str, force: bool, **opts: Any) -> None:
        try:
            restore_backup(Path(directory), force=force, say=self.stdout.write)
        except (BackupError, DatabaseError) as exc:
            sys.stderr.write(f"frontdesk restore: {exc}\n")
            raise SystemExit(1) from None
