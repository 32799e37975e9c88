"""Tickets (conversations), their messages, attachments, events, tags and macros."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk.accounts.models import Branch, Brand, Team
from frontdesk.customers.models import Customer
from frontdesk.tickets.choices import (
    ACTIVE_STATUSES,
    AckState,
    AuthorType,
    Channel,
    DeliveryStatus,
    EventKind,
    MessageKind,
    Priority,
    Refusal,
    ScanState,
    Status,
    TicketType,
)


class Tag(models.Model):
    name = models.SlugField(_("name"), max_length=50, unique=True, allow_unicode=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Ticket(models.Model):
    reference = models.CharField(_("reference"), max_length=16, unique=True)
    subject = models.CharField(_("subject"), max_length=250)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    type = models.CharField(
        _("type"), max_length=12, choices=TicketType.choices, default=TicketType.QUESTION
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    language = models.CharField(_("language"), max_length=10, blank=True)
    # customer and assignee lead the composite indexes ticket_customer and ticket_assignee
    # below, so they have no single-column index: with one, SQLite's sampled statistics
    # chose it for "my open tickets" and read every ticket ever assigned to the agent.
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="tickets", db_index=False
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="tickets"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
        db_index=False,
    )
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="collaborating_tickets"
    )
    branch = models.ForeignKey(Branch, null=True, blank=True, on_delete=models.SET_NULL)
    brand = models.ForeignKey(Brand, null=True, blank=True, on_delete=models.SET_NULL)
    tags = models.ManyToManyField(Tag, blank=True, related_name="tickets")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    first_response_at = models.DateTimeField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    transfer_count = models.PositiveIntegerField(_("transfers"), default=0)
    reopen_count = models.PositiveIntegerField(_("reopens"), default=0)
    escalated_at = models.DateTimeField(_("escalated"), null=True, blank=True)
    escalation_reason = models.TextField(_("escalation reason"), blank=True)
    # The reason when the system wrote it (an SLA escalation), as facts worded when read
    # (tickets/event_notes.py); None for an agent's own reason and for older rows.
    escalation_facts = models.JSONField(null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_tickets"
    )
    reply_address = models.EmailField(
        _("support address"),
        blank=True,
        help_text=_("The address the customer wrote to; replies are sent from it."),
    )
    ack_state = models.CharField(max_length=10, choices=AckState.choices, default=AckState.NONE)
    ack_claimed_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    # Seen only by the roles the workspace names and the assignee (tickets/access.py).
    sensitive = models.BooleanField(
        _("sensitive"),
        default=False,
        help_text=_("Health or other special data: only some roles and the assignee see it."),
    )

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            models.Index(fields=["status", "team", "updated_at"], name="ticket_status_team"),
            models.Index(fields=["assignee", "status", "updated_at"], name="ticket_assignee"),
            models.Index(fields=["customer", "created_at"], name="ticket_customer"),
            models.Index(fields=["ack_state", "created_at"], name="ticket_ack"),
            # Age order, and the reports' window: covering, so a report over the last
            # 30 days reads only this index (tickets/reports.py).
            models.Index(
                fields=["created_at", "status", "team", "first_response_at", "solved_at"],
                name="ticket_created_report",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def is_escalated(self) -> bool:
        return self.escalated_at is not None


class Message(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(
        _("kind"), max_length=8, choices=MessageKind.choices, default=MessageKind.REPLY
    )
    author_type = models.CharField(_("author type"), max_length=10, choices=AuthorType.choices)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    author_customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.SET_NULL)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    body = models.TextField(_("text"))
    body_html = models.TextField(_("HTML"), blank=True, help_text=_("Sanitised HTML."))
    quoted_text = models.TextField(
        _("quoted text"), blank=True, help_text=_("Quoted earlier mail, hidden by default.")
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    external_id = models.CharField(
        _("external id"),
        max_length=255,
        blank=True,
        help_text=_("The email Message-ID (or another channel's id) of this message."),
    )
    delivery_status = models.CharField(
        _("delivery"), max_length=8, choices=DeliveryStatus.choices, blank=True, default=""
    )
    delivery_error = models.CharField(_("delivery error"), max_length=500, blank=True)
    delivery_attempts = models.PositiveSmallIntegerField(default=0)
    delivery_claimed_at = models.DateTimeField(null=True, blank=True)
    # A note the system wrote (a hand-off, a merge, an automatic reply…) as a code and its
    # parameters, worded when read (tickets/event_notes.py); `body` keeps the wording of
    # the moment for search, the API and rows written before facts existed.
    facts = models.JSONField(_("facts"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["ticket", "created_at"], name="message_ticket"),
            models.Index(
                fields=["external_id"],
                name="message_external_id",
                condition=~models.Q(external_id=""),
            ),
            models.Index(
                fields=["delivery_status", "delivery_claimed_at"],
                name="message_delivery",
                condition=models.Q(delivery_status__in=["queued", "sending", "failed"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}:{self.pk} {self.kind}"

    @property
    def internal(self) -> bool:
        return self.kind == MessageKind.NOTE

    @property
    def delivery_will_retry(self) -> bool:
        """A failed delivery that the worker will try again (temporary failure)."""
        return (
            self.delivery_status == DeliveryStatus.FAILED
            and self.delivery_attempts < settings.FRONTDESK_EMAIL_DELIVERY_ATTEMPTS
        )


def attachment_key(instance: Attachment, filename: str) -> str:
    """Storage key chosen by the server; the customer's file name is metadata only."""
    now = timezone.now()
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    safe_suffix = suffix if suffix[1:].isalnum() else ""
    return f"attachments/{now:%Y/%m}/{uuid.uuid4().hex}{safe_suffix}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_key, max_length=200)
    filename = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    # Safety (tickets/attachments.py, scan.py): a refused file is kept but blocked; an
    # administrator may release a blocked file (recorded on the ticket's history).
    type_mismatch = models.BooleanField(_("extension does not match content"), default=False)
    refused = models.CharField(_("blocked"), max_length=10, choices=Refusal.choices, blank=True)
    scan_state = models.CharField(
        _("malware scan"), max_length=12, choices=ScanState.choices, default=ScanState.NOT_SCANNED
    )
    scan_result = models.CharField(max_length=200, blank=True)
    scanned_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename

    @property
    def blocked_reason(self) -> str:
        """Why it cannot be downloaded now ("" when it can): tickets/scan.py."""
        from frontdesk.tickets.scan import download_block

        return download_block(self)


class TicketEvent(models.Model):
    """One change to a ticket: who, when, what, old -> new (T5)."""

    # `event_ticket (ticket, created_at)` below leads with the ticket: no index of its own.
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="events", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=14, choices=EventKind.choices)
    field = models.CharField(_("field"), max_length=40, blank=True)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    note = models.TextField(_("note"), blank=True)
    # A system note as a code and its parameters, worded when read (tickets/event_notes.py).
    # Nullable, so adding it is a quick ALTER TABLE even on SQLite with millions of rows.
    facts = models.JSONField(_("facts"), null=True, blank=True)
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_customer = models.ForeignKey(Customer, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("ticket event")
        verbose_name_plural = _("ticket events")
        indexes = [models.Index(fields=["ticket", "created_at"], name="event_ticket")]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.field}"

    @property
    def actor_label(self) -> str:
        if self.actor_user_id:
            return str(self.actor_user)
        if self.actor_customer_id:
            return str(self.actor_customer)
        return "system"


class Macro(models.Model):
    """A canned reply with placeholders such as {{ customer.name }} (T8)."""

    name = models.CharField(_("name"), max_length=120)
    body = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="macros"
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("macro")
        verbose_name_plural = _("macros")

    def __str__(self) -> str:
        return self.name
