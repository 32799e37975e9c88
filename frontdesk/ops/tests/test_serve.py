"""`frontdesk serve` as a real process: first start, readiness, clean stop, second start."""

from __future__ import annotations

import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from frontdesk.ops.tests.conftest import (
    free_port,
    frontdesk_argv,
    frontdesk_env,
    sqlite_db,
    stop,
)

READY_WITHIN = 60
STOP_WITHIN = 15
PASSWORD_LINE = re.compile(r"administrator 'admin' created with password (\S+)")


def wait_ready(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + READY_WITHIN
    while time.monotonic() < deadline:
        assert process.poll() is None, f"serve exited early:\n{log.read_text()}"
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} not ready within {READY_WITHIN}s:\n{log.read_text()}")


def serve_once(data_dir: Path, port: int, log: Path) -> str:
    """Start serve, wait until ready, Ctrl-C it; return everything it printed."""
    with log.open("w") as out:
        process = subprocess.Popen(
            frontdesk_argv("serve", "--port", str(port), "--data-dir", str(data_dir)),
            env=frontdesk_env(data_dir),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_ready(f"http://127.0.0.1:{port}/readyz", process, log)
            process.send_signal(signal.SIGINT)
            code = process.wait(timeout=STOP_WITHIN)
        finally:
            stop(process)
    output = log.read_text()
    assert code == 0, output
    return output


def counts(data_dir: Path) -> tuple[int, int, int]:
    with sqlite_db(data_dir) as db:
        admins = db.execute("SELECT count(*) FROM accounts_user WHERE is_superuser").fetchone()
        users = db.execute("SELECT count(*) FROM accounts_user").fetchone()
        tickets = db.execute("SELECT count(*) FROM tickets_ticket").fetchone()
    return admins[0], users[0], tickets[0]


def test_it_starts_once_with_a_password_then_reuses_the_data(data_dir, tmp_path):
    port = free_port()
    first = serve_once(data_dir, port, tmp_path / "first.log")
    assert f"Sign in at http://127.0.0.1:{port}/admin/" in first
    match = PASSWORD_LINE.search(first)
    assert match and len(match.group(1)) >= 12, first
    assert "Frontdesk stopped." in first
    assert counts(data_dir) == (1, 1, 1)  # the administrator and the welcome ticket

    second = serve_once(data_dir, port, tmp_path / "second.log")
    assert f"Sign in at http://127.0.0.1:{port}/admin/" in second
    assert "password" not in second.lower()
    assert match.group(1) not in second
    assert counts(data_dir) == (1, 1, 1)
