"""Two-factor sign-in: authenticator apps (TOTP), recovery codes, the per-role rule and
the attempt throttle. Passkeys (WebAuthn) are in passkeys.py.

Library choice: `pyotp` (small, RFC 6238, no Django coupling) instead of django-otp
(a plugin framework with its own models and admin we would not use); `segno` draws the
enrolment QR code as an inline SVG on the server, so the page needs no script.
The seed is stored encrypted (core/crypto.py); recovery codes only as SHA-256.

API tokens (`fds_…`) are not affected: a token is a credential of its own, created by
the member or an operator and revocable; the second factor guards the browser sign-in.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

import pyotp
import segno
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.accounts.choices import Role
from frontdesk.accounts.models import Passkey, RecoveryCode, TotpDevice, User, Workspace
from frontdesk.audit.services import do_record_audit
from frontdesk.core.crypto import decrypt, encrypt
from frontdesk.core.errors import Conflict, Invalid

RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i
MFA_FAILURES = 5  # wrong second factors per account before a wait (SECURITY.md 4)
MFA_WINDOW = 15 * 60
TOTP_INTERVAL = 30


# --- who needs a second factor ----------------------------------------------------------


def role_of(user: User) -> str:
    return Role.ADMIN if user.is_superuser else user.role


def two_factor_required(user: User) -> bool:
    """True when the workspace requires a second factor for this user's role."""
    return role_of(user) in (Workspace.current().two_factor_roles or [])


def has_totp(user: User) -> bool:
    return TotpDevice.objects.filter(user=user, confirmed_at__isnull=False).exists()


def has_second_factor(user: User) -> bool:
    return has_totp(user) or Passkey.objects.filter(user=user).exists()


# --- authenticator app ------------------------------------------------------------------


def _issuer() -> str:
    return Workspace.current().name or "Frontdesk"


def provisioning_uri(user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=_issuer())


def qr_svg(text: str) -> str:
    """The QR code as an SVG data URI for `<img src>` (allowed by the CSP's `img-src data:`),
    so no markup is ever marked safe in a template."""
    return str(segno.make(text, error="m").svg_data_uri(scale=5, light="#fff"))


def spaced(secret: str) -> str:
    """The seed in groups of four, for typing it in by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def do_start_totp(*, user: User) -> str:
    """A fresh, unconfirmed seed for this user (replacing an earlier unconfirmed one)."""
    if has_totp(user):
        raise Conflict(_("An authenticator app is already set up. Remove it first."))
    secret = pyotp.random_base32()
    TotpDevice.objects.update_or_create(
        user=user,
        defaults={
            "secret_encrypted": encrypt(secret),
            "created_at": timezone.now(),
            "confirmed_at": None,
            "last_used_step": 0,
        },
    )
    return secret


def pending_totp_secret(user: User) -> str | None:
    device = TotpDevice.objects.filter(user=user, confirmed_at__isnull=True).first()
    return decrypt(device.secret_encrypted) if device else None


def _normal_code(code: str) -> str:
    return "".join(ch for ch in code if ch.isdigit())


def _matching_step(device: TotpDevice, code: str, now: datetime) -> int | None:
    """The time step whose code this is (one step of clock drift either way), or None."""
    code = _normal_code(code)
    if len(code) != 6:
        return None
    totp = pyotp.TOTP(decrypt(device.secret_encrypted))
    step = int(now.timestamp()) // TOTP_INTERVAL
    for candidate in (step, step - 1, step + 1):
        if secrets.compare_digest(totp.at(candidate * TOTP_INTERVAL), code):
            return candidate
    return None


@transaction.atomic
def do_confirm_totp(*, user: User, code: str, now: datetime | None = None) -> list[str]:
    """Turn the pending seed on once the user typed a code from their app. Returns new
    recovery codes (shown once) when the user had none left."""
    now = now or timezone.now()
    device = (
        TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=True).first()
    )
    if device is None:
        raise Invalid(_("Start again: the set-up has expired."), field="code")
    step = _matching_step(device, code, now)
    if step is None:
        raise Invalid(
            _("That code does not match. Check the time on your phone and try the next code."),
            field="code",
        )
    device.confirmed_at = now
    device.last_used_step = step
    device.save(update_fields=["confirmed_at", "last_used_step"])
    do_record_audit(action="auth.second_factor_added", target=user, after={"kind": "totp"})
    if RecoveryCode.objects.filter(user=user, used_at__isnull=True).exists():
        return []
    return _new_recovery_codes(user)


@transaction.atomic
def do_verify_totp(*, user: User, code: str, now: datetime | None = None) -> bool:
    """True for a current code not used before (each code works once)."""
    now = now or timezone.now()
    device = (
        TotpDevice.objects.select_for_update().filter(user=user, confirmed_at__isnull=False).first()
    )
    if device is None:
        return False
    step = _matching_step(device, code, now)
    if step is None or step <= device.last_used_step:
        return False
    device.last_used_step = step
    device.save(update_fields=["last_used_step"])
    return True


@transaction.atomic
def do_remove_totp(*, user: User) -> None:
    TotpDevice.objects.filter(user=user).delete()
    _drop_codes_without_factor(user)
    do_record_audit(action="auth.second_factor_removed", target=user, before={"kind": "totp"})


def _drop_codes_without_factor(user: User) -> None:
    if not has_second_factor(user):
        RecoveryCode.objects.filter(user=user).delete()


# --- recovery codes ---------------------------------------------------------------------


def _code_hash(code: str) -> str:
    plain = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(plain.encode()).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _i in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _j in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, code_hash=_code_hash(code)) for code in codes
    )
    return codes


@transaction.atomic
def do_regenerate_recovery_codes(*, user: User) -> list[str]:
    """Ten new codes (the old ones stop working); shown once."""
    if not has_second_factor(user):
        raise Invalid(_("Set up an authenticator app or a passkey first."))
    return _new_recovery_codes(user)


def recovery_codes_left(user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


@transaction.atomic
def do_use_recovery_code(*, user: User, code: str) -> bool:
    """True once per code: the conditional update decides, even for two requests at once."""
    if not code.strip():
        return False
    used = RecoveryCode.objects.filter(
        user=user, code_hash=_code_hash(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    if used == 1:
        do_record_audit(action="auth.recovery_code_used", actor=user, target=user)
    return used == 1


# --- throttle ---------------------------------------------------------------------------


def _throttle_key(user: User) -> str:
    return f"mfa-fail:{user.pk}"


def mfa_throttled(user: User) -> bool:
    return (cache.get(_throttle_key(user)) or 0) >= MFA_FAILURES


def count_mfa_failure(user: User) -> None:
    key = _throttle_key(user)
    if not cache.add(key, 1, timeout=MFA_WINDOW):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=MFA_WINDOW)


def clear_mfa_failures(user: User) -> None:
    cache.delete(_throttle_key(user))
