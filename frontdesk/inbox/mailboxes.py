"""The write path for mailboxes (support addresses): administrators only.

Passwords and the webhook secret are stored only encrypted (SECURITY.md 53). A blank
password on update keeps the stored one, so a form never has to echo it back.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from frontdesk.accounts.models import Team, User
from frontdesk.audit.services import changes as audit_changes
from frontdesk.audit.services import do_record_audit
from frontdesk.core import crypto
from frontdesk.core.errors import Forbidden, Invalid
from frontdesk.core.text import one_line
from frontdesk.inbox.choices import Security
from frontdesk.inbox.email.authresults import trusted_ids
from frontdesk.inbox.models import Mailbox

UNSET: Any = object()
MIN_POLL_INTERVAL = 10
MAX_POLL_INTERVAL = 24 * 3600
_AUTHSERV_ID = re.compile(r"^[a-z0-9][a-z0-9._-]{0,252}$")
_LOOPBACK = {"localhost", "127.0.0.1", "::1", "[::1]"}
# Changing where we read from starts the position in the folder afresh.
_POSITION_FIELDS = ("imap_host", "imap_username", "imap_folder")


def _require_admin(actor: User) -> None:
    if not isinstance(actor, User) or not actor.is_active or not actor.is_admin:
        raise Forbidden(_("Only administrators can change mailboxes."))


def _host(value: str, field: str) -> str:
    host = one_line(value, 255)
    if any(ch in host for ch in " /\\@?#"):
        raise Invalid(_("Enter a host name or IP address, without a scheme or path."), field=field)
    return host


def _port(value: Any, field: str) -> int:
    try:
        port = int(value)
    except (TypeError, ValueError):
        port = 0
    if not 1 <= port <= 65535:
        raise Invalid(_("Enter a port between 1 and 65535."), field=field)
    return port


def _security(value: str, host: str, field: str) -> str:
    if value not in Security.values:
        raise Invalid(_("Choose a connection security."), field=field)
    if value == Security.NONE and host and host.lower() not in _LOOPBACK:
        raise Invalid(
            _("Without TLS the password crosses the network in clear: only for this machine."),
            field=field,
        )
    return value


def _password(value: str, field: str) -> str:
    if any(ch in value for ch in "\r\n\x00"):
        raise Invalid(_("The password cannot contain line breaks."), field=field)
    return value


def _address(value: str, mailbox: Mailbox | None) -> str:
    address = one_line(value, 254).lower()
    try:
        validate_email(address)
    except ValidationError:
        raise Invalid(_("Enter a valid email address."), field="address") from None
    taken = Mailbox.objects.filter(address__iexact=address)
    if mailbox is not None:
        taken = taken.exclude(pk=mailbox.pk)
    if taken.exists():
        raise Invalid(_("Another mailbox already uses this address."), field="address")
    return address


def _authserv_ids(value: str) -> str:
    """Server names (authserv-ids) separated by spaces; `unnamed` for Microsoft 365."""
    ids = sorted(trusted_ids(one_line(value or "", 255)))
    if any(not _AUTHSERV_ID.match(item) for item in ids):
        raise Invalid(
            _("Enter server names such as mx.google.com, separated by spaces."),
            field="trusted_authserv_ids",
        )
    return " ".join(ids)[:255]


def _retype_password() -> str:
    return _(
        "Type the password again when you change the server or the user: a stored "
        "password is only sent to the server it was entered for."
    )


def _moved(mailbox: Mailbox, kind: str, host: str, username: str) -> bool:
    """The stored password would now go to another server or user than it was typed for."""
    before = (getattr(mailbox, f"{kind}_host"), getattr(mailbox, f"{kind}_username"))
    return mailbox.pk is not None and before != (host, username)


def _apply(mailbox: Mailbox, values: dict[str, Any], *, new: bool) -> None:
    """Validate the given values (the others keep the mailbox's) and set them."""

    def get(name: str) -> Any:
        return values[name] if name in values else getattr(mailbox, name)

    name = one_line(get("name"), 120)
    if not name:
        raise Invalid(_("The mailbox needs a name."), field="name")
    address = _address(get("address"), None if new else mailbox)
    team = get("team")
    if team is not None and not isinstance(team, Team):
        raise Invalid(_("Choose a team."), field="team")
    imap_host = _host(get("imap_host"), "imap_host")
    imap_username = one_line(get("imap_username"), 255)
    imap_password = _password(values.get("imap_password") or "", "imap_password")
    # All three or none; a stored password counts unless the server and user are cleared.
    stored = bool(mailbox.imap_password_encrypted) and bool(imap_host or imap_username)
    has_imap_password = bool(imap_password) or stored
    present = {
        "imap_host": bool(imap_host),
        "imap_username": bool(imap_username),
        "imap_password": has_imap_password,
    }
    if any(present.values()) and not all(present.values()):
        raise Invalid(
            _("To fetch mail by IMAP, fill in the server, the user and the password."),
            field=next(field for field, filled in present.items() if not filled),
        )
    if stored and not imap_password and _moved(mailbox, "imap", imap_host, imap_username):
        raise Invalid(_retype_password(), field="imap_password")
    poll = get("poll_interval_seconds")
    try:
        poll = int(poll)
    except (TypeError, ValueError):
        poll = 0
    if not MIN_POLL_INTERVAL <= poll <= MAX_POLL_INTERVAL:
        raise Invalid(
            _("Poll every %(min)s to %(max)s seconds.")
            % {"min": MIN_POLL_INTERVAL, "max": MAX_POLL_INTERVAL},
            field="poll_interval_seconds",
        )
    smtp_host = _host(get("smtp_host"), "smtp_host")
    smtp_username = one_line(get("smtp_username"), 255)
    smtp_password = _password(values.get("smtp_password") or "", "smtp_password")
    if smtp_password and not smtp_username:
        raise Invalid(_("A password needs a user name."), field="smtp_username")
    smtp_stored = bool(mailbox.smtp_password_encrypted) and bool(smtp_username)
    if smtp_stored and not smtp_password and _moved(mailbox, "smtp", smtp_host, smtp_username):
        raise Invalid(_retype_password(), field="smtp_password")

    old_position = tuple(getattr(mailbox, field) for field in _POSITION_FIELDS)
    mailbox.name = name
    mailbox.address = address
    mailbox.display_name = one_line(get("display_name"), 120)
    mailbox.team = team
    mailbox.active = bool(get("active"))
    mailbox.imap_host = imap_host
    mailbox.imap_port = _port(get("imap_port"), "imap_port")
    mailbox.imap_security = _security(get("imap_security"), imap_host, "imap_security")
    mailbox.imap_username = imap_username
    mailbox.imap_folder = one_line(get("imap_folder"), 255) or "INBOX"
    mailbox.poll_interval_seconds = poll
    mailbox.start_from_now = bool(get("start_from_now"))
    mailbox.smtp_host = smtp_host
    mailbox.smtp_port = _port(get("smtp_port"), "smtp_port")
    mailbox.smtp_security = _security(get("smtp_security"), smtp_host, "smtp_security")
    mailbox.smtp_username = smtp_username
    mailbox.trusted_authserv_ids = _authserv_ids(get("trusted_authserv_ids"))
    if imap_password:
        mailbox.imap_password_encrypted = crypto.encrypt(imap_password)
    elif not has_imap_password:
        mailbox.imap_password_encrypted = ""
    if smtp_password:
        mailbox.smtp_password_encrypted = crypto.encrypt(smtp_password)
    elif not smtp_username:
        mailbox.smtp_password_encrypted = ""
    if not new and old_position != tuple(getattr(mailbox, f) for f in _POSITION_FIELDS):
        mailbox.imap_uidvalidity = None
        mailbox.imap_last_uid = 0
        mailbox.last_error = ""


@transaction.atomic
def do_create_mailbox(
    *,
    actor: User,
    name: str,
    address: str,
    display_name: str = "",
    team: Team | None = None,
    imap_host: str = "",
    imap_port: int = 993,
    imap_security: str = Security.SSL,
    imap_username: str = "",
    imap_password: str = "",
    imap_folder: str = "INBOX",
    poll_interval_seconds: int = 60,
    start_from_now: bool = True,
    smtp_host: str = "",
    smtp_port: int = 587,
    smtp_security: str = Security.STARTTLS,
    smtp_username: str = "",
    smtp_password: str = "",
    trusted_authserv_ids: str = "",
    active: bool = True,
) -> Mailbox:
    _require_admin(actor)
    values = {key: value for key, value in locals().items() if key != "actor"}
    mailbox = Mailbox()
    _apply(mailbox, values, new=True)
    mailbox.webhook_secret_encrypted = crypto.encrypt(secrets.token_urlsafe(32))
    mailbox.save()
    return mailbox


@transaction.atomic
def do_update_mailbox(
    *,
    actor: User,
    mailbox: Mailbox,
    name: str = UNSET,
    address: str = UNSET,
    display_name: str = UNSET,
    team: Team | None = UNSET,
    imap_host: str = UNSET,
    imap_port: int = UNSET,
    imap_security: str = UNSET,
    imap_username: str = UNSET,
    imap_password: str = "",
    imap_folder: str = UNSET,
    poll_interval_seconds: int = UNSET,
    start_from_now: bool = UNSET,
    smtp_host: str = UNSET,
    smtp_port: int = UNSET,
    smtp_security: str = UNSET,
    smtp_username: str = UNSET,
    smtp_password: str = "",
    trusted_authserv_ids: str = UNSET,
    active: bool = UNSET,
) -> Mailbox:
    """Change a mailbox; a blank password keeps the stored one."""
    _require_admin(actor)
    values = {
        key: value
        for key, value in locals().items()
        if key not in {"actor", "mailbox"} and value is not UNSET
    }
    mailbox = Mailbox.objects.select_for_update().get(pk=mailbox.pk)
    audited = [name for name in values if not name.endswith("_password")]
    old = {name: getattr(mailbox, name) for name in audited}
    old_secrets = (mailbox.imap_password_encrypted, mailbox.smtp_password_encrypted)
    _apply(mailbox, values, new=False)
    mailbox.save()
    before, after = audit_changes(old, {name: getattr(mailbox, name) for name in audited})
    if old_secrets != (mailbox.imap_password_encrypted, mailbox.smtp_password_encrypted):
        before["passwords"], after["passwords"] = "…", "changed"  # never the secret itself
    if after:
        do_record_audit(
            action="settings.mailbox_changed",
            actor=actor,
            target=mailbox,
            before=before,
            after=after,
        )
    return mailbox


@transaction.atomic
def do_rotate_webhook_secret(*, actor: User, mailbox: Mailbox) -> str:
    """A new webhook secret (the old one stops working at once); returned to show once."""
    _require_admin(actor)
    secret = secrets.token_urlsafe(32)
    Mailbox.objects.filter(pk=mailbox.pk).update(webhook_secret_encrypted=crypto.encrypt(secret))
    return secret
