"""Secrets stored in the database (mailbox passwords) encrypted with a key from settings.

The key is FRONTDESK_ENCRYPTION_KEY when set, else derived from SECRET_KEY; Fernet gives
authenticated encryption, so a value tampered with in the database fails to decrypt
instead of yielding garbage.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class SecretUnreadable(Exception):
    """The stored secret was written with another key or altered."""


def _fernet() -> Fernet:
    material = getattr(settings, "FRONTDESK_ENCRYPTION_KEY", "") or settings.SECRET_KEY
    key = hashlib.sha256(b"frontdesk-secrets:" + material.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


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
