"""Forms of Settings → Business hours and Settings → SLA policies.

They read what people type; the rules live in `calendar_services` / `policy_services`,
whose refusals are shown on the field they name.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import holidays
from django import forms
from django.utils.translation import gettext_lazy as _

from frontdesk.accounts.models import Branch, Team
from frontdesk.core.duration_field import MinutesField
from frontdesk.sla import calendar as hours
from frontdesk.sla import organization_field
from frontdesk.sla.calendar_services import time_zones
from frontdesk.sla.models import BusinessCalendar, SlaPolicy

DAY_LABELS = (
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
)
_SPLIT = re.compile(r"[,;\n]+")


@cache
def holiday_countries() -> list[tuple[str, str]]:
    """(code, "Latvia (LV)") for every country the holidays package knows, by name."""
    from holidays.registry import COUNTRIES

    names = {}
    for entry in COUNTRIES.values():
        class_name, code = entry[0], entry[1]
        if len(code) == 2:
            names[code] = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", class_name)
    supported = holidays.list_supported_countries()
    return sorted(
        ((code, f"{name} ({code})") for code, name in names.items() if code in supported),
        key=lambda pair: pair[1],
    )


def _pieces(text: str) -> list[str]:
    return [piece.strip() for piece in _SPLIT.split(text or "") if piece.strip()]


class CalendarForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    time_zone = forms.ChoiceField(label=_("Time zone"))
    always_open = forms.BooleanField(
        label=_("Open 24/7 (the weekly hours below are then ignored)"), required=False
    )
    holiday_country = forms.ChoiceField(
        label=_("Public holidays of"),
        required=False,
        help_text=_("No target time is counted on these days."),
    )
    holiday_subdivision = forms.CharField(
        label=_("Region"),
        max_length=10,
        required=False,
        help_text=_("Only where holidays differ by region, for example BY in Germany."),
    )
    closed_days = forms.CharField(
        label=_("Extra closed days"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One date a line, as YYYY-MM-DD, for example 2026-12-24."),
    )
    is_default = forms.BooleanField(
        label=_("Default calendar: for teams and branches without hours of their own"),
        required=False,
    )
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams using these hours"),
        queryset=Team.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    branches = forms.ModelMultipleChoiceField(
        label=_("Branches using these hours"),
        queryset=Branch.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A team without hours of its own uses its branch's hours."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zones = sorted(time_zones())
        self.fields["time_zone"].choices = [(zone, zone) for zone in zones]  # type: ignore[attr-defined]
        self.fields["holiday_country"].choices = [  # type: ignore[attr-defined]
            ("", _("None")),
            *holiday_countries(),
        ]
        days = {
            f"hours_{day}": forms.CharField(
                label=label,
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"placeholder": _("Closed")}),
            )
            for day, label in DAY_LABELS
        }
        days["hours_mon"].help_text = _(
            "Opening hours as HH:MM-HH:MM; several ranges with commas (09:00-12:00, "
            "13:00-17:00); overnight like 22:00-06:00; 00:00-24:00 for the whole day; "
            "blank: closed."
        )
        fields = dict(self.fields)
        order = ["name", "time_zone", "always_open"]
        self.fields = {
            **{name: fields[name] for name in order},
            **days,
            **{name: field for name, field in fields.items() if name not in order},
        }

    @staticmethod
    def initial_for(calendar: BusinessCalendar) -> dict[str, Any]:
        weekly = calendar.weekly_hours if isinstance(calendar.weekly_hours, dict) else {}
        return {
            "name": calendar.name,
            "time_zone": calendar.time_zone,
            "always_open": calendar.always_open,
            "holiday_country": calendar.holiday_country,
            "holiday_subdivision": calendar.holiday_subdivision,
            "closed_days": "\n".join(str(day) for day in calendar.closed_days or []),
            "is_default": calendar.is_default,
            "teams": [link.team_id for link in calendar.team_hours.all()],
            "branches": [link.branch_id for link in calendar.branch_hours.all()],
            **{f"hours_{day}": ", ".join(weekly.get(day, [])) for day, _label in DAY_LABELS},
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for day, _label in DAY_LABELS:
            name = f"hours_{day}"
            try:
                hours.parse_weekly_hours({day: _pieces(data.get(name, ""))})
            except ValueError:
                self.add_error(
                    name,
                    _("Write the hours as HH:MM-HH:MM between 00:00 and 24:00, e.g. 09:00-17:00."),
                )
        return data

    def values(self) -> dict[str, Any]:
        """The calendar's fields for the services."""
        data = self.cleaned_data
        weekly = {day: _pieces(data[f"hours_{day}"]) for day, _label in DAY_LABELS}
        return {
            "name": data["name"],
            "time_zone": data["time_zone"],
            "always_open": data["always_open"],
            "weekly_hours": {} if data["always_open"] else {d: r for d, r in weekly.items() if r},
            "holiday_country": data["holiday_country"],
            "holiday_subdivision": data["holiday_subdivision"],
            "closed_days": _pieces(data["closed_days"]),
            "is_default": data["is_default"],
        }


class PolicyForm(forms.ModelForm):
    """Every setting of a policy; saved by the policy services, not by the form."""

    # Stored in minutes, shown and typed as people write them: "8 h", "3 d", "45 min".
    first_response_minutes = MinutesField(
        label=_("First response"), required=False, help_text=_('Blank: no target. E.g. "8 h".')
    )
    next_response_minutes = MinutesField(
        label=_("Next response"), required=False, help_text=_('Blank: no target. E.g. "4 h".')
    )
    resolution_minutes = MinutesField(
        label=_("Resolution"), required=False, help_text=_('Blank: no target. E.g. "3 d".')
    )

    class Meta:
        model = SlaPolicy
        fields = [
            "name",
            "active",
            "position",
            "priority",
            "channel",
            "ticket_type",
            "organization",
            "branch",
            "first_response_minutes",
            "next_response_minutes",
            "resolution_minutes",
            "business_hours",
            "calendar",
            "pause_on_hold",
            "chat_greeting_seconds",
            "phone_hold_seconds",
            "warn_at_percent",
            "on_breach_notify",
            "on_breach_raise_priority",
            "on_breach_reassign_to_team",
        ]
        labels = {
            "organization": _("Organization"),
            "branch": _("Branch"),
        }
        help_texts = {
            "position": _("Policies are tried in this order, lowest first; the first match wins."),
            "organization": _("Blank: any."),
            "branch": _("Blank: any."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("priority", "channel", "ticket_type"):
            field = self.fields[name]
            field.choices = [("", _("Any")), *list(field.choices)[1:]]  # type: ignore[attr-defined]
        for name in ("organization", "branch"):
            self.fields[name].empty_label = _("Any")  # type: ignore[attr-defined]
        if organization_field.many_organizations():
            self.fields["organization"] = organization_field.OrganizationByName(
                label=_("Organization"),
                help_text=_("Type the organization's name; blank: any."),
            )
        self.fields["calendar"].empty_label = _("The hours of the ticket's team or branch")  # type: ignore[attr-defined]
        self.fields["on_breach_reassign_to_team"].empty_label = _("Keep the team")  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        """The policy's fields for the services (references by id)."""
        values = {}
        for name in self.Meta.fields:
            value = self.cleaned_data.get(name)
            if name in ("organization", "branch", "calendar", "on_breach_reassign_to_team"):
                values[f"{name}_id"] = value.pk if value is not None else None
            elif name in ("priority", "channel", "ticket_type"):
                values[name] = value or ""
            else:
                values[name] = value
        return values
