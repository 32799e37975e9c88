"""`frontdesk worker`: queued acknowledgements survive a killed worker, none is sent twice."""

from __future__ import annotations

import signal
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest
from django_tasks_db.models import DBTaskResult

from frontdesk.ops.scheduler import enqueue_due
from frontdesk.ops.tests.conftest import (
    frontdesk_argv,
    frontdesk_env,
    run_frontdesk,
    sqlite_db,
    stop,
)
from frontdesk.tickets.tasks import requeue_stale_acknowledgements

TICKETS = 25
FILE_BACKEND = "django.core.mail.backends.filebased.EmailBackend"

CREATE_TICKETS = f"""
from datetime import timedelta
from django.utils import timezone
from frontdesk.customers.services import do_get_or_create_customer
from frontdesk.tickets.services import do_create_ticket
customer = do_get_or_create_customer(email="ilze@example.lv", name="Ilze K", language="lv")
for n in range({TICKETS}):
    do_create_ticket(actor=customer, customer=customer, subject=f"Blūze izira {{n}}",
                     body="Sānu vīle izira pēc pirmās mazgāšanas.",
                     now=timezone.now() - timedelta(minutes=10))
"""


def outbox_files(data_dir: Path) -> list[Path]:
    outbox = data_dir / "outbox"
    return sorted(outbox.glob("*.log")) if outbox.exists() else []


def start_worker(data_dir: Path, log: Path, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        frontdesk_argv("worker", "--beat", "1"),
        env=frontdesk_env(data_dir, EMAIL_BACKEND=FILE_BACKEND, **env),
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )


def wait_for(condition, seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}:\n{log.read_text()}")


def ack_states(data_dir: Path) -> Counter[str]:
    with sqlite_db(data_dir) as db:
        rows = db.execute("SELECT ack_state, count(*) FROM tickets_ticket GROUP BY ack_state")
        return Counter(dict(rows.fetchall()))


def sent_once_each(data_dir: Path, expected: int, *, resent_at_most: int = 0) -> None:
    """Every ticket: one email file, one acknowledgement message, ack_state sent.

    `resent_at_most` allows that many tickets a second email: the one a worker was
    killed in the middle of sending (at-least-once), always with the same Message-ID.
    """
    references: Counter[str] = Counter()
    for path in outbox_files(data_dir):
        for line in path.read_text().splitlines():
            if line.startswith("X-Frontdesk-Ticket: "):
                references[line.split(": ", 1)[1]] += 1
    with sqlite_db(data_dir) as db:
        all_refs = {r for (r,) in db.execute("SELECT reference FROM tickets_ticket")}
        ack_messages = Counter(dict(db.execute(
            "SELECT ticket_id, count(*) FROM tickets_message WHERE author_type = 'system' "
            "GROUP BY ticket_id").fetchall()))  # fmt: skip
    assert len(all_refs) == expected
    assert ack_states(data_dir) == {"sent": expected}
    assert set(references) == all_refs
    assert sum(count - 1 for count in references.values()) <= resent_at_most, references
    assert len(ack_messages) == expected and set(ack_messages.values()) == {1}


def create_tickets(data_dir: Path, count: int, *, enqueue_twice: bool = False) -> None:
    script = CREATE_TICKETS.replace(f"range({TICKETS})", f"range({count})")
    if enqueue_twice:  # as if the stale sweep had re-enqueued every job as well
        script += (
            "from frontdesk.tickets.models import Ticket\n"
            "from frontdesk.tickets.tasks import acknowledge_ticket\n"
            "for pk in Ticket.objects.filter(ack_state='pending').values_list('pk', flat=True):\n"
            "    acknowledge_ticket.enqueue(pk)\n"
        )
    result = run_frontdesk(data_dir, "shell", "-c", script)
    assert result.returncode == 0, result.stderr


def test_it_keeps_queued_jobs_across_a_killed_worker_and_sends_each_once(data_dir, tmp_path):
    log = tmp_path / "worker.log"
    assert run_frontdesk(data_dir, "migrate", "-v", "0").returncode == 0
    create_tickets(data_dir, 10)
    worker = start_worker(data_dir, log)
    try:
        wait_for(lambda: ack_states(data_dir) == {"sent": 10}, 60, "the first batch", log)
        time.sleep(0.5)  # idle now: the kill hits no job in flight
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        stop(worker)
    # Requests arrive while no worker runs; every job is queued twice.
    create_tickets(data_dir, 15, enqueue_twice=True)
    assert ack_states(data_dir) == {"sent": 10, "pending": 15}
    worker = start_worker(data_dir, log)
    try:
        wait_for(lambda: ack_states(data_dir) == {"sent": 25}, 60, "the second batch", log)
        time.sleep(1.5)  # let the duplicate jobs run too
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=15) == 0
    finally:
        stop(worker)
    sent_once_each(data_dir, 25)


def test_it_loses_nothing_when_the_worker_dies_in_the_middle_of_a_job(data_dir, tmp_path):
    log = tmp_path / "worker.log"
    assert run_frontdesk(data_dir, "migrate", "-v", "0").returncode == 0
    create_tickets(data_dir, TICKETS)
    worker = start_worker(data_dir, log)
    try:
        wait_for(lambda: len(outbox_files(data_dir)) >= 3, 60, "the first emails", log)
        worker.send_signal(signal.SIGKILL)  # a crash while jobs are running
        worker.wait(timeout=10)
    finally:
        stop(worker)
    # A claim left by the killed worker expires after its lease and is sent again.
    worker = start_worker(data_dir, log, FRONTDESK_ACK_LEASE_SECONDS="2")
    try:
        wait_for(lambda: ack_states(data_dir) == {"sent": TICKETS}, 60, "all sent", log)
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=15) == 0
    finally:
        stop(worker)
    sent_once_each(data_dir, TICKETS, resent_at_most=1)


@pytest.mark.django_db
def test_it_enqueues_a_periodic_task_once_per_period_across_workers():
    task = requeue_stale_acknowledgements
    assert enqueue_due((task,), period=60) == [task.module_path]
    assert enqueue_due((task,), period=60) == []  # a second worker in the same minute
    assert DBTaskResult.objects.filter(task_path=task.module_path).count() == 1
