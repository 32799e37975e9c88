"""Staff users, roles, teams, branches, brands, workspace settings and API tokens."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from frontdesk.accounts.choices import Role
from frontdesk.core.languages import language_choices

# Workspace texts the help center shows, written once per language (`Workspace.texts`).
PUBLIC_TEXTS = ("tagline", "about", "next_steps", "opening_hours")


def default_sensitive_roles() -> list[str]:
    return [Role.MANAGER.value]


class User(AbstractUser):
    """A member of staff. Customers are not users (see customers.Customer)."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.AGENT)
    language = models.CharField(
        _("language"), max_length=10, choices=language_choices, default="en"
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    branch = models.ForeignKey(
        "accounts.Branch", null=True, blank=True, on_delete=models.SET_NULL, related_name="staff"
    )
    deadline_alert_emails = models.BooleanField(
        _("email me deadline alerts"),
        default=True,
        help_text=_("Warnings before a deadline and missed deadlines, also by email."),
    )
    # Branch restriction (X1, accounts/visibility.py): the flag restricts, the list says
    # where, so a deleted branch leaves its members restricted to fewer branches, never
    # unrestricted. Administrators are never restricted.
    branch_restricted = models.BooleanField(_("restricted to branches"), default=False)
    restricted_branches = models.ManyToManyField(
        "accounts.Branch", blank=True, related_name="restricted_members", verbose_name=_("branches")
    )

    class Meta:
        verbose_name = _("staff user")
        verbose_name_plural = _("staff users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def sees_all_tickets(self) -> bool:
        return self.is_superuser or self.role in {Role.ADMIN, Role.MANAGER}

    @property
    def is_manager(self) -> bool:
        return self.is_superuser or self.role in {Role.ADMIN, Role.MANAGER}

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or self.role == Role.ADMIN

    @property
    def can_reply_publicly(self) -> bool:
        return self.role != Role.LIGHT_AGENT


class Branch(models.Model):
    """A location of the business: shop, office, service point."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.CharField(_("country code"), max_length=2, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("branch")
        verbose_name_plural = _("branches")

    def __str__(self) -> str:
        return self.name


class Brand(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("brand")
        verbose_name_plural = _("brands")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    members = models.ManyToManyField(User, related_name="teams", blank=True)
    lead = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="led_teams"
    )
    branch = models.ForeignKey(Branch, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class Workspace(models.Model):
    """The business's own settings: one row per installation."""

    name = models.CharField(_("business name"), max_length=120, default="Frontdesk")
    default_language = models.CharField(
        _("default language"), max_length=10, choices=language_choices, default="en"
    )
    agents_see_all_tickets = models.BooleanField(
        _("agents see all tickets"),
        default=False,
        help_text=_("When off, agents see the tickets of their teams and those assigned to them."),
    )
    response_promise_hours = models.PositiveIntegerField(
        _("response promise (hours)"),
        default=24,
        help_text=_("The first-response time promised in acknowledgements."),
    )
    support_email = models.EmailField(_("support email"), blank=True)
    support_phone = models.CharField(_("support phone"), max_length=40, blank=True)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    about = models.TextField(_("about the business"), blank=True)
    address = models.CharField(_("main address"), max_length=255, blank=True)
    opening_hours = models.TextField(_("opening hours"), blank=True)
    next_steps = models.TextField(
        _("what happens next"),
        blank=True,
        help_text=_("Shown to customers after they send a request, below the usual steps."),
    )
    # The public texts (PUBLIC_TEXTS) in languages other than the default one:
    # {language: {field: text}}; the fields above hold the default language's text.
    texts = models.JSONField(_("texts in other languages"), default=dict, blank=True)
    # Roles (Role values) whose members must sign in with a second factor (accounts/mfa.py).
    two_factor_roles = models.JSONField(
        _("two-factor sign-in required for"), default=list, blank=True
    )
    # Roles (Role values) who see tickets marked sensitive; administrators and the
    # assignee always do (accounts/visibility.py).
    sensitive_roles = models.JSONField(
        _("sensitive tickets visible to"), default=default_sensitive_roles
    )

    class Meta:
        verbose_name = _("workspace settings")
        verbose_name_plural = _("workspace settings")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        super().save(*args, **kwargs)
        memo = _request_workspace.get()
        if memo is not None:
            memo.clear()

    def text(self, name: str, language: str) -> str:
        """The public text `name` in `language`, else in the default language."""
        if language and language != self.default_language:
            translated = (self.texts.get(language) or {}).get(name, "")
            if translated:
                return str(translated)
        return str(getattr(self, name))

    @property
    def local(self) -> dict[str, str]:
        """The public texts in the active language (the visitor's), for templates."""
        language = translation.get_language() or ""
        return {name: self.text(name, language) for name in PUBLIC_TEXTS}

    @classmethod
    def current(cls, *, fresh: bool = False) -> Workspace:
        """The one row (created on first use). Inside `request_scope` it is read once
        per request; `fresh` reads it anyway (to change it), and a save re-reads it."""
        memo = _request_workspace.get()
        if memo and not fresh:
            return memo[0]
        workspace = cls.objects.order_by("pk").first()
        if workspace is None:
            workspace, _created = cls.objects.get_or_create(pk=1)
        if memo is not None and not fresh:
            memo.append(workspace)
        return workspace

    @staticmethod
    @contextmanager
    def request_scope() -> Iterator[None]:
        """Remember `current()` until the block ends (one request: see
        `accounts.middleware.WorkspaceMiddleware`); never across requests."""
        token = _request_workspace.set([])
        try:
            yield
        finally:
            _request_workspace.reset(token)


# The workspace read in this request, when one is being served (`request_scope`).
_request_workspace: ContextVar[list[Workspace] | None] = ContextVar(
    "frontdesk_request_workspace", default=None
)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token of a staff user; only its SHA-256 is stored."""

    PREFIX = "fds_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=120, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user} {self.name}".strip()


class Invitation(models.Model):
    """A single-use link that lets a new member set their own password; only its
    SHA-256 is stored. Valid while unused, unexpired, not revoked, and while the inviter
    may still grant the member's role (checked when it is used: accounts/invitations.py)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        User, null=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"

    def is_open(self, now: Any) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at


class TotpDevice(models.Model):
    """An authenticator app (RFC 6238). The seed is encrypted with core/crypto.py; the
    device counts once `confirmed_at` is set (the user typed a code from it)."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="totp_device")
    secret_encrypted = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_used_step = models.BigIntegerField(default=0)  # a code is accepted once

    class Meta:
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    def __str__(self) -> str:
        return str(self.user)


class RecoveryCode(models.Model):
    """A single-use code for when the authenticator is lost; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        indexes = [models.Index(fields=["user", "code_hash"], name="recovery_code_user_hash")]

    def __str__(self) -> str:
        return str(self.user)


class Passkey(models.Model):
    """A WebAuthn credential (security key or platform passkey) of a staff user."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="passkeys")
    name = models.CharField(_("name"), max_length=80)
    credential_id = models.CharField(max_length=1400, unique=True)  # base64url
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("passkey")
        verbose_name_plural = _("passkeys")

    def __str__(self) -> str:
        return f"{self.user} {self.name}"
