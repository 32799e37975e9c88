"""Enqueue a background job as part of the caller's transaction.

With the database task backend (the default) the job row is written inside the current
transaction, so the change and its job commit together: a process killed right after the
commit cannot lose the job, and a rollback leaves no job behind. It also saves one commit
per job, which is most of the cost of a job on PostgreSQL. Other backends (the immediate
one in tests, a broker) get the job after the commit, as before.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend


def enqueue_with_transaction(task: Task[Any, Any], *args: Any) -> None:
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args)
    else:
        transaction.on_commit(lambda: task.enqueue(*args))
