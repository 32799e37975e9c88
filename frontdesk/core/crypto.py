"""Secrets stored in the database (mailbox passwords, webhook secrets…), encrypted (SECURITY.md 53).

Keys: FRONTDESK_ENCRYPTION_KEY (several comma-separated keys, newest first), else the file
`encryption_key` in the data directory (one key a line, newest first), generated on first
start. The key is its own, not the SECRET_KEY: a leaked SECRET_KEY does not open the
stored secrets. Values are written with the first key and read with any key
(MultiFernet); the key derived from SECRET_KEY, which older installations used, is
tried last so their secrets still open until `frontdesk rotate-encryption-key`
re-encrypts them. Fernet is authenticated: a value altered in the database fails to
decrypt instead of yielding garbage.

Apps declare their encrypted columns with `register(Model, "field", ...)` in their
AppConfig.ready(); rotation re-encrypts every declared column (`reencrypt_all`).
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models, transaction

from frontdesk.core.config import ENCRYPTION_KEY_FILE


class SecretUnreadable(Exception):
    """The stored secret was written with another key or altered."""


def fernet_for(material: str) -> Fernet:
    """The Fernet key for one key string (any text; derived, so old keys keep working)."""
    key = hashlib.sha256(b"frontdesk-secrets:" + material.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def configured_keys() -> list[str]:
    """The configured keys, newest first (without the legacy SECRET_KEY-derived one)."""
    raw = str(getattr(settings, "FRONTDESK_ENCRYPTION_KEY", "") or "")
    return [key.strip() for key in raw.split(",") if key.strip()]


def _keys(*, legacy: bool = True) -> list[str]:
    keys = configured_keys()
    if legacy and settings.SECRET_KEY not in keys:
        keys.append(settings.SECRET_KEY)  # read-only: what installations before 2026-12 wrote
    if not keys:
        raise SecretUnreadable("no encryption key is configured")
    return keys


def _fernet(*, legacy: bool = True) -> MultiFernet:
    return MultiFernet([fernet_for(key) for key in _keys(legacy=legacy)])


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode("ascii")


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, ValueError) as exc:
        raise SecretUnreadable("the stored secret cannot be decrypted with this key") from exc


def readable_with_current_key(token: str) -> bool:
    """Whether `token` opens with the newest key alone."""
    if not token:
        return True
    try:
        fernet_for(_keys()[0]).decrypt(token.encode("ascii"))
    except (InvalidToken, ValueError):
        return False
    return True


# --- the registry of encrypted columns and rotation -----------------------------------


@dataclass(frozen=True)
class EncryptedField:
    model: type[models.Model]
    field: str

    @property
    def label(self) -> str:
        return f"{self.model._meta.label}.{self.field}"


_REGISTRY: list[EncryptedField] = []


def register(model: type[models.Model], *fields: str) -> None:
    """Declare encrypted text columns of `model` (call from AppConfig.ready())."""
    for name in fields:
        model._meta.get_field(name)  # fails loudly on a typo
        entry = EncryptedField(model, name)
        if entry not in _REGISTRY:
            _REGISTRY.append(entry)


def registered() -> list[EncryptedField]:
    return list(_REGISTRY)


@dataclass
class RotationResult:
    field: str
    reencrypted: int = 0
    unreadable: int = 0


def reencrypt_all(*, batch_size: int = 500) -> list[RotationResult]:
    """Re-encrypt every stored secret with the newest key; each column in one transaction.

    Values no configured key opens are left as they are and counted as unreadable.
    """
    fernet = _fernet()
    results = []
    for entry in registered():
        result = RotationResult(entry.label)
        manager = entry.model._default_manager
        with transaction.atomic():
            rows = (
                manager.select_for_update()
                .exclude(**{entry.field: ""})
                .values_list("pk", entry.field)
                .order_by("pk")
            )
            for pk, token in rows.iterator(chunk_size=batch_size):
                try:
                    fresh = fernet.rotate(token.encode("ascii")).decode("ascii")
                except (InvalidToken, ValueError):
                    result.unreadable += 1
                    continue
                manager.filter(pk=pk).update(**{entry.field: fresh})
                result.reencrypted += 1
        results.append(result)
    return results


def stale_secrets() -> int:
    """How many stored secrets need an older key (0: the older keys can be dropped)."""
    stale = 0
    for entry in registered():
        tokens = (
            entry.model._default_manager.exclude(**{entry.field: ""})
            .values_list(entry.field, flat=True)
            .iterator()
        )
        for token in tokens:
            if not readable_with_current_key(token) and _opens(token):
                stale += 1
    return stale


def _opens(token: str) -> bool:
    try:
        decrypt(token)
    except SecretUnreadable:
        return False
    return True


# --- the key file ---------------------------------------------------------------------


def key_file() -> Path:
    return Path(settings.DATA_DIR) / ENCRYPTION_KEY_FILE


def keys_from_environment() -> bool:
    return bool(os.environ.get("FRONTDESK_ENCRYPTION_KEY", "").strip())


def new_key() -> str:
    return secrets.token_urlsafe(32)


def write_key_file(keys: list[str]) -> None:
    """Replace the key file at once (write a 0600 temporary file, then rename it)."""
    path = key_file()
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write("".join(f"{key}\n" for key in keys))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
