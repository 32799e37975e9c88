"""The IMAP client of the email channel: a small typed wrapper over imapclient.

Messages are found by UID, never by \\Seen: people reading the same mailbox in their own
client change nothing. Fetching uses BODY.PEEK[] so it sets no flag; only `mark_done`
(called after the ticket is committed) sets \\Seen and the keyword `$FrontdeskDone`.
The caller keeps its position as (UIDVALIDITY, last UID) and compares the validity on
every connection: a changed UIDVALIDITY means the UIDs were renumbered.

No Django, no database: every failure is one `ImapError` with a one-line message that
never contains the password.
"""

from __future__ import annotations

import contextlib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError

DONE_KEYWORD = b"$FrontdeskDone"
SEEN = b"\\Seen"
SECURITIES = ("ssl", "starttls", "none")
LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1", "[::1]"})
# What a refused login or an unexpected answer (IMAPClientError is imaplib's error, so
# also its abort), a broken connection or a TLS failure (OSError) raise underneath.
_FAILURES = (IMAPClientError, OSError, EOFError)


@dataclass(frozen=True)
class ImapSettings:
    host: str
    port: int
    security: str  # "ssl" | "starttls" | "none"
    username: str
    password: str = field(repr=False)
    folder: str = "INBOX"
    timeout: float = 30.0

    @property
    def where(self) -> str:
        return f"{self.username}@{self.host}:{self.port}"


class ImapError(Exception):
    """The server could not be reached, refused the login or answered unexpectedly."""


def _describe(exc: BaseException, settings: ImapSettings) -> str:
    text = str(exc) or type(exc).__name__
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1]  # imapclient shows server answers as bytes reprs
    if settings.password:
        text = text.replace(settings.password, "***")
    return " ".join(text.split())[:300]


class ImapSource:
    """One connection to one folder: `with ImapSource(settings) as source: ...`."""

    def __init__(self, settings: ImapSettings) -> None:
        self.settings = settings
        self._client: IMAPClient | None = None
        self._selected: dict[bytes, Any] = {}

    def __enter__(self) -> ImapSource:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def open(self) -> None:
        settings = self.settings
        if settings.security not in SECURITIES:
            raise ImapError(f"unknown IMAP connection security {settings.security!r}")
        if settings.security == "none" and settings.host.lower() not in LOOPBACK:
            raise ImapError(
                f"IMAP without TLS is allowed only on this machine, not {settings.host}"
            )
        step = "connect to"
        try:
            context = ssl.create_default_context()
            client = IMAPClient(
                settings.host,
                port=settings.port,
                ssl=settings.security == "ssl",
                ssl_context=context,
                timeout=settings.timeout,
            )
            self._client = client
            if settings.security == "starttls":
                step = "start TLS with"
                client.starttls(context)
            step = "log in to"
            client.login(settings.username, settings.password)
            step = f"open folder {settings.folder!r} on"
            self._selected = client.select_folder(settings.folder)
        except _FAILURES as exc:
            self.close()
            raise ImapError(
                f"could not {step} IMAP {settings.where}: {_describe(exc, settings)}"
            ) from None

    def close(self) -> None:
        client, self._client = self._client, None
        if client is None:
            return
        try:
            client.logout()
        except _FAILURES:
            with contextlib.suppress(*_FAILURES):
                client.shutdown()

    def _run(self, what: str, call: Callable[[IMAPClient], Any]) -> Any:
        if self._client is None:
            raise ImapError(f"IMAP {self.settings.where} is not connected")
        try:
            return call(self._client)
        except _FAILURES as exc:
            raise ImapError(
                f"IMAP {what} failed on {self.settings.where}: {_describe(exc, self.settings)}"
            ) from None

    def uidvalidity(self) -> int:
        """The folder's UIDVALIDITY: when it changes, every stored UID means nothing."""
        value = self._selected.get(b"UIDVALIDITY")
        if value is None:
            status = self._run(
                "STATUS", lambda c: c.folder_status(self.settings.folder, [b"UIDVALIDITY"])
            )
            value = status.get(b"UIDVALIDITY")
        if value is None:
            raise ImapError(f"IMAP {self.settings.where} did not report a UIDVALIDITY")
        return int(value)

    def message_count(self) -> int:
        """How many messages the folder held when it was opened."""
        return int(self._selected.get(b"EXISTS", 0))

    def newest_uid(self) -> int:
        """The highest UID in the folder, 0 when it is empty (to start from now)."""
        # "UID *" is the last message; on an empty folder the answer is empty.
        uids = self._run("SEARCH", lambda c: c.search(["UID", "*"]))
        return max((int(uid) for uid in uids), default=0)

    def fetch_since(self, last_uid: int, limit: int = 100) -> list[tuple[int, bytes]]:
        """Up to `limit` messages with a UID above `last_uid`, oldest first, raw bytes."""
        # "UID n:*" always includes the last message, even when n is past it: filter.
        found = self._run("SEARCH", lambda c: c.search(["UID", f"{last_uid + 1}:*"]))
        uids = sorted(uid for uid in (int(u) for u in found) if uid > last_uid)[:limit]
        if not uids:
            return []
        fetched = self._run("FETCH", lambda c: c.fetch(uids, [b"BODY.PEEK[]"]))
        messages = []
        for uid in uids:
            raw = fetched.get(uid, {}).get(b"BODY[]")
            if isinstance(raw, bytes):  # gone meanwhile (expunged): skip it
                messages.append((uid, raw))
        return messages

    def mark_done(self, uid: int) -> None:
        """Set \\Seen and `$FrontdeskDone`; the keyword only where the folder allows it."""
        permanent = self._selected.get(b"PERMANENTFLAGS") or ()
        flags = [SEEN]
        if b"\\*" in permanent or DONE_KEYWORD in permanent:
            flags.append(DONE_KEYWORD)
        self._run("STORE", lambda c: c.add_flags([uid], flags, silent=True))


def check_connection(settings: ImapSettings) -> str:
    """Log in and open the folder; a short human summary like "INBOX: 12 messages"."""
    with ImapSource(settings) as source:
        count = source.message_count()
    return f"{settings.folder}: {count} message{'' if count == 1 else 's'}"
