"""Password reset links, changing one's own password, and one's own profile.

Reset links use Django's PasswordResetTokenGenerator: the token expires after
PASSWORD_RESET_TIMEOUT (one hour), and it hashes the password and the last sign-in, so
using it (the password changes) or changing the password any other way voids it. A
reset never signs anyone in: the next sign-in still asks for the second factor.
"""

from __future__ import annotations

from zoneinfo import available_timezones

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

from frontdesk.accounts.emails import public_link, send_account_email_on_commit
from frontdesk.accounts.models import User
from frontdesk.audit.services import do_record_audit
from frontdesk.core.errors import Forbidden, Invalid


def reset_link(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return public_link(reverse("accounts:password-reset", kwargs={"uid": uid, "token": token}))


def _send_reset(user: User) -> None:
    minutes = settings.PASSWORD_RESET_TIMEOUT // 60
    send_account_email_on_commit(
        user=user, template="password_reset", context={"link": reset_link(user), "minutes": minutes}
    )
    do_record_audit(action="auth.password_reset_requested", target=user)


@transaction.atomic
def do_request_password_reset(*, email: str) -> None:
    """“Forgot password”: mail a link to every active member with this address and a
    password. Says nothing about whether the address is known."""
    email = email.strip()
    if not email:
        return
    users = User.objects.filter(email__iexact=email, is_active=True)
    for user in users:
        if user.has_usable_password():
            _send_reset(user)


@transaction.atomic
def do_send_password_reset(*, actor: User, user: User) -> None:
    """An administrator sends a member a reset link; nobody but the member sees it."""
    if not actor.is_active or not actor.is_admin:
        raise Forbidden(_("Only administrators can send a password reset link."))
    if not user.is_active:
        raise Invalid(_("This member's access is switched off."))
    if not user.email:
        raise Invalid(_("This member has no email address. Add one first."))
    _send_reset(user)


def user_for_reset(uid: str, token: str) -> User | None:
    """The member this reset link is for while the link is valid, else None."""
    try:
        pk = int(urlsafe_base64_decode(uid).decode())
    except (ValueError, TypeError, UnicodeDecodeError):
        return None
    user = User.objects.filter(pk=pk, is_active=True).first()
    if user is None or not default_token_generator.check_token(user, token):
        return None
    return user


def _validated(password: str, user: User, field: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise Invalid(" ".join(error.messages), field=field) from None


@transaction.atomic
def do_reset_password(*, uid: str, token: str, password: str) -> User:
    user = user_for_reset(uid, token)
    if user is None:
        raise Invalid(_("This reset link is no longer valid. Ask for a new one."))
    user = User.objects.select_for_update().get(pk=user.pk)
    if not default_token_generator.check_token(user, token):  # used in the meantime
        raise Invalid(_("This reset link is no longer valid. Ask for a new one."))
    _validated(password, user, "new_password1")
    user.set_password(password)
    user.save(update_fields=["password"])
    do_record_audit(action="auth.password_reset", actor=user, target=user)
    return user


@transaction.atomic
def do_change_own_password(*, user: User, current: str, new: str) -> User:
    """Change one's own password; the current one is required."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.check_password(current):
        raise Invalid(_("Your current password is not correct."), field="current_password")
    _validated(new, user, "new_password1")
    user.set_password(new)
    user.save(update_fields=["password"])
    do_record_audit(action="auth.password_changed", actor=user, target=user)
    return user


def valid_time_zones() -> set[str]:
    return available_timezones() | {"UTC"}


@transaction.atomic
def do_update_own_profile(
    *, user: User, language: str, time_zone: str, deadline_alert_emails: bool
) -> User:
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise Invalid(_("Choose one of the offered languages."), field="language")
    if time_zone not in valid_time_zones():
        raise Invalid(_("Choose a time zone from the list."), field="time_zone")
    user = User.objects.select_for_update().get(pk=user.pk)
    user.language = language
    user.time_zone = time_zone
    user.deadline_alert_emails = deadline_alert_emails
    user.save(update_fields=["language", "time_zone", "deadline_alert_emails"])
    return user
