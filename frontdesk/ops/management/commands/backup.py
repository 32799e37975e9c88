"""`frontdesk backup DIR`: database, attachments and keys, with a checksummed manifest."""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from django.db import DatabaseError

from frontdesk.ops.backup import make_backup
from frontdesk.ops.backup_db import BackupError


class Command(BaseCommand):
    help = (
        "Back up the database, the stored files and the keys into a new directory, "
        "consistently while Frontdesk runs. The backup holds the keys: store it encrypted."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("directory", help="A new (or empty) directory for the backup.")
        parser.add_argument(
            "--allow-missing-files",
            action="store_true",
            help="Back up even when files named in the database are missing or damaged "
            "(they are listed as warnings in the manifest).",
        )

    def handle(self, *args: Any, directory: str, allow_missing_files: bool, **opts: Any) -> None:
        try:
            report = make_backup(
                Path(directory), allow_missing=allow_missing_files, say=self.stdout.write
            )
        except (BackupError, DatabaseError) as exc:
            sys.stderr.write(f"frontdesk backup: {exc}\n")
            raise SystemExit(1) from None
        for warning in report.warnings:
            sys.stderr.write(f"frontdesk backup: warning: {warning}\n")
        self.stdout.write(f"Backup complete: {Path(directory).expanduser().absolute()}")
