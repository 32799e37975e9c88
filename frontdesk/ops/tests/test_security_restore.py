"""The rest of the restore drill (SECURITY.md 56), beside test_backup's counts, checksums
and mailbox password: after backup, wipe and restore, a member with an authenticator app
signs in with password and code, and the first mail after the restore is ingested, a
reply threading onto its ticket through a Message-ID signed before the backup.

Runs the real commands against the suite's database vendor, like test_backup."""

from __future__ import annotations

import json
from pathlib import Path

from frontdesk.ops.tests.test_backup import Installation, seeded, template

__all__ = ["seeded", "template"]  # the drill's fixtures, shared with test_backup

BEFORE = """
import json
from frontdesk.accounts.mfa import do_confirm_totp, do_start_totp
from frontdesk.accounts.models import User
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.outbound import message_id_for
import pyotp
root = User.objects.get(username="root")
secret = do_start_totp(user=root)
do_confirm_totp(user=root, code=pyotp.TOTP(secret).now())
ticket = Ticket.objects.filter(customer__email="ilze@example.lv").order_by("pk").first()
print(json.dumps({"secret": secret, "reference": ticket.reference,
                  "message_id": message_id_for(ticket, "ack")}))
"""

AFTER = """
import json, time
import pyotp
from django.test import Client
from frontdesk.inbox.services import do_ingest_email
from frontdesk.inbox.tests.mail_factory import raw_email
secret, message_id = %r, %r
browser = Client(HTTP_HOST="localhost")
password = browser.post("/sign-in/", {"username": "root",
                        "password": "correct horse battery staple"})
wrong = browser.post("/sign-in/two-factor/", {"code": "000000"})
code = browser.post("/sign-in/two-factor/",
                    {"code": pyotp.TOTP(secret).at(time.time() + 30)})
inbox = browser.get("/inbox/")
fresh = do_ingest_email(raw_email(subject="After the restore", sender="ilze@example.lv"))
reply = do_ingest_email(raw_email(subject="Re: Blūze 0", sender="ilze@example.lv",
                                  body="Still waiting.", in_reply_to=message_id))
print(json.dumps({
    "password_step": password["Location"], "wrong_code": wrong.status_code,
    "code_step": code.status_code, "inbox": inbox.status_code,
    "fresh": fresh.line(), "reply": reply.line(),
}))
"""


def _json(output: str) -> dict:
    return json.loads(output.strip().splitlines()[-1])


def test_after_a_restore_mfa_sign_in_and_the_first_mail_work(
    seeded: Installation, tmp_path: Path
) -> None:
    before = _json(seeded.ok("shell", "-c", BEFORE))
    seeded.ok("backup", str(tmp_path / "backup"))
    seeded.wipe()
    assert seeded.run("shell", "-c", BEFORE).returncode != 0  # really gone
    seeded.ok("restore", str(tmp_path / "backup"))

    after = _json(seeded.ok("shell", "-c", AFTER % (before["secret"], before["message_id"])))

    assert after["password_step"] == "/sign-in/two-factor/"  # the seed came back encrypted
    assert after["wrong_code"] == 422
    assert (after["code_step"], after["inbox"]) == (302, 200)
    assert after["fresh"].startswith("ticket FD-")
    assert after["reply"] == f"reply {before['reference']}"  # signed before, read after
