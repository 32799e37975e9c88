from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    PENDING = "pending", _("Pending")
    ON_HOLD = "on_hold", _("On hold")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", _("Closed")


ACTIVE_STATUSES = (Status.NEW, Status.OPEN, Status.PENDING, Status.ON_HOLD)


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


PRIORITY_RANK = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}


class TicketType(models.TextChoices):
    QUESTION = "question", _("Question")
    INCIDENT = "incident", _("Incident")
    PROBLEM = "problem", _("Problem")
    REQUEST = "request", _("Request")
    COMPLAINT = "complaint", _("Complaint")
    RETURN = "return", _("Return or exchange")


class Channel(models.TextChoices):
    EMAIL = "email", _("Email")
    WEB = "web", _("Help center")
    CHAT = "chat", _("Chat")
    PHONE = "phone", _("Phone")
    SOCIAL = "social", _("Social")
    API = "api", _("API")
    WALK_IN = "walk_in", _("In person")
    OTHER = "other", _("Other")


class MessageKind(models.TextChoices):
    REPLY = "reply", _("Public reply")
    NOTE = "note", _("Internal note")


class AuthorType(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    AGENT = "agent", _("Agent")
    SYSTEM = "system", _("System")


class AckState(models.TextChoices):
    NONE = "none", _("Not needed")
    PENDING = "pending", _("Pending")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class DeliveryStatus(models.TextChoices):
    """Where an outgoing message is on its way to the customer (email today)."""

    NONE = "", _("Not sent by email")
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Not delivered")


class EventKind(models.TextChoices):
    CREATED = "created", _("Created")
    CHANGED = "changed", _("Changed")
    MESSAGE = "message", _("Reply added")
    NOTE = "note", _("Internal note added")
    TRANSFER = "transfer", _("Transferred")
    ESCALATED = "escalated", _("Escalated")
    DEESCALATED = "deescalated", _("Escalation resolved")
    MERGED = "merged", _("Merged")
    REOPENED = "reopened", _("Reopened")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    COLLABORATOR = "collaborator", _("Collaborator added")
    SLA_WARNING = "sla_warning", _("Deadline approaching")
    SLA_BREACHED = "sla_breached", _("Deadline missed")
    DELIVERY = "delivery", _("Delivery")


class ScanState(models.TextChoices):
    """What the malware scanner said about an attachment (tickets/scan.py)."""

    NOT_SCANNED = "not_scanned", _("Not scanned")
    PENDING = "pending", _("Scan pending")
    CLEAN = "clean", _("Clean")
    INFECTED = "infected", _("Malware found")
    FAILED = "failed", _("Scan failed")


class Refusal(models.TextChoices):
    """Why a kept attachment is blocked (an email's file is kept, never dropped)."""

    TYPE = "type", _("File type not accepted")
    IMAGE = "image", _("Image unreadable or too large")
