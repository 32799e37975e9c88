"""SLA policies, business calendars and the per-ticket targets they produce (S1)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from frontdesk.accounts.models import Branch, Team
from frontdesk.customers.models import Organization
from frontdesk.sla import calendar as hours
from frontdesk.sla.choices import LIVE_KINDS, AlertKind, BreachNotify, TargetKind, TargetState
from frontdesk.tickets.choices import Channel, Priority, TicketType
from frontdesk.tickets.models import Ticket

ALWAYS_OPEN = hours.BusinessCalendar.always()


class BusinessCalendar(models.Model):
    """When a team or branch is open: weekly hours in one time zone, minus holidays."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="UTC")
    weekly_hours = models.JSONField(
        _("weekly hours"),
        default=dict,
        blank=True,
        help_text=_('For example {"mon": ["09:00-17:00"], "fri": ["09:00-15:00"]}.'),
    )
    always_open = models.BooleanField(_("always open (24/7)"), default=False)
    holiday_country = models.CharField(
        _("public holidays of country"), max_length=2, blank=True, help_text=_("e.g. LV, SI, TR")
    )
    holiday_subdivision = models.CharField(_("holiday subdivision"), max_length=10, blank=True)
    closed_days = models.JSONField(
        _("extra closed days"),
        default=list,
        blank=True,
        help_text=_('ISO dates, for example ["2026-12-24"].'),
    )
    is_default = models.BooleanField(
        _("default calendar"),
        default=False,
        help_text=_("For teams and branches without business hours of their own."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="sla_calendar_one_default",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            pure = self.as_calendar()
        except (ValueError, TypeError, AttributeError) as exc:
            raise ValidationError(str(exc)) from exc
        if not pure.has_hours:
            raise ValidationError(_("Give weekly hours or mark the calendar always open."))

    def as_calendar(self) -> hours.BusinessCalendar:
        """The pure calendar for the arithmetic in `sla.calendar`; ValueError if invalid."""
        if not isinstance(self.closed_days, list):
            raise ValueError("Closed days must be a list of ISO dates.")
        return hours.BusinessCalendar(
            time_zone=self.time_zone,
            weekly_hours=hours.parse_weekly_hours(self.weekly_hours or {}),
            always_open=self.always_open,
            holiday_country=self.holiday_country.upper() or None,
            holiday_subdivision=self.holiday_subdivision or None,
            closed_days=frozenset(date.fromisoformat(str(day)) for day in self.closed_days),
        )


class SlaPolicy(models.Model):
    """Targets for the tickets that match all its conditions; the first match wins."""

    name = models.CharField(_("name"), max_length=120)
    position = models.PositiveIntegerField(_("position"), default=100, db_index=True)
    active = models.BooleanField(_("active"), default=True)
    priority = models.CharField(
        _("priority"),
        max_length=10,
        choices=Priority.choices,
        blank=True,
        help_text=_("Blank: any."),
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=Channel.choices, blank=True, help_text=_("Blank: any.")
    )
    ticket_type = models.CharField(
        _("ticket type"),
        max_length=12,
        choices=TicketType.choices,
        blank=True,
        help_text=_("Blank: any."),
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    branch = models.ForeignKey(
        Branch, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    calendar = models.ForeignKey(
        BusinessCalendar,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="policies",
        verbose_name=_("business calendar"),
        help_text=_("Blank: the business hours of the ticket's team or branch."),
    )
    first_response_minutes = models.PositiveIntegerField(
        _("first response (minutes)"), null=True, blank=True, help_text=_("Blank: no target.")
    )
    next_response_minutes = models.PositiveIntegerField(
        _("next response (minutes)"), null=True, blank=True, help_text=_("Blank: no target.")
    )
    resolution_minutes = models.PositiveIntegerField(
        _("resolution (minutes)"), null=True, blank=True, help_text=_("Blank: no target.")
    )
    business_hours = models.BooleanField(
        _("count business hours only"),
        default=True,
        help_text=_("Otherwise targets run in calendar time, 24/7."),
    )
    pause_on_hold = models.BooleanField(_("on hold pauses resolution"), default=True)
    # Live channels (S2): seconds of real time, measured by the chat and phone channels.
    chat_greeting_seconds = models.PositiveIntegerField(
        _("chat greeting (seconds)"), null=True, blank=True, default=30, help_text=_("Blank: none.")
    )
    phone_hold_seconds = models.PositiveIntegerField(
        _("longest phone hold (seconds)"),
        null=True,
        blank=True,
        default=60,
        help_text=_("Each hold; blank: none."),
    )
    # Warnings and escalation (S3).
    warn_at_percent = models.PositiveSmallIntegerField(
        _("warn at (% of the target used)"),
        default=80,
        validators=[MaxValueValidator(99)],
        help_text=_("The assignee is warned when this share of the time is used; 0: never."),
    )
    on_breach_notify = models.CharField(
        _("on breach, notify"),
        max_length=20,
        choices=BreachNotify.choices,
        default=BreachNotify.TEAM_LEAD,
    )
    on_breach_raise_priority = models.BooleanField(_("on breach, raise priority"), default=False)
    on_breach_reassign_to_team = models.ForeignKey(
        Team,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("on breach, move to team"),
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")

    def __str__(self) -> str:
        return self.name

    def clock(self, team_hours: hours.BusinessCalendar) -> hours.BusinessCalendar:
        """The calendar its targets run on: 24/7 calendar time, its own calendar, or
        `team_hours` (the hours of the ticket's team or branch, `sla.ticket_hours`)."""
        if not self.business_hours:
            return ALWAYS_OPEN
        return self.calendar.as_calendar() if self.calendar is not None else team_hours

    def seconds_for(self, kind: str) -> int | None:
        """The target time of `kind` in seconds, or None when the policy sets none."""
        minutes = {
            TargetKind.FIRST_RESPONSE: self.first_response_minutes,
            TargetKind.NEXT_RESPONSE: self.next_response_minutes,
            TargetKind.RESOLUTION: self.resolution_minutes,
        }
        if kind in minutes:
            value = minutes[TargetKind(kind)]
            return None if value is None else value * 60
        return {
            TargetKind.CHAT_GREETING: self.chat_greeting_seconds,
            TargetKind.PHONE_HOLD: self.phone_hold_seconds,
        }[TargetKind(kind)]


class SlaTarget(models.Model):
    """One timer of one ticket: running toward `due_at`, paused, achieved or breached.

    While paused `due_at` is empty and `remaining_seconds` holds the target time left
    (business seconds for a business-hours policy); resuming sets `due_at` again from
    the moment of resuming. `achieved_at` is set when the target is met, also late: a
    late target is `breached` with both `breached_at` (= the due time) and `achieved_at`.

    `warn_at` is when the sweep warns: set with the due time, and only while the target
    runs (every service that stops it clears it: the warning sweep relies on that);
    `warned_at` is when it did, at most once. A VIP's target was shortened
    by `vip_boost_minutes` (0: not boosted); `target_seconds` is the shortened target.
    """

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="sla_targets")
    # No index on policy: only deleting a policy looks targets up by it, and each index
    # is one more entry for every target the sweep claims.
    policy = models.ForeignKey(
        SlaPolicy, on_delete=models.PROTECT, related_name="targets", db_index=False
    )
    kind = models.CharField(_("kind"), max_length=16, choices=TargetKind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=TargetState.choices, default=TargetState.RUNNING
    )
    target_seconds = models.PositiveIntegerField(_("target (seconds)"))
    started_at = models.DateTimeField(_("started"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    remaining_seconds = models.PositiveIntegerField(null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(_("time paused (seconds)"), default=0)
    achieved_at = models.DateTimeField(_("achieved"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached"), null=True, blank=True)
    warn_at = models.DateTimeField(_("warn at"), null=True, blank=True)
    warned_at = models.DateTimeField(_("warned"), null=True, blank=True)
    breach_reason = models.TextField(_("breach reason"), blank=True)
    vip_boost_minutes = models.PositiveIntegerField(_("VIP boost (minutes)"), default=0)

    class Meta:
        ordering = ["started_at", "pk"]
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        indexes = [
            models.Index(fields=["state", "due_at"], name="sla_target_sweep"),
            # Only targets still to be warned about: the warning sweep is a range scan.
            models.Index(
                fields=["warn_at"],
                name="sla_target_warn",
                condition=models.Q(warn_at__isnull=False, warned_at__isnull=True),
            ),
        ]
        constraints = [
            # At most one outstanding timer of each kind per ticket.
            models.UniqueConstraint(
                fields=["ticket", "kind"],
                condition=models.Q(achieved_at__isnull=True),
                name="sla_target_one_outstanding",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.state}"

    @property
    def is_outstanding(self) -> bool:
        return self.achieved_at is None

    def is_late(self, at: datetime) -> bool:
        return self.due_at is not None and at > self.due_at

    @property
    def target(self) -> timedelta:
        return timedelta(seconds=self.target_seconds)

    @property
    def is_live(self) -> bool:
        return self.kind in LIVE_KINDS

    def clock(self, team_hours: hours.BusinessCalendar) -> hours.BusinessCalendar:
        """Live targets run in real time; the others on their policy's clock."""
        return ALWAYS_OPEN if self.is_live else self.policy.clock(team_hours)


class TeamHours(models.Model):
    """The business calendar of a team (its own hours; otherwise its branch's)."""

    team = models.OneToOneField(
        Team, primary_key=True, on_delete=models.CASCADE, related_name="sla_hours"
    )
    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="team_hours"
    )

    class Meta:
        verbose_name = _("team hours")
        verbose_name_plural = _("team hours")

    def __str__(self) -> str:
        return f"{self.team_id} {self.calendar_id}"


class BranchHours(models.Model):
    """The business calendar of a branch, for its teams without hours of their own."""

    branch = models.OneToOneField(
        Branch, primary_key=True, on_delete=models.CASCADE, related_name="sla_hours"
    )
    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="branch_hours"
    )

    class Meta:
        verbose_name = _("branch hours")
        verbose_name_plural = _("branch hours")

    def __str__(self) -> str:
        return f"{self.branch_id} {self.calendar_id}"


class QueueSettings(models.Model):
    """Queue-wide SLA settings of the installation: one row (`QueueSettings.current()`)."""

    vip_boost_minutes = models.PositiveIntegerField(
        _("VIP boost (minutes)"),
        default=0,
        help_text=_(
            "Bring due times of VIP customers and organizations forward by this much; "
            "0: off, every customer waits by deadline and priority only."
        ),
    )

    class Meta:
        verbose_name = _("queue settings")
        verbose_name_plural = _("queue settings")

    def __str__(self) -> str:
        return str(_("Queue settings"))

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.pk = 1  # a single row
        super().save(*args, **kwargs)

    @classmethod
    def current(cls) -> QueueSettings:
        """The stored settings, or the defaults while nobody has saved any (no write)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class DeadlineAlert(models.Model):
    """A warning or breach of an SLA target, shown to one member of staff (S3); or an
    action plan coming due, shown to its author (T7: no target, the ticket and the plan's
    words in `plan_ticket` and `plan_text`).

    Fetch with `select_related("target__ticket", "plan_ticket")` to show the ticket."""

    # recipient and target lead the indexes below; no single-column index of their own.
    # No foreign-key constraint in the database either: the sweep writes thousands of
    # alerts at once and PostgreSQL's per-row constraint checks were a third of its time.
    # Only the sweep and the services write alerts (for rows they just read), and the
    # ORM still deletes them with their user or target (on_delete=CASCADE).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="deadline_alerts",
        db_index=False,
        db_constraint=False,
    )
    target = models.ForeignKey(
        SlaTarget,
        on_delete=models.CASCADE,
        related_name="alerts",
        db_index=False,
        db_constraint=False,
        null=True,
        blank=True,
    )
    # An action plan's alert only (the sweep's rows leave both empty, so it writes no
    # more per alert): the plan's ticket, and what the plan said.
    plan_ticket = models.ForeignKey(
        Ticket,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
        null=True,
        blank=True,
    )
    plan_text = models.CharField(_("plan"), max_length=300, blank=True, default="", db_default="")
    kind = models.CharField(_("kind"), max_length=12, choices=AlertKind.choices)
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # When its email was dealt with: sent, or passed over (the recipient switched alert
    # emails off or has no address). Claimed with one conditional UPDATE (`alert_emails`).
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("deadline alert")
        verbose_name_plural = _("deadline alerts")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="sla_alert_recipient"),
            # The unread count in the navigation: one COUNT on this small index.
            models.Index(
                fields=["recipient"],
                name="sla_alert_unread",
                condition=models.Q(read_at__isnull=True),
            ),
            # Alerts still to be emailed: small, read by the email job and its retry.
            models.Index(
                fields=["recipient"],
                name="sla_alert_to_email",
                condition=models.Q(emailed_at__isnull=True),
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "kind", "recipient"], name="sla_alert_once_per_recipient"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind} {self.target_id}"

    # The ticket through the target: no column of its own, so the sweep writes one
    # index and one foreign key less per alert.
    @property
    def ticket(self) -> Ticket:
        target = self.target
        if target is None:
            assert self.plan_ticket is not None
            return self.plan_ticket
        return target.ticket

    @property
    def ticket_id(self) -> int:
        target = self.target
        if target is None:
            assert self.plan_ticket_id is not None
            return self.plan_ticket_id
        return target.ticket_id

    @property
    def what(self) -> str:
        """What the alert is about: the target's kind, or the action plan's words."""
        target = self.target
        return self.plan_text if target is None else str(target.get_kind_display())
