"""Mailboxes and every email received, stored raw before it is parsed (C1, X4)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk.accounts.models import Team
from frontdesk.core import crypto
from frontdesk.inbox.choices import InboundStatus, Outcome, Security, Source
from frontdesk.tickets.models import Message, Ticket


class Mailbox(models.Model):
    """A support address: where mail is fetched from (IMAP) and replies are sent from."""

    name = models.CharField(_("name"), max_length=120)
    address = models.EmailField(_("address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=120, blank=True)
    team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("New tickets from this mailbox go to this team."),
    )
    active = models.BooleanField(_("active"), default=True)
    imap_host = models.CharField(_("IMAP host"), max_length=255, blank=True)
    imap_port = models.PositiveIntegerField(_("IMAP port"), default=993)
    imap_security = models.CharField(
        _("IMAP security"), max_length=10, choices=Security.choices, default=Security.SSL
    )
    imap_username = models.CharField(_("IMAP user"), max_length=255, blank=True)
    imap_password_encrypted = models.TextField(blank=True)
    imap_folder = models.CharField(_("IMAP folder"), max_length=255, default="INBOX")
    poll_interval_seconds = models.PositiveIntegerField(_("poll every (seconds)"), default=60)
    start_from_now = models.BooleanField(
        _("start from now"),
        default=True,
        help_text=_("Ignore the mail already in the folder when the mailbox is first polled."),
    )
    imap_uidvalidity = models.BigIntegerField(null=True, blank=True)
    imap_last_uid = models.BigIntegerField(default=0)
    poll_lease_until = models.DateTimeField(null=True, blank=True)
    last_polled_at = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    smtp_host = models.CharField(
        _("SMTP host"), max_length=255, blank=True, help_text=_("Blank: the global mail server.")
    )
    smtp_port = models.PositiveIntegerField(_("SMTP port"), default=587)
    smtp_security = models.CharField(
        _("SMTP security"), max_length=10, choices=Security.choices, default=Security.STARTTLS
    )
    smtp_username = models.CharField(_("SMTP user"), max_length=255, blank=True)
    smtp_password_encrypted = models.TextField(blank=True)
    webhook_secret_encrypted = models.TextField(blank=True)
    trusted_authserv_ids = models.CharField(
        _("trusted receiving server"),
        max_length=255,
        blank=True,
        help_text=_(
            "The authserv-id that the server receiving this address's mail from the "
            "internet writes first in its Authentication-Results header, e.g. mx.google.com. "
            "Only its results count; several are separated by spaces. Microsoft 365 writes "
            "no name: enter unnamed. Blank: no sender is verified, and a reply that names a "
            "ticket only in its subject opens a new ticket."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>"

    @property
    def imap_password(self) -> str:
        return crypto.decrypt(self.imap_password_encrypted)

    @property
    def smtp_password(self) -> str:
        return crypto.decrypt(self.smtp_password_encrypted)

    @property
    def webhook_secret(self) -> str:
        return crypto.decrypt(self.webhook_secret_encrypted)

    @property
    def polls_imap(self) -> bool:
        return bool(self.active and self.imap_host and self.imap_username)


class InboundEmail(models.Model):
    """One received email, raw bytes first; exactly one per Message-ID (or content hash)."""

    mailbox = models.ForeignKey(
        Mailbox, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound"
    )
    source = models.CharField(_("source"), max_length=8, choices=Source.choices)
    dedupe_key = models.CharField(max_length=300, unique=True)
    message_id = models.CharField(_("Message-ID"), max_length=300, blank=True)
    sha256 = models.CharField(max_length=64)
    raw = models.BinaryField(_("raw message"))
    size = models.PositiveIntegerField(_("size"))
    imap_uid = models.BigIntegerField(null=True, blank=True)
    from_address = models.CharField(_("from"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=250, blank=True)
    recipients = models.JSONField(default=list, blank=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=InboundStatus.choices,
        default=InboundStatus.RECEIVED,
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, blank=True)
    ticket = models.ForeignKey(
        Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_emails"
    )
    ticket_message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="inbound_emails"
    )
    error = models.TextField(_("error"), blank=True)
    warning = models.TextField(
        _("warning"), blank=True, help_text=_("What the agent should know about this email.")
    )
    accept_unverified = models.BooleanField(
        default=False, help_text=_("An administrator let it through after review.")
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("received email")
        verbose_name_plural = _("received emails")
        indexes = [
            models.Index(fields=["status", "received_at"], name="inbound_status"),
            models.Index(fields=["ticket", "received_at"], name="inbound_ticket"),
        ]

    def __str__(self) -> str:
        return f"{self.message_id or self.sha256[:12]} ({self.status})"
