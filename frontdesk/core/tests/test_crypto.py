"""Secrets at rest (SECURITY.md 53): a key of their own, rotation, old secrets still open."""

from __future__ import annotations

import io
import os
import stat

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from frontdesk.core import config, crypto
from frontdesk.inbox.mailboxes import do_create_mailbox
from frontdesk.inbox.models import Mailbox

pytestmark = pytest.mark.django_db
IMAP_PASSWORD = "imap-pass-Zq8wJ3"
SMTP_PASSWORD = "smtp-pass-Kd27xP"
OLD_KEY = "old-key-" + "o" * 40


@pytest.fixture
def keys(settings, tmp_path, monkeypatch):
    """Keys from a key file in a data dir of the test's own."""
    monkeypatch.delenv("FRONTDESK_ENCRYPTION_KEY", raising=False)
    settings.DATA_DIR = tmp_path
    crypto.write_key_file([OLD_KEY])
    settings.FRONTDESK_ENCRYPTION_KEY = OLD_KEY
    return settings


def mailbox(personas) -> Mailbox:
    return do_create_mailbox(
        actor=personas.admin,
        name="Support",
        address="support@example.com",
        imap_host="imap.example.com",
        imap_username="support",
        imap_password=IMAP_PASSWORD,
        smtp_host="smtp.example.com",
        smtp_username="support",
        smtp_password=SMTP_PASSWORD,
    )


def database_dump() -> str:
    """Every row of every table as text; on SQLite the SQL dump too."""
    rows = [
        str(list(model._base_manager.values_list()))
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    ]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        rows.extend(connection.connection.iterdump())
    return "\n".join(rows)


def test_the_database_holds_no_plaintext_secret(keys, personas):
    box = mailbox(personas)
    assert (box.imap_password, box.smtp_password) == (IMAP_PASSWORD, SMTP_PASSWORD)
    dump = database_dump()
    assert "support@example.com" in dump  # the dump does contain the rows
    assert IMAP_PASSWORD not in dump and SMTP_PASSWORD not in dump
    assert box.webhook_secret not in dump


def test_the_key_is_not_derived_from_the_secret_key(keys, personas):
    box = mailbox(personas)
    with pytest.raises(Exception):  # noqa: B017 - any Fernet failure
        crypto.fernet_for(keys.SECRET_KEY).decrypt(box.imap_password_encrypted.encode())
    keys.SECRET_KEY = "another-secret-key-" + "s" * 40  # SECRET_KEY rotated: still readable
    assert Mailbox.objects.get(pk=box.pk).imap_password == IMAP_PASSWORD


def test_secrets_of_older_installations_still_open(keys, personas):
    """Before, the key was derived from SECRET_KEY (when no FRONTDESK_ENCRYPTION_KEY)."""
    box = mailbox(personas)
    legacy = crypto.fernet_for(keys.SECRET_KEY).encrypt(b"legacy-pass").decode()
    Mailbox.objects.filter(pk=box.pk).update(imap_password_encrypted=legacy)
    assert Mailbox.objects.get(pk=box.pk).imap_password == "legacy-pass"


def test_rotation_reencrypts_and_the_old_keys_can_be_dropped(keys, personas):
    box = mailbox(personas)
    legacy = crypto.fernet_for(keys.SECRET_KEY).encrypt(b"legacy-pass").decode()
    Mailbox.objects.filter(pk=box.pk).update(smtp_password_encrypted=legacy)
    before = Mailbox.objects.get(pk=box.pk)
    webhook_secret = before.webhook_secret
    out = io.StringIO()
    call_command("rotate_encryption_key", stdout=out)
    lines = (keys.DATA_DIR / "encryption_key").read_text().split()
    assert len(lines) == 2 and lines[1] == OLD_KEY and lines[0] != OLD_KEY
    assert "3 stored secret(s) rotated" in out.getvalue()
    assert "inbox.Mailbox.smtp_password_encrypted: 1" in out.getvalue()
    assert "Restart" in out.getvalue()
    after = Mailbox.objects.get(pk=box.pk)
    assert after.imap_password_encrypted != before.imap_password_encrypted
    assert after.webhook_secret_encrypted != before.webhook_secret_encrypted
    # Only the new key, and another SECRET_KEY: everything still opens.
    keys.FRONTDESK_ENCRYPTION_KEY = lines[0]
    keys.SECRET_KEY = "another-secret-key-" + "s" * 40
    fresh = Mailbox.objects.get(pk=box.pk)
    assert (fresh.imap_password, fresh.smtp_password) == (IMAP_PASSWORD, "legacy-pass")
    assert fresh.webhook_secret == webhook_secret


def test_old_keys_are_dropped_only_when_nothing_needs_them(keys, personas):
    mailbox(personas)
    keys.FRONTDESK_ENCRYPTION_KEY = f"{'n' * 40},{OLD_KEY}"
    crypto.write_key_file(["n" * 40, OLD_KEY])
    with pytest.raises(SystemExit):
        call_command("rotate_encryption_key", drop_old_keys=True, stdout=io.StringIO())
    assert len((keys.DATA_DIR / "encryption_key").read_text().split()) == 2
    call_command("rotate_encryption_key", reencrypt=True, stdout=io.StringIO())
    call_command("rotate_encryption_key", drop_old_keys=True, stdout=io.StringIO())
    assert (keys.DATA_DIR / "encryption_key").read_text().split() == ["n" * 40]


def test_keys_from_the_environment_are_not_rewritten(keys, personas, monkeypatch):
    monkeypatch.setenv("FRONTDESK_ENCRYPTION_KEY", OLD_KEY)
    box = mailbox(personas)
    out = io.StringIO()
    call_command("rotate_encryption_key", stdout=out)
    assert "FRONTDESK_ENCRYPTION_KEY=" in out.getvalue() and "--reencrypt" in out.getvalue()
    assert (keys.DATA_DIR / "encryption_key").read_text().split() == [OLD_KEY]
    stored = Mailbox.objects.get(pk=box.pk).imap_password_encrypted
    assert stored == box.imap_password_encrypted


def test_the_key_file_is_generated_once_and_private(tmp_path, monkeypatch):
    monkeypatch.delenv("FRONTDESK_ENCRYPTION_KEY", raising=False)
    first = config.encryption_keys(tmp_path)
    assert config.encryption_keys(tmp_path) == first and len(first) >= 32
    mode = stat.S_IMODE(os.stat(tmp_path / "encryption_key").st_mode)
    assert mode == 0o600


def test_keys_from_the_environment_are_several_and_long(tmp_path, monkeypatch):
    monkeypatch.setenv("FRONTDESK_ENCRYPTION_KEY", f"{'a' * 32}, {'b' * 32}")
    assert config.encryption_keys(tmp_path) == f"{'a' * 32},{'b' * 32}"
    assert not (tmp_path / "encryption_key").exists()
    monkeypatch.setenv("FRONTDESK_ENCRYPTION_KEY", "short")
    with pytest.raises(config.ConfigError):
        config.encryption_keys(tmp_path)


def test_every_encrypted_column_is_registered_for_rotation():
    registered = {(entry.model, entry.field) for entry in crypto.registered()}
    declared = {
        (model, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.name.endswith("_encrypted")
    }
    assert declared <= registered, "register() these in the app's AppConfig.ready()"
