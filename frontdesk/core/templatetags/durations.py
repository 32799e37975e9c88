from __future__ import annotations

from django import template

from frontdesk.core.durations import format_minutes

register = template.Library()


@register.filter(name="duration")
def duration(minutes: int | None) -> str:
    """`{{ policy.resolution_minutes|duration }}` -> "3 d"."""
    return format_minutes(minutes)
