"""Invitations: a new member gets a single-use link and sets their own password.

Nobody else ever types or sees a member's password (SECURITY.md 8, 9). The link is valid
for 7 days, only its SHA-256 is stored, a new invitation revokes the earlier ones, and
at use time the inviter must still be an active member allowed to grant the role.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.accounts.choices import Role
from frontdesk.accounts.emails import public_link, send_account_email_on_commit
from frontdesk.accounts.models import Invitation, Team, User, hash_token
from frontdesk.accounts.services import do_create_staff_user, ensure_can_grant_role
from frontdesk.audit.services import do_record_audit
from frontdesk.core.errors import Forbidden, Invalid

INVITATION_DAYS = 7


def invitation_link(raw: str) -> str:
    return public_link(reverse("accounts:invitation-accept", kwargs={"token": raw}))


def _issue(*, actor: User, user: User) -> str:
    now = timezone.now()
    Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True).update(
        revoked_at=now
    )
    raw = secrets.token_urlsafe(32)
    Invitation.objects.create(
        user=user,
        invited_by=actor,
        token_hash=hash_token(raw),
        created_at=now,
        expires_at=now + timedelta(days=INVITATION_DAYS),
    )
    link = invitation_link(raw)
    send_account_email_on_commit(
        user=user, template="invitation", context={"link": link, "inviter": actor}
    )
    do_record_audit(action="member.invited", actor=actor, target=user)
    return link


@transaction.atomic
def do_invite_member(
    *,
    actor: User,
    username: str,
    email: str,
    role: str = Role.AGENT,
    first_name: str = "",
    last_name: str = "",
    teams: list[Team] | None = None,
) -> tuple[User, str]:
    """Create the member without a password and invite them. Returns the member and the
    link (emailed to them, and shown once to the inviter for copying)."""
    ensure_can_grant_role(actor, role)
    if not email.strip():
        raise Invalid(_("The invitation is sent by email: enter their address."), field="email")
    user = do_create_staff_user(
        username=username,
        email=email.strip(),
        role=role,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        language=actor.language,
        teams=teams,
    )
    return user, _issue(actor=actor, user=user)


@transaction.atomic
def do_reinvite_member(*, actor: User, user: User) -> str:
    """A new link for a member who has not set a password yet (the old links stop working)."""
    ensure_can_grant_role(actor, user.role)
    if user.has_usable_password():
        raise Invalid(_("This member has already set a password."))
    if not user.is_active:
        raise Invalid(_("This member's access is switched off."))
    return _issue(actor=actor, user=user)


def _inviter_still_may(invitation: Invitation) -> bool:
    inviter = invitation.invited_by
    if inviter is None:
        return False
    try:
        ensure_can_grant_role(inviter, invitation.user.role)
    except (Forbidden, Invalid):
        return False
    return True


def open_invitation(raw: str, *, now: datetime | None = None) -> Invitation | None:
    """The invitation behind this link while it can still be used, else None."""
    now = now or timezone.now()
    invitation = (
        Invitation.objects.select_related("user", "invited_by")
        .filter(token_hash=hash_token(raw))
        .first()
    )
    if invitation is None or not invitation.is_open(now):
        return None
    if not invitation.user.is_active or invitation.user.has_usable_password():
        return None
    if not _inviter_still_may(invitation):
        return None
    return invitation


@transaction.atomic
def do_accept_invitation(*, raw: str, password: str) -> User:
    """Set the invitee's own password and use the link up."""
    found = open_invitation(raw)
    if found is None:
        raise Invalid(_("This invitation link is no longer valid. Ask for a new one."))
    invitation = Invitation.objects.select_for_update().get(pk=found.pk)
    if invitation.used_at is not None:
        raise Invalid(_("This invitation link is no longer valid. Ask for a new one."))
    user = User.objects.select_for_update().get(pk=invitation.user_id)
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise Invalid(" ".join(error.messages), field="new_password1") from None
    user.set_password(password)
    user.save(update_fields=["password"])
    now = timezone.now()
    invitation.used_at = now
    invitation.save(update_fields=["used_at"])
    Invitation.objects.filter(user=user, used_at__isnull=True).exclude(pk=invitation.pk).update(
        revoked_at=now
    )
    do_record_audit(action="member.invitation_accepted", actor=user, target=user)
    return user


def pending_invitation(user: User) -> Invitation | None:
    """The member's newest unused invitation (for the members list)."""
    return (
        Invitation.objects.filter(user=user, used_at__isnull=True, revoked_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
