"""Passkeys and security keys (WebAuthn) as a second factor for staff, with py_webauthn.

The relying party is the public address in FRONTDESK_BASE_URL, never the request's Host:
its host name is the RP ID and its origin the only origin accepted. Challenges live in
the session for one ceremony and are used once.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import (
    base64url_to_bytes,
    bytes_to_base64url,
    parse_authentication_credential_json,
)
from webauthn.helpers.exceptions import InvalidAuthenticationResponse, InvalidRegistrationResponse
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from frontdesk.accounts.mfa import has_second_factor
from frontdesk.accounts.models import Passkey, RecoveryCode, User, Workspace
from frontdesk.audit.services import do_record_audit
from frontdesk.core.errors import Invalid

REGISTER_KEY = "fd_passkey_register"
SIGN_IN_KEY = "fd_passkey_sign_in"


def public_origin() -> str:
    """scheme://host[:port] of FRONTDESK_BASE_URL (http://localhost:8000 when unset)."""
    parts = urlsplit(settings.FRONTDESK_BASE_URL or "http://localhost:8000")
    return f"{parts.scheme}://{parts.netloc}"


def rp_id() -> str:
    return urlsplit(public_origin()).hostname or "localhost"


def _descriptors(user: User) -> list[PublicKeyCredentialDescriptor]:
    ids = Passkey.objects.filter(user=user).values_list("credential_id", flat=True)
    return [PublicKeyCredentialDescriptor(id=base64url_to_bytes(i)) for i in ids]


def registration_options(request: HttpRequest, user: User) -> str:
    """The options for navigator.credentials.create(), as JSON; remembers the challenge."""
    options = generate_registration_options(
        rp_id=rp_id(),
        rp_name=Workspace.current().name or "Frontdesk",
        user_name=user.username,
        user_id=f"frontdesk-user-{user.pk}".encode(),
        user_display_name=str(user),
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    request.session[REGISTER_KEY] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


def _take_challenge(request: HttpRequest, key: str) -> bytes | None:
    value = request.session.pop(key, None)
    return base64url_to_bytes(value) if isinstance(value, str) else None


@transaction.atomic
def do_add_passkey(*, request: HttpRequest, user: User, credential: str, name: str) -> Passkey:
    """Verify the browser's answer to the registration challenge and keep the key."""
    challenge = _take_challenge(request, REGISTER_KEY)
    if challenge is None:
        raise Invalid(_("The passkey request has expired. Try again."))
    try:
        verified = verify_registration_response(
            credential=credential,
            expected_challenge=challenge,
            expected_rp_id=rp_id(),
            expected_origin=public_origin(),
        )
    except (InvalidRegistrationResponse, ValueError, KeyError, TypeError) as error:
        raise Invalid(_("The passkey could not be checked: %(error)s") % {"error": error}) from None
    credential_id = bytes_to_base64url(verified.credential_id)
    if Passkey.objects.filter(credential_id=credential_id).exists():
        raise Invalid(_("This passkey is already registered."))
    passkey = Passkey.objects.create(
        user=user,
        name=(name.strip() or _("Passkey"))[:80],
        credential_id=credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
    )
    do_record_audit(action="auth.second_factor_added", target=user, after={"kind": "passkey"})
    return passkey


@transaction.atomic
def do_remove_passkey(*, user: User, passkey_id: int) -> None:
    Passkey.objects.filter(user=user, pk=passkey_id).delete()
    if not has_second_factor(user):
        RecoveryCode.objects.filter(user=user).delete()
    do_record_audit(action="auth.second_factor_removed", target=user, before={"kind": "passkey"})


def authentication_options(request: HttpRequest, user: User) -> str:
    """The options for navigator.credentials.get() limited to this user's keys."""
    options = generate_authentication_options(
        rp_id=rp_id(),
        allow_credentials=_descriptors(user),
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    request.session[SIGN_IN_KEY] = bytes_to_base64url(options.challenge)
    return options_to_json(options)


@transaction.atomic
def do_verify_passkey(*, request: HttpRequest, user: User, credential: str) -> bool:
    """True when the browser signed this session's challenge with one of the user's keys."""
    challenge = _take_challenge(request, SIGN_IN_KEY)
    if challenge is None:
        return False
    try:
        parsed = parse_authentication_credential_json(credential)
    except (ValueError, KeyError, TypeError):
        return False
    passkey = (
        Passkey.objects.select_for_update()
        .filter(user=user, credential_id=bytes_to_base64url(parsed.raw_id))
        .first()
    )
    if passkey is None:
        return False
    try:
        verified = verify_authentication_response(
            credential=parsed,
            expected_challenge=challenge,
            expected_rp_id=rp_id(),
            expected_origin=public_origin(),
            credential_public_key=bytes(passkey.public_key),
            credential_current_sign_count=passkey.sign_count,
        )
    except (InvalidAuthenticationResponse, ValueError, KeyError, TypeError):
        return False
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = timezone.now()
    passkey.save(update_fields=["sign_count", "last_used_at"])
    return True
