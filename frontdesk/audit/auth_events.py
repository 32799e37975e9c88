"""Sign-in, failed sign-in and sign-out of staff, from Django's own auth signals.

These are Django's signals, not ours: the house rule against signals is about our models.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.http import HttpRequest

from frontdesk.audit.services import ANONYMOUS, Actor, do_record_audit


def on_signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    do_record_audit(action="auth.sign_in", actor=user, request=request, target=user)


def on_sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The name typed (Django has already replaced the password with stars).
    attempted = str(credentials.get("username") or credentials.get("email") or "")
    actor = Actor(ANONYMOUS.kind, None, attempted)
    do_record_audit(action="auth.sign_in_failed", actor=actor, request=request)


def on_signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    do_record_audit(action="auth.sign_out", actor=user, request=request, target=user)


def connect() -> None:
    user_logged_in.connect(on_signed_in, dispatch_uid="audit-sign-in")
    user_login_failed.connect(on_sign_in_failed, dispatch_uid="audit-sign-in-failed")
    user_logged_out.connect(on_signed_out, dispatch_uid="audit-sign-out")
