"""Fixtures for the email channel: real Dovecot and a real SMTP sink on loopback."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from frontdesk.inbox.email.imap import ImapSettings
from frontdesk.inbox.tests.mailservers import DovecotServer, SmtpSink


@pytest.fixture(scope="session")
def dovecot_server() -> Iterator[DovecotServer]:
    """One Dovecot per test session (per xdist worker); skipped when not installed."""
    with DovecotServer() as server:
        yield server


@dataclass
class MailUser:
    """A fresh Dovecot user of one test: nobody else sees this INBOX."""

    server: DovecotServer
    name: str
    settings: ImapSettings

    def deliver(self, raw: bytes) -> int:
        return self.server.deliver(self.name, raw)

    def flags(self, uid: int) -> set[str]:
        return self.server.flags(self.name, uid)


@pytest.fixture
def dovecot(dovecot_server: DovecotServer) -> MailUser:
    settings = dovecot_server.add_random_user()
    return MailUser(server=dovecot_server, name=settings.username, settings=settings)


@pytest.fixture
def smtp_sink(settings) -> Iterator[SmtpSink]:
    """An SMTP server that keeps what it receives; Django's mail goes there."""
    with SmtpSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = sink.host
        settings.EMAIL_PORT = sink.port
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        yield sink
