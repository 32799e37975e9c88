from django.db import models
from django.utils.translation import gettext_lazy as _


class Security(models.TextChoices):
    SSL = "ssl", _("TLS (implicit, port 993/465)")
    STARTTLS = "starttls", _("STARTTLS")
    NONE = "none", _("None (loopback only)")


class Source(models.TextChoices):
    IMAP = "imap", _("IMAP polling")
    PIPE = "pipe", _("MTA pipe")
    WEBHOOK = "webhook", _("Webhook")


class InboundStatus(models.TextChoices):
    RECEIVED = "received", _("Received, not processed yet")
    PROCESSED = "processed", _("Processed")
    QUARANTINED = "quarantined", _("Quarantined")


class Outcome(models.TextChoices):
    TICKET = "ticket", _("New ticket")
    REPLY = "reply", _("Reply")
    NOTE = "note", _("Note")
    DUPLICATE = "duplicate", _("Duplicate")
    QUARANTINED = "quarantined", _("Quarantined")
    HELD = "held", _("Held for review")
