"""A form field for durations typed as people write them ("8 h", "3 d", "90 min")."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from frontdesk.core.durations import MAX_MINUTES, format_minutes, parse_duration


class DurationInput(forms.TextInput):
    def format_value(self, value: Any) -> str | None:
        if value in (None, ""):
            return None
        if isinstance(value, int):  # stored minutes; typed text is shown as typed
            return format_minutes(value)
        return str(value)


class MinutesField(forms.Field):
    """Cleans to whole minutes (int) or None; shows stored minutes as "8 h"."""

    widget = DurationInput
    default_error_messages = {
        "invalid": _('Write a duration such as "45 min", "8 h", "3 d" or "1 d 4 h".'),
        "too_long": _("At most a year."),
    }

    def __init__(self, *, min_value: int = 0, **kwargs: Any) -> None:
        self.min_value = min_value
        kwargs.setdefault("help_text", _('For example "45 min", "8 h", "3 d" or "1 d 4 h".'))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in (None, ""):
            return None
        if isinstance(value, int):
            return value
        try:
            minutes = parse_duration(str(value))
        except ValueError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if minutes > MAX_MINUTES:
            raise forms.ValidationError(self.error_messages["too_long"], code="too_long")
        if minutes < self.min_value:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return minutes
