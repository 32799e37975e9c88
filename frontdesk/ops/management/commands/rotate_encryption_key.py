"""`frontdesk rotate-encryption-key`: a new key for the secrets stored in the database.

Generates a key, puts it first in the key file (the older keys stay, for reading),
re-encrypts every registered secret with it (core/crypto.py), and says what happened.
`--drop-old-keys` afterwards keeps only the newest key once nothing needs the others.
With FRONTDESK_ENCRYPTION_KEY in the environment the command cannot edit it: it prints
a new key to put first there, and `--reencrypt` re-encrypts after the restart.
"""

from __future__ import annotations

import sys
from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from frontdesk.audit.services import SYSTEM, do_record_audit
from frontdesk.core import crypto

RESTART = (
    "Restart the web and worker processes now: until they restart they cannot read "
    "secrets written with the new key."
)


class Command(BaseCommand):
    help = "Generate a new encryption key and re-encrypt every stored secret with it."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--reencrypt",
            action="store_true",
            help="Only re-encrypt with the newest configured key (no new key).",
        )
        parser.add_argument(
            "--drop-old-keys",
            action="store_true",
            help="Keep only the newest key in the key file, if no secret needs the others.",
        )

    def handle(self, *args: Any, reencrypt: bool, drop_old_keys: bool, **options: Any) -> None:
        if drop_old_keys:
            self._drop_old_keys()
        elif reencrypt:
            self._reencrypt("re-encrypted with the newest configured key")
        elif crypto.keys_from_environment():
            key = crypto.new_key()
            self.stdout.write(
                "FRONTDESK_ENCRYPTION_KEY is set in the environment, so this command cannot "
                "change it. To rotate:\n"
                f"  1. Put this new key first: FRONTDESK_ENCRYPTION_KEY={key},<the keys you have>\n"
                "  2. Restart the web and worker processes.\n"
                "  3. Run: frontdesk rotate-encryption-key --reencrypt\n"
                "  4. Remove the old keys from the variable and restart again.\n"
            )
        else:
            keys = crypto.configured_keys()
            key = crypto.new_key()
            crypto.write_key_file([key, *keys])
            settings.FRONTDESK_ENCRYPTION_KEY = ",".join([key, *keys])
            self.stdout.write(
                f"A new key is first in {crypto.key_file()} (old keys kept after it)."
            )
            self._reencrypt("rotated to a new key")
            self.stdout.write(RESTART)
            self.stdout.write(
                "Then remove the old keys with: frontdesk rotate-encryption-key --drop-old-keys"
            )

    def _reencrypt(self, what: str) -> None:
        with transaction.atomic():
            results = crypto.reencrypt_all()
            do_record_audit(
                action="settings.encryption_key_rotated",
                actor=SYSTEM,
                after={r.field: r.reencrypted for r in results},
            )
        total = sum(r.reencrypted for r in results)
        self.stdout.write(f"{total} stored secret(s) {what}:")
        for result in results:
            line = f"  {result.field}: {result.reencrypted}"
            if result.unreadable:
                line += f" ({result.unreadable} unreadable with any key: left as they were)"
            self.stdout.write(line)

    def _drop_old_keys(self) -> None:
        if crypto.keys_from_environment():
            self.stdout.write(
                "The keys come from FRONTDESK_ENCRYPTION_KEY: remove the old ones there."
            )
            return
        stale = crypto.stale_secrets()
        if stale:
            sys.stderr.write(
                f"frontdesk rotate-encryption-key: {stale} stored secret(s) still need an old "
                "key; run frontdesk rotate-encryption-key --reencrypt first.\n"
            )
            raise SystemExit(1)
        keys = crypto.configured_keys()
        crypto.write_key_file(keys[:1])
        self.stdout.write(
            f"Kept only the newest key in {crypto.key_file()}; dropped {len(keys) - 1}."
        )
        self.stdout.write("Running processes keep working and forget the old keys on restart.")
