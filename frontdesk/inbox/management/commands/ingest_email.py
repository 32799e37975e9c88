"""`frontdesk ingest-email`: one raw message on stdin, as an MTA pipe delivers it.

Exit 0 once the message is safely stored, printing what it became (`ticket FD-…`,
`reply FD-…`, `note FD-…`, `duplicate FD-…`, `quarantined 12`). Exit 75 (EX_TEMPFAIL)
when it could not be stored, so the MTA keeps it and retries; 65 for empty input.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from frontdesk.core.errors import Invalid
from frontdesk.inbox.choices import Source
from frontdesk.inbox.models import Mailbox
from frontdesk.inbox.services import TRANSIENT_ERRORS, do_ingest_email

EX_DATAERR = 65
EX_TEMPFAIL = 75


class Command(BaseCommand):
    help = "Read one raw email on stdin and turn it into a ticket or reply."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--mailbox",
            default="",
            help="The mailbox address it was delivered to (default: found from To/Cc).",
        )

    def handle(self, *args: Any, mailbox: str, **options: Any) -> None:
        raw = sys.stdin.buffer.read()
        if not raw.strip():
            self.stderr.write("ingest-email: no message on stdin")
            raise SystemExit(EX_DATAERR)
        try:
            target = None
            if mailbox:
                target = Mailbox.objects.filter(address__iexact=mailbox).first()
                if target is None:
                    self.stderr.write(f"ingest-email: no mailbox {mailbox!r}")
                    raise SystemExit(EX_DATAERR)
            result = do_ingest_email(raw, source=Source.PIPE, mailbox=target)
        except TRANSIENT_ERRORS as exc:
            self.stderr.write(f"ingest-email: database unavailable, not stored: {exc}")
            raise SystemExit(EX_TEMPFAIL) from None
        except Invalid as exc:
            self.stderr.write(f"ingest-email: {exc.message}")
            raise SystemExit(EX_DATAERR) from None
        self.stdout.write(result.line())
