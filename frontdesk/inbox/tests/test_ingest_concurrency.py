"""The same message at the same moment on two workers: exactly one ticket (X4)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from frontdesk.inbox.choices import Outcome
from frontdesk.inbox.models import InboundEmail
from frontdesk.inbox.services import do_ingest_email
from frontdesk.inbox.tests.mail_factory import raw_email
from frontdesk.tickets.models import Ticket


@pytest.mark.django_db(transaction=True)
def test_it_makes_one_ticket_when_two_workers_ingest_the_same_mail_at_once() -> None:
    if connection.vendor == "sqlite":
        pytest.skip(
            "the in-memory SQLite test database is shared-cache (table locks, no busy wait); "
            "on SQLite the race runs as two real processes on a file: test_ingest_command.py"
        )
    raws = [raw_email(sender=f"race{n}@example.com", subject=f"Race {n}") for n in range(5)]
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def worker() -> None:
        try:
            barrier.wait(timeout=30)
            for raw in raws:
                results.append(do_ingest_email(raw).outcome)
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert Ticket.objects.count() == 5
    assert InboundEmail.objects.count() == 5
    assert sorted(results).count(Outcome.DUPLICATE) == 5
    assert sorted(results).count(Outcome.TICKET) == 5
