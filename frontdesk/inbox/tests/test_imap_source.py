"""The IMAP client of the email channel against a real Dovecot on loopback."""

from __future__ import annotations

import dataclasses
import smtplib
import socket
import time

import pytest

from frontdesk.inbox.email.imap import ImapError, ImapSettings, ImapSource, check_connection
from frontdesk.inbox.tests.conftest import MailUser
from frontdesk.inbox.tests.mailservers import free_port


def raw_message(n: int) -> bytes:
    return (
        f"From: Ayşe <ayse@example.com>\r\n"
        f"To: support@example.com\r\n"
        f"Subject: Order {n}\r\n"
        f"Message-ID: <order-{n}@example.com>\r\n"
        f"Content-Type: text/plain; charset=utf-8\r\n"
        f"Content-Transfer-Encoding: 8bit\r\n"
        f"\r\n"
        f"Siparişim {n} nerede?\r\n"
    ).encode()


def test_it_fetches_new_messages_in_uid_order_with_exact_bytes(dovecot: MailUser) -> None:
    sent = [raw_message(n) for n in (1, 2, 3)]
    uids = [dovecot.deliver(raw) for raw in sent]

    with ImapSource(dovecot.settings) as source:
        fetched = source.fetch_since(0)

    assert fetched == list(zip(uids, sent, strict=True))
    assert uids == sorted(uids)


def test_it_does_not_set_seen_when_fetching(dovecot: MailUser) -> None:
    uid = dovecot.deliver(raw_message(1))

    with ImapSource(dovecot.settings) as source:
        assert [u for u, _raw in source.fetch_since(0)] == [uid]

    assert "\\Seen" not in dovecot.flags(uid)


def test_it_marks_a_message_done_with_seen_and_the_keyword(dovecot: MailUser) -> None:
    first = dovecot.deliver(raw_message(1))
    second = dovecot.deliver(raw_message(2))

    with ImapSource(dovecot.settings) as source:
        source.mark_done(first)

    assert {"\\Seen", "$FrontdeskDone"} <= dovecot.flags(first)
    assert not {"\\Seen", "$FrontdeskDone"} & dovecot.flags(second)


def test_it_fetches_only_messages_after_the_last_uid(dovecot: MailUser) -> None:
    first = dovecot.deliver(raw_message(1))
    with ImapSource(dovecot.settings) as source:
        # "UID n:*" still matches the newest message when n is past it.
        assert source.fetch_since(first) == []
        assert source.fetch_since(first + 100) == []

    second = dovecot.deliver(raw_message(2))
    third = dovecot.deliver(raw_message(3))
    with ImapSource(dovecot.settings) as source:
        assert [uid for uid, _raw in source.fetch_since(first)] == [second, third]
        assert [uid for uid, _raw in source.fetch_since(first, limit=1)] == [second]


def test_it_reads_messages_seen_by_a_person_all_the_same(dovecot: MailUser) -> None:
    uid = dovecot.deliver(raw_message(1))
    with dovecot.server.client(dovecot.name) as imap:
        imap.uid("STORE", str(uid), "+FLAGS", "(\\Seen)")

    with ImapSource(dovecot.settings) as source:
        assert [u for u, _raw in source.fetch_since(0)] == [uid]


def test_it_gives_the_newest_uid_to_start_from_now(dovecot: MailUser) -> None:
    with ImapSource(dovecot.settings) as source:
        assert source.newest_uid() == 0

    dovecot.deliver(raw_message(1))
    newest = dovecot.deliver(raw_message(2))
    with ImapSource(dovecot.settings) as source:
        assert source.newest_uid() == newest
        assert source.fetch_since(source.newest_uid()) == []


def test_it_keeps_uidvalidity_across_connections(dovecot: MailUser) -> None:
    dovecot.deliver(raw_message(1))
    with ImapSource(dovecot.settings) as source:
        first = source.uidvalidity()
    with ImapSource(dovecot.settings) as source:
        assert source.uidvalidity() == first
    assert first > 0


def test_it_reports_a_wrong_password_without_the_password(dovecot: MailUser) -> None:
    wrong = dataclasses.replace(dovecot.settings, password="not-the-Secret-42")

    with pytest.raises(ImapError) as caught:
        ImapSource(wrong).open()

    message = str(caught.value)
    assert "not-the-Secret-42" not in message
    assert dovecot.settings.password not in message
    assert "log in" in message
    assert "\n" not in message


def test_it_fails_quickly_when_nothing_listens() -> None:
    settings = dataclasses.replace(_loopback_settings(), port=free_port())
    started = time.monotonic()

    with pytest.raises(ImapError, match="could not connect"):
        ImapSource(settings).open()

    assert time.monotonic() - started < 5


def test_it_gives_up_after_the_timeout_when_the_server_is_silent() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        settings = dataclasses.replace(
            _loopback_settings(), port=listener.getsockname()[1], timeout=0.5
        )
        started = time.monotonic()
        with pytest.raises(ImapError, match="could not connect"):
            ImapSource(settings).open()
    assert time.monotonic() - started < 5


def test_it_refuses_plain_imap_to_another_machine() -> None:
    settings = dataclasses.replace(_loopback_settings(), host="imap.example.com")

    with pytest.raises(ImapError, match="only on this machine"):
        ImapSource(settings).open()


def test_it_does_not_fall_back_to_plain_text_when_starttls_is_missing(
    dovecot: MailUser,
) -> None:
    settings = dataclasses.replace(dovecot.settings, security="starttls")

    with pytest.raises(ImapError, match="could not start TLS"):
        ImapSource(settings).open()


def test_it_fails_when_the_server_does_not_speak_tls(dovecot: MailUser) -> None:
    settings = dataclasses.replace(dovecot.settings, security="ssl")

    with pytest.raises(ImapError, match="could not connect"):
        ImapSource(settings).open()


def test_it_reports_a_missing_folder(dovecot: MailUser) -> None:
    settings = dataclasses.replace(dovecot.settings, folder="Nope")

    with pytest.raises(ImapError, match="open folder 'Nope'"):
        check_connection(settings)


def test_it_summarises_a_working_connection(dovecot: MailUser) -> None:
    assert check_connection(dovecot.settings) == "INBOX: 0 messages"
    dovecot.deliver(raw_message(1))
    assert check_connection(dovecot.settings) == "INBOX: 1 message"


def test_it_keeps_users_apart(dovecot: MailUser) -> None:
    other = dovecot.server.add_random_user()
    dovecot.deliver(raw_message(1))

    with ImapSource(other) as source:
        assert source.fetch_since(0) == []


def _loopback_settings() -> ImapSettings:
    return ImapSettings(
        host="127.0.0.1", port=1, security="none", username="u", password="p", timeout=3
    )


def test_it_fetches_mail_delivered_over_lmtp_like_an_mta_does(dovecot: MailUser) -> None:
    raw = raw_message(1)
    with smtplib.LMTP(dovecot.server.host, dovecot.server.lmtp_port) as lmtp:
        lmtp.sendmail("ayse@example.com", [dovecot.name], raw)

    with ImapSource(dovecot.settings) as source:
        [(uid, fetched)] = source.fetch_since(0)

    assert fetched.endswith(raw)  # Dovecot adds Return-Path and Delivered-To on top
    assert uid > 0
