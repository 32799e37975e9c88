"""The one write path for staff accounts and tokens."""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from frontdesk.accounts.choices import Role
from frontdesk.accounts.models import ApiToken, Team, User, hash_token
from frontdesk.core.errors import Conflict, Invalid


@transaction.atomic
def do_create_staff_user(
    *,
    username: str,
    email: str = "",
    role: str = Role.AGENT,
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    language: str = "en",
    teams: list[Team] | None = None,
) -> User:
    if role not in Role.values:
        raise Invalid(_("Unknown role %(role)r.") % {"role": role}, field="role")
    if User.objects.filter(username=username).exists():
        raise Conflict(_("A user with this name already exists."), field="username")
    user = User(
        username=username,
        email=email,
        role=role,
        first_name=first_name,
        last_name=last_name,
        language=language,
        is_staff=role in {Role.ADMIN, Role.MANAGER},
        is_superuser=role == Role.ADMIN,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    if teams:
        user.teams.set(teams)
    return user


@transaction.atomic
def do_create_api_token(*, user: User, name: str = "") -> str:
    """Create a personal API token; returns the raw token, shown once."""
    raw = ApiToken.PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, token_hash=hash_token(raw))
    return raw


def generate_password() -> str:
    return secrets.token_urlsafe(15)
