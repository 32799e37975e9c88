"""Drill (SECURITY.md 41): a real `frontdesk worker` killed with SIGKILL in the middle of
an IMAP poll of the real Dovecot; after a restart nothing is lost, repeated or sent twice.

ops/tests/test_worker.py already kills workers during acknowledgement jobs; this one kills
the worker while it stores and processes a batch of mail, wherever the kill lands: before
a chunk commits (it is processed again), after the commit but before the messages are
marked done on the server (they are fetched again and found to be duplicates), or while
acknowledgements go out.
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections import Counter
from email.utils import make_msgid
from pathlib import Path

from frontdesk.inbox.tests.mail_factory import raw_email
from frontdesk.inbox.tests.test_outage_drills import flags_by_uid
from frontdesk.ops.tests.conftest import (
    frontdesk_argv,
    frontdesk_env,
    run_frontdesk,
    sqlite_db,
    stop,
)

MESSAGES = 100  # one poll's batch: 4 chunks of 25, each its own commit
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def start_worker(data_dir: Path, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        frontdesk_argv("worker", "--beat", "1"),
        env=frontdesk_env(data_dir, EMAIL_BACKEND=FILE_BACKEND),
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )


def count(data_dir: Path, sql: str) -> int:
    with sqlite_db(data_dir) as db:
        return int(db.execute(sql).fetchone()[0])


def wait_until(condition, what: str, log: Path, seconds: float = 180) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}:\n{log.read_text()[-4000:]}")


def test_it_loses_and_repeats_nothing_when_the_worker_is_killed_mid_poll(
    dovecot, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    log = tmp_path / "worker.log"
    assert run_frontdesk(data_dir, "migrate", "-v", "0").returncode == 0
    setup = f"""
from frontdesk.accounts.choices import Role
from frontdesk.accounts.services import do_create_staff_user
from frontdesk.inbox.mailboxes import do_create_mailbox
admin = do_create_staff_user(username="root", role=Role.ADMIN,
                             password="correct horse battery staple")
do_create_mailbox(actor=admin, name="Support", address="support@example.com",
    imap_host={dovecot.settings.host!r}, imap_port={dovecot.settings.port},
    imap_security="none", imap_username={dovecot.settings.username!r},
    imap_password={dovecot.settings.password!r}, start_from_now=False)
"""
    result = run_frontdesk(data_dir, "shell", "-c", setup)
    assert result.returncode == 0, result.stderr
    for n in range(MESSAGES):
        dovecot.deliver(
            raw_email(
                sender=f"buyer{n}@example.com",
                subject=f"Question {n}",
                body=f"Question number {n}: where is my parcel?",
                message_id=make_msgid(f"q{n}", domain="mail.example.com"),
            )
        )

    tickets = "SELECT count(*) FROM tickets_ticket"
    worker = start_worker(data_dir, log)
    try:
        wait_until(lambda: count(data_dir, tickets) > 0, "the first chunk", log)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        stop(worker)
    at_kill = count(data_dir, tickets)
    assert 0 < at_kill < MESSAGES, f"the kill did not land mid-batch ({at_kill})"

    # The dead worker's poll lease would expire after 5 minutes; skip that wait.
    with sqlite_db(data_dir) as db:
        db.execute("UPDATE inbox_mailbox SET poll_lease_until = NULL")
        db.commit()
    worker = start_worker(data_dir, log)
    try:
        processed = "SELECT count(*) FROM inbox_inboundemail WHERE status = 'processed'"
        wait_until(lambda: count(data_dir, processed) == MESSAGES, "every message", log)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=30) == 0
    finally:
        stop(worker)

    with sqlite_db(data_dir) as db:
        subjects = Counter(s for (s,) in db.execute("SELECT subject FROM tickets_ticket"))
        stored = count(data_dir, "SELECT count(*) FROM inbox_inboundemail")
    assert subjects == Counter(f"Question {n}" for n in range(MESSAGES))  # each exactly once
    assert stored == MESSAGES
    flags = flags_by_uid(dovecot)
    assert len(flags) == MESSAGES
    assert all({"\\Seen", "$FrontdeskDone"} <= f for f in flags.values())
    acknowledged: Counter[str] = Counter()
    for path in (data_dir / "outbox").glob("*.log"):
        for line in path.read_text().splitlines():
            if line.startswith("X-Frontdesk-Ticket: "):
                acknowledged[line.split(": ", 1)[1]] += 1
    assert acknowledged and max(acknowledged.values()) == 1  # no customer mailed twice
