"""Account emails (invitation, password reset) and the public links they carry.

Links are built from FRONTDESK_BASE_URL only, never from the request's Host or
X-Forwarded-Host (SECURITY.md 7): a forged header cannot send a reset link elsewhere.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from frontdesk.accounts.models import User, Workspace
from frontdesk.core.languages import first_offered


def public_link(path: str) -> str:
    base = (settings.FRONTDESK_BASE_URL or "http://localhost:8000").rstrip("/")
    return base + path


def _language(user: User) -> str:
    return first_offered(user.language, Workspace.current().default_language)


def send_account_email_on_commit(*, user: User, template: str, context: dict[str, object]) -> None:
    """Render `accounts/email/<template>_subject.txt` and `_body.txt` in the user's
    language and send them after the surrounding transaction commits."""
    if not user.email:
        return
    with translation.override(_language(user)):
        full = {"user": user, "workspace": Workspace.current(), **context}
        subject = " ".join(render_to_string(f"accounts/email/{template}_subject.txt", full).split())
        body = render_to_string(f"accounts/email/{template}_body.txt", full)
    mail = EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        # A notification no person wrote: auto-responders must not answer it (RFC 3834).
        headers={"Auto-Submitted": "auto-generated", "X-Auto-Response-Suppress": "All"},
    )
    transaction.on_commit(mail.send)
