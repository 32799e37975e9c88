"""A real clamd for tests: Debian's `clamav-daemon`, on a unix socket in a temp dir.

There is no internet here, so freshclam cannot fetch ClamAV's signatures: the daemon
loads one signature we write ourselves, the MD5 of the EICAR test file (`.hdb`:
`md5:size:name`). Skipped without clamd, except in CI, which must install it.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from frontdesk.inbox.tests.mailservers import in_ci

CLAMD = "/usr/sbin/clamd"
# The EICAR anti-virus test file: harmless, recognised as "malware" by agreement.
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SIGNATURE = "Frontdesk.Test.EICAR"

_CONFIG = """\
LocalSocket {root}/clamd.sock
Foreground yes
DatabaseDirectory {root}/db
TemporaryDirectory {root}/tmp
LogFile {root}/clamd.log
PidFile {root}/clamd.pid
Bytecode no
"""


def require_clamd() -> str:
    path = CLAMD if os.path.exists(CLAMD) else shutil.which("clamd")
    if path:
        return path
    reason = "clamd is not installed (apt-get install clamav-daemon)"
    if in_ci():
        pytest.fail(f"{reason}; CI must install it", pytrace=False)
    pytest.skip(reason)


def start_clamd() -> Iterator[str]:
    """Start clamd; yields its socket path; stops it afterwards."""
    binary = require_clamd()
    root = Path(tempfile.mkdtemp(prefix="fd-clamd-"))
    (root / "db").mkdir()
    (root / "tmp").mkdir()
    md5 = hashlib.md5(EICAR).hexdigest()  # noqa: S324 - ClamAV's hash signature format
    (root / "db" / "frontdesk-test.hdb").write_text(f"{md5}:{len(EICAR)}:{SIGNATURE}\n")
    (root / "clamd.conf").write_text(_CONFIG.format(root=root))
    socket_path = root / "clamd.sock"
    process = subprocess.Popen(
        [binary, "-c", str(root / "clamd.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while not socket_path.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                log = (root / "clamd.log").read_text() if (root / "clamd.log").exists() else ""
                error = process.stderr.read().decode() if process.stderr else ""
                pytest.fail(f"clamd did not start: {error}\n{log}", pytrace=False)
            time.sleep(0.05)  # waiting for the daemon's socket, not for time to pass
        yield str(socket_path)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stderr:
            process.stderr.close()
        shutil.rmtree(root, ignore_errors=True)
