"""The emailed sign-in link of a customer (SECURITY.md 18): only its SHA-256 is stored."""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk.customers.models import Customer


class SignInLink(models.Model):
    customer = models.ForeignKey(
        Customer, on_delete=models.CASCADE, related_name="portal_sign_in_links"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # The customer's sign_in_version when the link was sent: a link sent before her
    # address changed no longer signs in.
    customer_version = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sign-in link")
        verbose_name_plural = _("sign-in links")
        indexes = [models.Index(fields=["customer", "used_at"], name="signinlink_customer")]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.created_at:%Y-%m-%d %H:%M}"

    def is_current(self) -> bool:
        """Sent for the customer's present sign-in address (see Customer.sign_in_version)."""
        return self.customer_version == self.customer.sign_in_version

    def is_usable(self, now: datetime) -> bool:
        return self.used_at is None and self.expires_at > now and self.is_current()
