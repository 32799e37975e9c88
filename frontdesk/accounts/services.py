"""The one write path for staff accounts and tokens."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from frontdesk.accounts.choices import Role
from frontdesk.accounts.models import (
    PUBLIC_TEXTS,
    ApiToken,
    Branch,
    Team,
    User,
    Workspace,
    hash_token,
)
from frontdesk.audit.services import changes, do_record_audit
from frontdesk.core.errors import Conflict, Forbidden, Invalid


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
    do_record_audit(action="member.created", target=user, after={"role": role})
    return user


@transaction.atomic
def do_create_api_token(*, user: User, name: str = "") -> str:
    """Create a personal API token; returns the raw token, shown once."""
    raw = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, token_hash=hash_token(raw))
    do_record_audit(action="token.created", target=user, after={"token": token.pk, "name": name})
    return raw


@transaction.atomic
def do_revoke_api_token(*, actor: User, token: ApiToken) -> ApiToken:
    """Switch a token off for good: its owner or an administrator. Revoking twice keeps
    the first time and records nothing new. The audit entry names the token, never its
    value (only its hash is stored anyway)."""
    if not actor.is_active or (token.user_id != actor.pk and not actor.is_admin):
        raise Forbidden(_("Only its owner or an administrator can revoke a token."))
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    do_record_audit(
        action="token.revoked",
        actor=actor,
        target=token.user,
        after={"token": token.pk, "name": token.name},
    )
    return token


def generate_password() -> str:
    return secrets.token_urlsafe(15)


# --- settings pages: workspace, teams, members (managers and administrators) ---------

WORKSPACE_FIELDS = (
    "name",
    "default_language",
    "agents_see_all_tickets",
    "response_promise_hours",
    "support_email",
    "support_phone",
    "tagline",
    "about",
    "address",
    "opening_hours",
    "next_steps",
    "texts",
)


def clean_public_texts(texts: object) -> dict[str, dict[str, str]]:
    """`Workspace.texts` as {offered language: {public text: text}}, blanks dropped."""
    offered = {code for code, _name in settings.LANGUAGES}
    if not isinstance(texts, dict):
        raise Invalid(_("The texts in other languages are not readable."), field="texts")
    cleaned: dict[str, dict[str, str]] = {}
    for language, values in texts.items():
        if language not in offered or not isinstance(values, dict):
            raise Invalid(_("Unknown language %(code)r.") % {"code": language}, field="texts")
        kept = {
            name: str(values.get(name) or "").strip()
            for name in PUBLIC_TEXTS
            if str(values.get(name) or "").strip()
        }
        if kept:
            cleaned[language] = kept
    return cleaned


def _require_manager(actor: User) -> None:
    if not actor.is_active or not actor.is_manager:
        raise Forbidden(_("Only managers and administrators can change settings."))


def ensure_can_grant_role(actor: User, role: str) -> None:
    """Only administrators make administrators; managers manage everyone else."""
    _require_manager(actor)
    if role not in Role.values:
        raise Invalid(_("Unknown role %(role)r.") % {"role": role}, field="role")
    if role == Role.ADMIN and not actor.is_admin:
        raise Forbidden(_("Only administrators can make someone an administrator."), field="role")


@transaction.atomic
def do_update_workspace(*, actor: User, **fields: object) -> Workspace:
    _require_manager(actor)
    unknown = set(fields) - set(WORKSPACE_FIELDS)
    if unknown:
        raise Invalid(_("Unknown setting %(name)r.") % {"name": sorted(unknown)[0]})
    if "texts" in fields:
        fields["texts"] = clean_public_texts(fields["texts"])
    workspace = Workspace.current(fresh=True)  # not the request's copy, shown on the page
    old = {name: getattr(workspace, name) for name in fields}
    for name, value in fields.items():
        setattr(workspace, name, value)
    workspace.full_clean()
    workspace.save()
    before, after = changes(old, {name: getattr(workspace, name) for name in fields})
    if after:
        do_record_audit(
            action="settings.changed", actor=actor, target=workspace, before=before, after=after
        )
    return workspace


def _team_name(name: str, *, exclude: int | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise Invalid(_("The team needs a name."), field="name")
    others = Team.objects.filter(name__iexact=name)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise Conflict(_("A team with this name already exists."), field="name")
    return name


@transaction.atomic
def do_create_team(*, actor: User, name: str, branch: Branch | None = None) -> Team:
    _require_manager(actor)
    return Team.objects.create(name=_team_name(name), branch=branch)


@transaction.atomic
def do_update_team(*, actor: User, team: Team, name: str, branch: Branch | None = None) -> Team:
    _require_manager(actor)
    team.name = _team_name(name, exclude=team.pk)
    team.branch = branch
    team.save(update_fields=["name", "branch"])
    return team


@transaction.atomic
def do_add_team_member(*, actor: User, team: Team, user: User) -> None:
    _require_manager(actor)
    if not user.is_active:
        raise Invalid(_("That user is not active."), field="user")
    team.members.add(user)
    do_record_audit(action="team.member_added", actor=actor, target=user, after={"team": team.name})


@transaction.atomic
def do_remove_team_member(*, actor: User, team: Team, user: User) -> None:
    _require_manager(actor)
    team.members.remove(user)
    do_record_audit(
        action="team.member_removed", actor=actor, target=user, before={"team": team.name}
    )


@transaction.atomic
def do_update_staff_user(
    *,
    actor: User,
    user: User,
    role: str,
    is_active: bool,
    first_name: str | None = None,
    last_name: str | None = None,
    email: str | None = None,
) -> User:
    """Change someone's role or switch their access off (takes effect on their next request)."""
    ensure_can_grant_role(actor, role)
    user = User.objects.select_for_update().get(pk=user.pk)
    old = {f: getattr(user, f) for f in ("role", "is_active", "first_name", "last_name", "email")}
    if user.is_admin and not actor.is_admin:
        raise Forbidden(_("Only administrators can change an administrator."))
    if user.pk == actor.pk and (role != user.role or not is_active):
        raise Invalid(_("You cannot change your own role or switch off your own access."))
    user.role = role
    user.is_active = is_active
    user.is_staff = role in {Role.ADMIN, Role.MANAGER}
    user.is_superuser = role == Role.ADMIN
    if first_name is not None:
        user.first_name = first_name.strip()
    if last_name is not None:
        user.last_name = last_name.strip()
    if email is not None:
        user.email = email.strip()
    user.save()
    _audit_member_change(actor, user, old)
    return user


def _audit_member_change(actor: User, user: User, old: dict[str, object]) -> None:
    before, after = changes(old, {name: getattr(user, name) for name in old})
    if "role" in after:
        do_record_audit(
            action="member.role_changed",
            actor=actor,
            target=user,
            before={"role": before["role"]},
            after={"role": after["role"]},
        )
    if "is_active" in after:
        action = "member.reactivated" if user.is_active else "member.deactivated"
        do_record_audit(action=action, actor=actor, target=user)
    details = {k: v for k, v in after.items() if k not in {"role", "is_active"}}
    if details:
        do_record_audit(
            action="member.changed",
            actor=actor,
            target=user,
            before={k: before[k] for k in details},
            after=details,
        )


@transaction.atomic
def do_update_two_factor_roles(*, actor: User, roles: list[str]) -> Workspace:
    """Administrators choose the roles that must sign in with a second factor."""
    if not actor.is_active or not actor.is_admin:
        raise Forbidden(_("Only administrators can change sign-in security."))
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise Invalid(_("Unknown role %(role)r.") % {"role": sorted(unknown)[0]}, field="roles")
    workspace = Workspace.current(fresh=True)
    workspace.two_factor_roles = [role for role in Role.values if role in roles]
    workspace.save(update_fields=["two_factor_roles"])
    do_record_audit(
        action="settings.two_factor_roles_changed",
        actor=actor,
        after={"roles": workspace.two_factor_roles},
    )
    return workspace
