"""Durations for people: "8 h", "3 d", "1 d 4 h", "45 min" — shown and typed.

Targets are stored in minutes; people think in hours and days. `format_minutes` writes
the largest units that divide evenly (never rounding a target away), and `parse_duration`
reads what a manager types: "8h", "8 h", "3d", "1d 4h", "90m", "1.5h", or bare minutes.
Days are 24 hours of the calendar the target runs on (business minutes on business hours).
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

MINUTE, HOUR, DAY = 1, 60, 24 * 60
_UNITS = {
    "d": DAY, "day": DAY, "days": DAY,
    "h": HOUR, "hr": HOUR, "hrs": HOUR, "hour": HOUR, "hours": HOUR,
    "m": MINUTE, "min": MINUTE, "mins": MINUTE, "minute": MINUTE, "minutes": MINUTE,
}  # fmt: skip
_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*([^\W\d_]+)\.?")
MAX_MINUTES = 366 * DAY


def _local_units() -> dict[str, int]:
    """The units as the active language writes them in `format_minutes` ("sa", "dk"…), so
    what the page shows reads back in the same language."""
    units = {}
    for text, minutes in (
        (_("%(n)d d") % {"n": 7}, DAY),
        (_("%(n)d h") % {"n": 7}, HOUR),
        (_("%(n)d min") % {"n": 7}, MINUTE),
    ):
        unit = text.replace("7", "").strip().rstrip(".").lower()
        if unit and unit.replace(" ", "").isalpha():
            units[unit] = minutes
    return units


def format_minutes(minutes: int | None) -> str:
    """480 -> "8 h", 4320 -> "3 d", 1680 -> "1 d 4 h", 45 -> "45 min", 0 -> "0 min"."""
    if minutes is None:
        return "—"
    minutes = int(minutes)
    if minutes <= 0:
        return _("%(n)d min") % {"n": 0}
    days, rest = divmod(minutes, DAY)
    hours, mins = divmod(rest, HOUR)
    parts = []
    if days:
        parts.append(_("%(n)d d") % {"n": days})
    if hours:
        parts.append(_("%(n)d h") % {"n": hours})
    if mins:
        parts.append(_("%(n)d min") % {"n": mins})
    return " ".join(parts)


def parse_duration(text: str) -> int:
    """Minutes from "8h", "3 d", "1d 4h", "90m", "1.5h", "1,5 h" or "480" (ValueError if not)."""
    cleaned = " ".join(str(text).strip().lower().split())
    if not cleaned:
        raise ValueError("empty")
    if cleaned.isdigit():
        return int(cleaned)
    total = 0.0
    position = 0
    for match in _PART.finditer(cleaned):
        if cleaned[position : match.start()].strip():
            raise ValueError(cleaned)
        unit = _UNITS.get(match.group(2)) or _local_units().get(match.group(2))
        if unit is None:
            raise ValueError(cleaned)
        total += float(match.group(1).replace(",", ".")) * unit
        position = match.end()
    if position == 0 or cleaned[position:].strip():
        raise ValueError(cleaned)
    minutes = round(total)
    if minutes > MAX_MINUTES:
        raise ValueError(cleaned)
    return minutes
