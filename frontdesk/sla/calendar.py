"""Business hours and public holidays for SLA clocks: pure arithmetic, no database.

A `BusinessCalendar` says when a team is open, in wall-clock time of one IANA time
zone. The functions below turn it into real (UTC) instants:

- `add_business_time(calendar, start, duration)`: when `duration` of open time has
  passed after `start` (the due time of a target);
- `business_time_between(calendar, start, end)`: open time elapsed between two instants;
- `next_open`, `is_open` and `open_intervals` for the UI and the timers.

Rules, chosen to be simple and predictable:

- Weekly hours are `(start, end)` wall-clock intervals per weekday (0 = Monday). An
  interval with `end <= start` runs overnight into the next day (22:00-06:00), so
  `start == end` means 24 hours from `start`. `always_open` is 00:00-24:00 every day.
- A public holiday (from the `holidays` package, observed days included) or a day in
  `closed_days` opens no intervals: nothing *starts* on it. An overnight interval that
  started the evening before still runs until its end (the night shift finishes). A day in
  `open_days` keeps its weekday hours even when it is a public holiday. Transferred
  working Saturdays (holidays' `weekend_workdays`, e.g. Latvia's) are not modelled.
- Boundaries are converted from wall-clock time to UTC with zoneinfo and elapsed time
  is real time, so 00:00-04:00 on the spring-forward night lasts 3 hours and 09:00-17:00
  always lasts 8. A boundary that does not exist (inside the spring-forward gap) is
  the instant the clocks jump; an ambiguous one (the repeated fall-back hour) is its
  first occurrence.
- A zero duration gives `start` when the calendar is open at `start`, else the next
  opening: a target of "0 business time" is due as soon as someone is at work.
- Instants going in must be aware datetimes; instants coming out are aware UTC.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

Hours = tuple[time, time]
WeeklyHours = Mapping[int, tuple[Hours, ...]]

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ONE_DAY = timedelta(days=1)
# Give up looking for an opening after this many days without one (about 10 years).
HORIZON_DAYS = 3660
_FULL_DAY: tuple[Hours, ...] = ((time(0), time(0)),)
_DAY_NUMBERS = {
    name: number
    for number, full in enumerate(
        ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    )
    for name in (full, full[:3])
}
_HOURS_RE = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


@dataclass(frozen=True)
class BusinessCalendar:
    """When a team or branch is open. Build it with `parse_weekly_hours` or `always`."""

    time_zone: str = "UTC"
    weekly_hours: WeeklyHours = field(default_factory=dict, hash=False)
    always_open: bool = False
    holiday_country: str | None = None
    holiday_subdivision: str | None = None
    closed_days: frozenset[date] = frozenset()
    open_days: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"Unknown time zone {self.time_zone!r}.") from exc
        if self.always_open and self.weekly_hours:
            raise ValueError("An always-open calendar takes no weekly hours.")
        object.__setattr__(self, "weekly_hours", _checked_hours(self.weekly_hours))
        object.__setattr__(self, "closed_days", frozenset(self.closed_days))
        object.__setattr__(self, "open_days", frozenset(self.open_days))
        if self.holiday_subdivision and not self.holiday_country:
            raise ValueError("A holiday subdivision needs a holiday country.")
        if self.holiday_country:
            try:
                _holiday_dates(self.holiday_country, self.holiday_subdivision, 2024)
            except NotImplementedError as exc:
                raise ValueError(f"Unknown holiday calendar: {exc}") from exc

    @classmethod
    def always(
        cls,
        time_zone: str = "UTC",
        *,
        holiday_country: str | None = None,
        holiday_subdivision: str | None = None,
        closed_days: Iterable[date] = (),
    ) -> BusinessCalendar:
        """A 24/7 calendar; closed only on the holidays and closed days given."""
        return cls(
            time_zone=time_zone,
            always_open=True,
            holiday_country=holiday_country,
            holiday_subdivision=holiday_subdivision,
            closed_days=frozenset(closed_days),
        )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)  # zoneinfo caches instances by key

    def is_closed_day(self, day: date) -> bool:
        """True when no interval starts on `day`: a holiday or an extra closed day."""
        if day in self.open_days:
            return False
        if day in self.closed_days:
            return True
        if self.holiday_country is None:
            return False
        return day in _holiday_dates(self.holiday_country, self.holiday_subdivision, day.year)

    def hours_on(self, day: date) -> tuple[Hours, ...]:
        """The wall-clock intervals that start on `day` (none on a closed day)."""
        if self.is_closed_day(day):
            return ()
        if self.always_open:
            return _FULL_DAY
        return self.weekly_hours.get(day.weekday(), ())

    @property
    def has_hours(self) -> bool:
        return self.always_open or any(self.weekly_hours.values())


@functools.lru_cache(maxsize=256)
def _holiday_dates(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year))


def _checked_hours(weekly_hours: WeeklyHours) -> Mapping[int, tuple[Hours, ...]]:
    checked: dict[int, tuple[Hours, ...]] = {}
    for weekday, intervals in weekly_hours.items():
        if not isinstance(weekday, int) or not 0 <= weekday <= 6:
            raise ValueError(f"Weekday must be 0 (Monday) to 6 (Sunday), not {weekday!r}.")
        for interval in intervals:
            if len(interval) != 2 or not all(
                isinstance(t, time) and t.tzinfo is None for t in interval
            ):
                raise ValueError(f"Hours must be (start, end) naive times, not {interval!r}.")
        if intervals:
            checked[weekday] = tuple(sorted((s, e) for s, e in intervals))
    return MappingProxyType(dict(sorted(checked.items())))


def parse_weekly_hours(spec: Mapping[str, Sequence[str]]) -> dict[int, tuple[Hours, ...]]:
    """Parse {"mon": ["09:00-17:00"], "fri": ["22:00-06:00"]} into weekly hours.

    Days are mon..sun (any case); "24:00" is accepted as an end (midnight).
    """
    parsed: dict[int, tuple[Hours, ...]] = {}
    for name, intervals in spec.items():
        weekday = _DAY_NUMBERS.get(name.strip().lower()) if isinstance(name, str) else None
        if weekday is None:
            raise ValueError(f"Unknown weekday {name!r}: use {', '.join(WEEKDAY_NAMES)}.")
        if weekday in parsed:
            raise ValueError(f"Weekday {name!r} is given twice.")
        if isinstance(intervals, str) or not isinstance(intervals, Sequence):
            raise ValueError(f"Hours for {name!r} must be a list like ['09:00-17:00'].")
        parsed[weekday] = tuple(_parse_interval(name, text) for text in intervals)
    return parsed


def _parse_interval(day: str, text: object) -> Hours:
    match = _HOURS_RE.match(text.strip()) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"Bad hours {text!r} for {day!r}: expected 'HH:MM-HH:MM'.")
    start_h, start_m, end_h, end_m = (int(part) for part in match.groups())
    if (end_h, end_m) == (24, 0):
        end_h = 0
    if not (start_h < 24 and end_h < 24 and start_m < 60 and end_m < 60):
        raise ValueError(f"Bad hours {text!r} for {day!r}: times run 00:00 to 24:00.")
    return time(start_h, start_m), time(end_h, end_m)


def _require_aware(value: datetime, name: str) -> datetime:
    if not isinstance(value, datetime) or value.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, not {value!r}.")
    return value.astimezone(UTC)


def _wall_to_utc(wall: datetime, zone: ZoneInfo) -> datetime:
    """The UTC instant of a naive wall-clock time (see the module rules for gaps/folds)."""
    first = wall.replace(tzinfo=zone).astimezone(UTC)
    if first.astimezone(zone).replace(tzinfo=None) == wall:
        return first
    # `wall` is skipped by a forward jump: find the instant of the jump.
    other = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    low, high = min(first, other), max(first, other)
    while high - low > timedelta(microseconds=1):
        middle = low + (high - low) // 2
        if middle.astimezone(zone).replace(tzinfo=None) < wall:
            low = middle
        else:
            high = middle
    return high


def _day_intervals(calendar: BusinessCalendar, day: date) -> list[tuple[datetime, datetime]]:
    zone = calendar.zone
    intervals = []
    for start, end in calendar.hours_on(day):
        end_day = day if end > start else day + ONE_DAY
        intervals.append(
            (
                _wall_to_utc(datetime.combine(day, start), zone),
                _wall_to_utc(datetime.combine(end_day, end), zone),
            )
        )
    return intervals


def _open_from(
    calendar: BusinessCalendar, start: datetime, end: datetime | None = None
) -> Iterator[tuple[datetime, datetime]]:
    """Disjoint open intervals in time order from `start` (UTC), clipped to `end`.

    Touching intervals may come out as separate pieces. Without `end`, raises
    ValueError after HORIZON_DAYS days in a row without any opening.
    """
    if not calendar.has_hours:
        if end is None:
            raise ValueError("The calendar has no opening hours.")
        return
    covered = start
    # An overnight interval from the day before may still be running at `start`.
    day = start.astimezone(calendar.zone).date() - ONE_DAY
    last_day = end.astimezone(calendar.zone).date() if end is not None else None
    idle_days = 0
    while last_day is None or day <= last_day:
        idle_days += 1
        for piece_start, piece_end in _day_intervals(calendar, day):
            piece_start = max(piece_start, covered)
            if end is not None:
                piece_end = min(piece_end, end)
            if piece_start < piece_end:
                yield piece_start, piece_end
                covered = piece_end
                idle_days = 0
        if end is None and idle_days > HORIZON_DAYS:
            raise ValueError(f"The calendar has no opening hours after {covered.isoformat()}.")
        day += ONE_DAY


def open_intervals(
    calendar: BusinessCalendar, start: datetime, end: datetime
) -> Iterator[tuple[datetime, datetime]]:
    """Yield the open (utc_start, utc_end) intervals within [start, end), merged."""
    start, end = _require_aware(start, "start"), _require_aware(end, "end")
    if end <= start:
        return
    current: tuple[datetime, datetime] | None = None
    for piece_start, piece_end in _open_from(calendar, start, end):
        if current is not None and piece_start == current[1]:
            current = (current[0], piece_end)
            continue
        if current is not None:
            yield current
        current = (piece_start, piece_end)
    if current is not None:
        yield current


def add_business_time(calendar: BusinessCalendar, start: datetime, duration: timedelta) -> datetime:
    """The UTC instant at which `duration` of open time has passed after `start`.

    A zero duration gives `start` if open then, else the next opening. Raises
    ValueError for a negative duration or a calendar that never opens.
    """
    start = _require_aware(start, "start")
    if duration < timedelta(0):
        raise ValueError(f"duration must not be negative, not {duration!r}.")
    remaining = duration
    for piece_start, piece_end in _open_from(calendar, start):
        if remaining <= piece_end - piece_start:
            return piece_start + remaining
        remaining -= piece_end - piece_start
    raise AssertionError("unreachable: _open_from without end never runs dry")


def business_time_between(calendar: BusinessCalendar, start: datetime, end: datetime) -> timedelta:
    """Open time elapsed between two instants (zero when `end <= start`)."""
    total = timedelta(0)
    for piece_start, piece_end in open_intervals(calendar, start, end):
        total += piece_end - piece_start
    return total


def next_open(calendar: BusinessCalendar, at: datetime) -> datetime:
    """`at` (in UTC) if the calendar is open then, else the next opening."""
    return add_business_time(calendar, at, timedelta(0))


def is_open(calendar: BusinessCalendar, at: datetime) -> bool:
    at = _require_aware(at, "at")
    return business_time_between(calendar, at, at + timedelta(microseconds=1)) > timedelta(0)
