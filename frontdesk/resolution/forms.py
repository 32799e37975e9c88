"""Forms of the ticket page's Solve and Action plan cards and of Settings → Solving."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from frontdesk.resolution import schedule
from frontdesk.resolution.access import active_checklist
from frontdesk.resolution.models import ChecklistItem, ResolutionSettings
from frontdesk.resolution.services import MAX_ITEM_TEXT, MAX_NOTE, MAX_PLAN_TEXT
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.widgets import FastCheckboxInput, FastDateTimeInput, FastTextarea


class SolveForm(forms.Form):
    """One box per active checklist item (`item_<id>`), worded in `language`."""

    note = forms.CharField(
        label=_("Solution note"),
        required=False,
        max_length=MAX_NOTE,
        widget=FastTextarea(attrs={"rows": 2}),
        help_text=_("Optional: what solved it, for the history."),
    )

    def __init__(
        self, *args: Any, items: list[ChecklistItem], language: str, **kwargs: Any
    ) -> None:
        kwargs.setdefault("auto_id", "solve_%s")
        super().__init__(*args, **kwargs)
        self.items = items
        boxes = {}
        for item in items:
            boxes[self.field_name(item)] = forms.BooleanField(
                label=item.text_for(language), required=False, widget=FastCheckboxInput
            )
            boxes[self.field_name(item)].item_required = item.required  # type: ignore[attr-defined]
        # The boxes first, then the note.
        self.fields = {**boxes, "note": self.fields["note"]}

    @staticmethod
    def field_name(item: ChecklistItem) -> str:
        return f"item_{item.pk}"

    def answers(self) -> dict[int, bool]:
        return {item.pk: bool(self.cleaned_data.get(self.field_name(item))) for item in self.items}

    def boxes(self) -> list[forms.BoundField]:
        return [self[self.field_name(item)] for item in self.items]


class TicketSolveForm(SolveForm):
    """The ticket page's Solve card: the checklist, then "Is a follow-up needed?" with its
    day, pre-answered with the workspace's default (`schedule`)."""

    def __init__(
        self, *args: Any, default_follow_up: bool, default_day: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        note = self.fields.pop("note")
        self.fields["follow_up"] = forms.BooleanField(
            label=_("Follow up: ask the customer whether it worked"),
            required=False,
            initial=default_follow_up,
            widget=FastCheckboxInput,
        )
        self.fields["follow_up_on"] = forms.DateField(
            # Translators: the day the follow-up is sent ("On [date]"), not "switched on".
            label=pgettext_lazy("follow-up date", "On"),
            required=False,
            initial=default_day,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            help_text=_("Sent in the customer's language that day, when the business opens."),
        )
        self.fields["note"] = note

    def follow_up(self) -> tuple[bool, date | None]:
        """The answer and the day (None: the default day)."""
        wanted = bool(self.cleaned_data.get("follow_up"))
        return wanted, self.cleaned_data.get("follow_up_on") if wanted else None


def ticket_solve_form(ticket: Ticket, data: Any = None) -> TicketSolveForm:
    """The Solve card's form, pre-answered with the workspace's default follow-up."""
    days = ResolutionSettings.current().follow_up_days
    return TicketSolveForm(
        data,
        items=active_checklist(),
        language=translation.get_language(),
        default_follow_up=days > 0,
        default_day=schedule.default_day(ticket, solved_at=timezone.now(), days=days),
    )


class ActionPlanForm(forms.Form):
    text = forms.CharField(
        label=_("Plan"),
        max_length=MAX_PLAN_TEXT,
        widget=FastTextarea(attrs={"rows": 2}),
        help_text=_("What you will do for the customer."),
    )
    due_at = forms.DateTimeField(
        label=_("Committed time"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=FastDateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "plan_%s")
        super().__init__(*args, **kwargs)


class ChecklistItemForm(forms.Form):
    """The item's wording in each language (English required) and its switches."""

    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=32767,
        initial=100,
        help_text=_("Items are asked in this order, lowest first."),
    )
    required = forms.BooleanField(
        label=_("Required: a ticket is solved only when this is ticked"),
        required=False,
        initial=True,
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        switches = dict(self.fields)
        self.fields = {}
        for code, name in settings.LANGUAGES:
            self.fields[f"text_{code}"] = forms.CharField(
                label=_("Wording in %(language)s") % {"language": name},
                max_length=MAX_ITEM_TEXT,
                required=code == "en",
                help_text=_("Agents using another language see the English wording.")
                if code == "en"
                else "",
            )
        self.fields.update(switches)

    @staticmethod
    def initial_for(item: ChecklistItem) -> dict[str, Any]:
        texts = item.texts if isinstance(item.texts, dict) else {}
        return {
            "position": item.position,
            "required": item.required,
            "active": item.active,
            **{f"text_{code}": texts.get(code, "") for code, _name in settings.LANGUAGES},
        }

    def texts(self) -> dict[str, str]:
        return {
            code: self.cleaned_data.get(f"text_{code}") or "" for code, _name in settings.LANGUAGES
        }


class ResolutionSettingsForm(forms.ModelForm):
    class Meta:
        model = ResolutionSettings
        fields = ["follow_up_days", "auto_close_days", "reminder_lead_minutes"]
