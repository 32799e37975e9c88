"""Retention rules, and the marks left by an erasure or an anonymisation (no personal data)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk.accounts.models import Team
from frontdesk.customers.models import Customer
from frontdesk.privacy.choices import RetentionAction, RetentionBasis, RetentionStatus
from frontdesk.tickets.models import Ticket


class RetentionRule(models.Model):
    """Tickets in `status` for more than `age_days` (counted from when they were solved or
    closed, or from their last update), of `team` if given, are anonymised or deleted."""

    status = models.CharField(_("status"), max_length=10, choices=RetentionStatus.choices)
    age_days = models.PositiveIntegerField(_("older than (days)"))
    basis = models.CharField(
        _("counted"), max_length=10, choices=RetentionBasis.choices, default=RetentionBasis.STATUS
    )
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty: tickets of every team."),
    )
    action = models.CharField(_("action"), max_length=10, choices=RetentionAction.choices)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["status", "age_days", "pk"]
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention rules")

    def __str__(self) -> str:
        return f"{self.status} > {self.age_days}d {self.action}"


class AnonymisedTicket(models.Model):
    """A ticket whose text was erased (by a retention rule or a customer's erasure):
    retention rules pass over it, and the ticket page can say why it reads "[erased]"."""

    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    anonymised_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("anonymised ticket")
        verbose_name_plural = _("anonymised tickets")

    def __str__(self) -> str:
        return f"{self.ticket_id} anonymised {self.anonymised_at:%Y-%m-%d}"


class ErasedCustomer(models.Model):
    """The mark of an erased customer: when and by whom (never what was erased)."""

    customer = models.OneToOneField(
        Customer, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    erased_at = models.DateTimeField(default=timezone.now)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("erased customer")
        verbose_name_plural = _("erased customers")

    def __str__(self) -> str:
        return f"{self.customer_id} erased {self.erased_at:%Y-%m-%d}"
