"""SLA policies, business calendars and the per-ticket targets they produce (S1)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from frontdesk.accounts.models import Branch
from frontdesk.customers.models import Organization
from frontdesk.sla import calendar as hours
from frontdesk.sla.choices import TargetKind, TargetState
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

    class Meta:
        ordering = ["name"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")

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
        BusinessCalendar, on_delete=models.PROTECT, related_name="policies"
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

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")

    def __str__(self) -> str:
        return self.name

    def clock(self) -> hours.BusinessCalendar:
        """The calendar its targets run on: business hours, or 24/7 calendar time."""
        return self.calendar.as_calendar() if self.business_hours else ALWAYS_OPEN

    def minutes_for(self, kind: str) -> int | None:
        return {
            TargetKind.FIRST_RESPONSE: self.first_response_minutes,
            TargetKind.NEXT_RESPONSE: self.next_response_minutes,
            TargetKind.RESOLUTION: self.resolution_minutes,
        }[TargetKind(kind)]


class SlaTarget(models.Model):
    """One timer of one ticket: running toward `due_at`, paused, achieved or breached.

    While paused `due_at` is empty and `remaining_seconds` holds the target time left
    (business seconds for a business-hours policy); resuming sets `due_at` again from
    the moment of resuming. `achieved_at` is set when the target is met, also late: a
    late target is `breached` with both `breached_at` (= the due time) and `achieved_at`.
    """

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="sla_targets")
    policy = models.ForeignKey(SlaPolicy, on_delete=models.PROTECT, related_name="targets")
    kind = models.CharField(_("kind"), max_length=16, choices=TargetKind.choices)
    state = models.CharField(
        _("state"), max_length=10, choices=TargetState.choices, default=TargetState.RUNNING
    )
    target_minutes = models.PositiveIntegerField(_("target (minutes)"))
    started_at = models.DateTimeField(_("started"))
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    remaining_seconds = models.PositiveIntegerField(null=True, blank=True)
    paused_seconds = models.PositiveIntegerField(_("time paused (seconds)"), default=0)
    achieved_at = models.DateTimeField(_("achieved"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached"), null=True, blank=True)

    class Meta:
        ordering = ["started_at", "pk"]
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        indexes = [models.Index(fields=["state", "due_at"], name="sla_target_sweep")]
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
        return timedelta(minutes=self.target_minutes)
