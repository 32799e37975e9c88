"""`frontdesk serve` as a real process: first start, readiness, clean stop, second start."""

from __future__ import annotations

import re
import signal
import subprocess
import time
import urllib.error
import urllib.parse
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


def sign_in(port: int, username: str, password: str) -> str:
    """Sign in through the real form; returns the path the browser lands on."""
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    base = f"http://127.0.0.1:{port}"
    with opener.open(f"{base}/sign-in/", timeout=10) as response:
        assert response.status == 200
    token = next(c.value for c in jar if c.name.endswith("csrftoken"))
    data = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(f"{base}/sign-in/", data=data, headers={"Referer": base})
    with opener.open(request, timeout=10) as response:
        return urllib.parse.urlparse(response.geturl()).path


def serve_once(data_dir: Path, port: int, log: Path, while_running=None) -> str:
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
            if while_running is not None:
                while_running()
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
    assert f"Sign in at http://127.0.0.1:{port}/sign-in/" in first
    match = PASSWORD_LINE.search(first)
    assert match and len(match.group(1)) >= 12, first
    assert "Frontdesk stopped." in first
    assert counts(data_dir) == (1, 1, 1)  # the administrator and the welcome ticket

    password = match.group(1)
    landed: list[str] = []
    second = serve_once(
        data_dir,
        port,
        tmp_path / "second.log",
        while_running=lambda: landed.append(sign_in(port, "admin", password)),
    )
    assert landed == ["/inbox/"]  # the printed password works on the sign-in page
    assert f"Sign in at http://127.0.0.1:{port}/sign-in/" in second
    assert "password" not in second.lower()
    assert match.group(1) not in second
    assert counts(data_dir) == (1, 1, 1)
