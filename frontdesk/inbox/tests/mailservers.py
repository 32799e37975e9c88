"""Real mail servers on loopback for tests: Debian's Dovecot (IMAP, and LMTP for delivery
the way an MTA does it) and an aiosmtpd sink.

Each server listens on 127.0.0.1 on a free port of its own (one per pytest-xdist worker)
and keeps everything in a temporary directory: no system instance, no /etc/dovecot, no
/run/dovecot is touched. Python's imaplib and smtplib play the customer's mail client.

Dovecot refuses some things when started as root, which shaped the generated config:
- login processes (imap-login) must not run as root: `default_login_user` is `dovenull`
  (created by the Debian package) or `nobody`;
- mail is never accessed as root (not even with first_valid_uid = 0): the users' mail
  belongs to `nobody`/`nogroup`, which owns the maildir root, and the temp dir is made
  traversable (0711) so that user can reach it;
- passwd-file rejects UID 0 in a user line, so the line names nobody's UID/GID.
Started as an ordinary user, everything runs as that user and nothing is chrooted.
"""

from __future__ import annotations

import contextlib
import imaplib
import math
import os
import pwd
import re
import secrets
import shutil
import smtplib
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from frontdesk.inbox.email.imap import ImapSettings

HOST = "127.0.0.1"
DOVECOT = "/usr/sbin/dovecot"
_USER_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def free_port() -> int:
    """A port nobody listens on right now (the kernel's pick, so xdist workers differ)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def require_dovecot() -> str:
    """The dovecot binary; skip when it is missing, except in CI, which installs it."""
    path = DOVECOT if os.path.exists(DOVECOT) else shutil.which("dovecot")
    if path:
        return path
    reason = "Dovecot is not installed (apt-get install dovecot-imapd, or `make mail-servers`)"
    if in_ci():
        pytest.fail(f"{reason}; CI must install it", pytrace=False)
    pytest.skip(reason)


# Dovecot -------------------------------------------------------------------------------

_CONFIG = """\
# Generated for one test run; everything stays in {root}.
protocols = imap lmtp
listen = {host}
base_dir = {root}/run
state_dir = {root}/state
instance_name = frontdesk-test-{port}
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
default_login_user = {login_user}
default_internal_user = {internal_user}
mail_location = maildir:{root}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {root}/users
}}
service imap-login {{
  chroot = {chroot}
  inet_listener imap {{
    address = {host}
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service lmtp {{
  inet_listener lmtp {{
    address = {host}
    port = {lmtp_port}
  }}
}}
service anvil {{
  chroot = {chroot}
  # No auth penalty: a wrong-password test must not slow the next test's login by seconds.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


class DovecotServer:
    """A private Dovecot: `start()`, `add_user()`, `deliver()`, `stop()`."""

    host = HOST

    def __init__(self, spare_users: int = 100) -> None:
        self.port = 0  # IMAP
        self.lmtp_port = 0  # LMTP: how an MTA hands mail to Dovecot
        self.root: Path | None = None
        self.passwords: dict[str, str] = {}
        self._spare_users = spare_users
        self._spare: list[str] = []
        self._mail_owner = (os.getuid(), os.getgid())
        self._process: subprocess.Popen[bytes] | None = None

    # lifecycle

    def start(self, attempts: int = 3) -> DovecotServer:
        binary = require_dovecot()
        self.root = Path(tempfile.mkdtemp(prefix="frontdesk-dovecot-"))
        try:
            return self._start(binary, attempts)
        except BaseException:
            self.stop()
            raise

    def _start(self, binary: str, attempts: int) -> DovecotServer:
        assert self.root is not None
        if os.geteuid() == 0:
            owner = pwd.getpwnam("nobody")
            mail_uid, mail_gid = owner.pw_uid, owner.pw_gid
            login_user = "dovenull" if _user_exists("dovenull") else "nobody"
            internal_user, chroot = "root", "login"
            self.root.chmod(0o711)  # nobody must reach the maildirs inside
        else:
            mail_uid, mail_gid = os.getuid(), os.getgid()
            login_user = internal_user = pwd.getpwuid(mail_uid).pw_name
            chroot = ""
        self._mail_owner = (mail_uid, mail_gid)
        for sub in ("run", "state", "mail"):
            (self.root / sub).mkdir()
        os.chown(self.root / "mail", mail_uid, mail_gid)
        self._make_spare_users()
        self._write_users()
        last_error = ""
        for _ in range(attempts):  # another process may take the free port first
            self.port, self.lmtp_port = free_port(), free_port()
            config = self.root / "dovecot.conf"
            config.write_text(
                _CONFIG.format(
                    root=self.root,
                    host=self.host,
                    port=self.port,
                    lmtp_port=self.lmtp_port,
                    login_user=login_user,
                    internal_user=internal_user,
                    chroot=chroot,
                )
            )
            output = (self.root / "dovecot.out").open("wb")
            self._process = subprocess.Popen(
                [binary, "-F", "-c", str(config)], stdout=output, stderr=subprocess.STDOUT
            )
            output.close()
            if self._wait_until_listening(timeout=15):
                return self
            last_error = self._log_tail()
            self._terminate()
        raise RuntimeError(f"Dovecot did not start: {last_error}")

    def stop(self) -> None:
        self._terminate()
        if self.root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def _terminate(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.terminate()  # the master stops its children and closes the listener
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)

    def _wait_until_listening(self, timeout: float) -> bool:
        assert self._process is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                return False
            if all(self._accepts(port) for port in (self.port, self.lmtp_port)):
                return True
            time.sleep(0.05)
        return False

    def _accepts(self, port: int) -> bool:
        try:
            socket.create_connection((self.host, port), timeout=1).close()
        except OSError:
            return False
        return True

    def _log_tail(self) -> str:
        assert self.root is not None
        text = ""
        for name in ("dovecot.out", "dovecot.log"):
            path = self.root / name
            if path.exists():
                text += path.read_text(errors="replace")
        return " | ".join(text.strip().splitlines()[-5:])

    def __enter__(self) -> DovecotServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # users and mail

    def _write_users(self) -> None:
        """Write the passwd-file; Dovecot notices a change at its next lookup second.

        Dovecot stats the file at most once per second, so a user added within the
        second of the last lookup is unknown until the clock ticks: wait for that.
        """
        assert self.root is not None
        uid, gid = self._mail_owner
        lines = [
            f"{name}:{{PLAIN}}{password}:{uid}:{gid}::{self.root}/mail/{name}\n"
            for name, password in self.passwords.items()
        ]
        path = self.root / "users"
        tmp = path.with_suffix(".new")
        tmp.write_text("".join(lines))
        tmp.replace(path)
        if self._process is not None:
            time.sleep(math.floor(time.time()) + 1.05 - time.time())

    def _make_spare_users(self) -> None:
        """Users made in advance, so a test's fresh user costs no passwd-file reload."""
        for _ in range(self._spare_users):
            name = f"user-{secrets.token_hex(6)}"
            self.passwords[name] = secrets.token_urlsafe(12)
            self._spare.append(name)

    def add_user(self, name: str, password: str) -> ImapSettings:
        if not _USER_NAME.match(name):
            raise ValueError(f"use a simple lowercase user name, not {name!r}")
        if not password or any(ch in password for ch in ":\r\n\x00"):
            raise ValueError("the password cannot be empty or contain ':' or line breaks")
        self.passwords[name] = password
        if self.root is not None:
            self._write_users()
        return self.settings(name)

    def add_random_user(self) -> ImapSettings:
        """A user with a random name and password that no other test has used."""
        if not self._spare:
            self._make_spare_users()
            self._write_users()
        return self.settings(self._spare.pop())

    def settings(self, user: str, **overrides: Any) -> ImapSettings:
        """What the email channel needs to read this user's INBOX."""
        values: dict[str, Any] = {
            "host": self.host,
            "port": self.port,
            "security": "none",
            "username": user,
            "password": self.passwords[user],
            "timeout": 10.0,
        }
        values.update(overrides)
        return ImapSettings(**values)

    @contextlib.contextmanager
    def client(self, user: str, folder: str = "INBOX") -> Iterator[imaplib.IMAP4]:
        """A logged-in imaplib connection with `folder` selected, as a mail client has."""
        imap = imaplib.IMAP4(self.host, self.port, timeout=10)
        try:
            imap.login(user, self.passwords[user])
            imap.select(folder)
            yield imap
        finally:
            with contextlib.suppress(imaplib.IMAP4.error, OSError):
                imap.logout()

    def deliver(self, user: str, raw: bytes, folder: str = "INBOX") -> int:
        """Put a message into the user's folder with IMAP APPEND; returns its UID.

        imaplib sends line ends as CRLF; give CRLF messages to get the same bytes back.
        """
        with self.client(user, folder) as imap:
            # typeshed says append() returns a str; it returns (status, data).
            result: Any = imap.append(folder, "", imaplib.Time2Internaldate(time.time()), raw)
        status, data = result
        answer = data[0].decode() if data and isinstance(data[0], bytes) else ""
        found = re.search(r"APPENDUID \d+ (\d+)", answer)
        if status != "OK" or not found:
            raise RuntimeError(f"APPEND failed: {status} {answer}")
        return int(found.group(1))

    def flags(self, user: str, uid: int, folder: str = "INBOX") -> set[str]:
        """The flags of one message, read with imaplib (a second opinion on ImapSource)."""
        with self.client(user, folder) as imap:
            status, data = imap.uid("FETCH", str(uid), "(FLAGS)")
        line = data[0].decode() if data and isinstance(data[0], bytes) else ""
        found = re.search(r"FLAGS \(([^)]*)\)", line)
        if status != "OK" or not found:
            raise RuntimeError(f"no message with UID {uid}: {status} {line}")
        return set(found.group(1).split())


# SMTP ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceivedMail:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    raw: bytes


class _SinkHandler:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_RCPT(  # aiosmtpd's hook names
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        refusal = self.sink.refusal_for(address)
        if refusal:
            return refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        self.sink.received(
            ReceivedMail(
                mail_from=str(envelope.mail_from),
                rcpt_tos=tuple(envelope.rcpt_tos),
                raw=raw if isinstance(raw, bytes) else str(raw).encode(),
            )
        )
        return "250 Message accepted for delivery"


class _Authenticator:
    def __init__(self, username: str, password: str) -> None:
        self.username, self.password = username.encode(), password.encode()

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any):
        from aiosmtpd.smtp import AuthResult, LoginPassword

        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == self.username
            and auth_data.password == self.password
        )
        return AuthResult(success=ok)


class SmtpSink:
    """An SMTP server on loopback that keeps every message it accepts.

    `reject(address)` answers RCPT TO for that address with 550 (permanent); pass
    `code=451` (or use `reject_temporarily`) for a temporary failure.
    """

    host = HOST

    def __init__(self, *, username: str = "", password: str = "") -> None:
        self.port = 0
        self._credentials = (username, password)
        self._messages: list[ReceivedMail] = []
        self._refusals: dict[str, str] = {}
        self._changed = threading.Condition()
        self._controller: Controller | None = None

    def start(self, attempts: int = 3) -> SmtpSink:
        kwargs: dict[str, Any] = {}
        username, password = self._credentials
        if username:
            kwargs.update(
                authenticator=_Authenticator(username, password),
                auth_require_tls=False,
                auth_required=True,
            )
        error: Exception | None = None
        for _ in range(attempts):  # another process may take the free port first
            self.port = free_port()
            controller = Controller(
                _SinkHandler(self),
                hostname=self.host,
                port=self.port,
                ready_timeout=10,
                **kwargs,
            )
            try:
                controller.start()
            except OSError as exc:
                error = exc
                controller.stop(no_assert=True)
                controller.loop.close()
                continue
            self._controller = controller
            return self
        raise RuntimeError(f"the SMTP sink did not start: {error}")

    def stop(self) -> None:
        controller, self._controller = self._controller, None
        if controller is not None:
            controller.stop()

    def __enter__(self) -> SmtpSink:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # refusals

    def reject(self, address: str, code: int = 550, text: str = "") -> None:
        default = "5.1.1 No such user here" if code >= 500 else "4.2.0 Try again later"
        self._refusals[address.lower()] = f"{code} {text or default}"

    def reject_temporarily(self, address: str) -> None:
        self.reject(address, code=451)

    def accept(self, address: str) -> None:
        self._refusals.pop(address.lower(), None)

    def refusal_for(self, address: str) -> str:
        return self._refusals.get(address.lower(), "")

    # what arrived

    def received(self, mail: ReceivedMail) -> None:
        with self._changed:
            self._messages.append(mail)
            self._changed.notify_all()

    @property
    def messages(self) -> list[ReceivedMail]:
        with self._changed:
            return list(self._messages)

    def wait_for(self, count: int = 1, timeout: float = 5.0) -> list[ReceivedMail]:
        """At least `count` messages, waiting up to `timeout` seconds for them."""
        with self._changed:
            if not self._changed.wait_for(lambda: len(self._messages) >= count, timeout):
                raise AssertionError(
                    f"expected {count} message(s) within {timeout}s, got {len(self._messages)}"
                )
            return list(self._messages)

    def clear(self) -> None:
        with self._changed:
            self._messages.clear()

    def send(self, mail_from: str, to: list[str], raw: bytes) -> None:
        """Send as a mail client would (smtplib), for tests of the sink itself."""
        with smtplib.SMTP(self.host, self.port, timeout=10) as client:
            username, password = self._credentials
            if username:
                client.login(username, password)
            client.sendmail(mail_from, to, raw)
