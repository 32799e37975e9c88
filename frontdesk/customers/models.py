"""Customers (people) and the organizations they belong to (U1)."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk.core.languages import language_choices


class Organization(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    domain = models.CharField(_("email domain"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    vip = models.BooleanField(_("VIP"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name


class Customer(models.Model):
    name = models.CharField(_("name"), max_length=200, blank=True)
    email = models.EmailField(_("email"), max_length=254, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=language_choices, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    organization = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customers",
    )
    notes = models.TextField(_("notes"), blank=True)
    vip = models.BooleanField(_("VIP"), default=False)
    email_bounced_at = models.DateTimeField(_("email bouncing since"), null=True, blank=True)
    email_bounce_reason = models.CharField(_("bounce reason"), max_length=300, blank=True)
    # Raised whenever the sign-in address changes: portal sessions and sign-in links made
    # for an older version stop working (SECURITY.md 12).
    sign_in_version = models.PositiveIntegerField(_("sign-in version"), default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="customer_email_unique_ci"),
        ]

    def __str__(self) -> str:
        return self.name or self.email or f"#{self.pk}"

    @property
    def display_name(self) -> str:
        return self.name or (self.email or "").split("@")[0] or str(_("customer"))


class CustomerToken(models.Model):
    """An API token that acts as one customer; only its SHA-256 is stored."""

    PREFIX = "fdc_"

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=120, blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("customer API token")
        verbose_name_plural = _("customer API tokens")

    def __str__(self) -> str:
        return f"{self.customer} {self.name}".strip()
