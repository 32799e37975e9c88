"""Business-hours arithmetic for SLA clocks (S1): table tests and properties, no database."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from frontdesk.sla.calendar import (
    BusinessCalendar,
    add_business_time,
    business_time_between,
    is_open,
    next_open,
    open_intervals,
    parse_weekly_hours,
)

RIGA = ZoneInfo("Europe/Riga")
ISTANBUL = ZoneInfo("Europe/Istanbul")
WORKDAYS = ("mon", "tue", "wed", "thu", "fri")


def weekdays(
    hours: str, days: tuple[str, ...] = WORKDAYS
) -> dict[int, tuple[tuple[time, time], ...]]:
    return parse_weekly_hours({day: [hours] for day in days})


RIGA_OFFICE = BusinessCalendar("Europe/Riga", weekdays("09:00-18:00"), holiday_country="LV")
RIGA_9_17 = BusinessCalendar("Europe/Riga", weekdays("09:00-17:00"))
NIGHT_SHIFT = BusinessCalendar("Europe/Riga", weekdays("22:00-06:00"))
EVERY_NIGHT = BusinessCalendar(
    "Europe/Riga", weekdays("22:00-06:00", ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
)
NIGHTS_WITH_HOLIDAYS = BusinessCalendar(
    "Europe/Riga", EVERY_NIGHT.weekly_hours, holiday_country="LV"
)
EARLY_HOURS = BusinessCalendar(
    "Europe/Riga", weekdays("00:00-04:00", ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
)
ISTANBUL_OFFICE = BusinessCalendar("Europe/Istanbul", weekdays("09:00-18:00"), holiday_country="TR")
ALWAYS_RIGA = BusinessCalendar.always("Europe/Riga")


def riga(*args: int) -> datetime:
    return datetime(*args, tzinfo=RIGA)


def test_it_knows_the_latvian_holidays_the_tables_rely_on():
    latvia = holidays.LV(years=[2028, 2030])
    assert date(2028, 5, 1) in latvia  # Monday: Labour Day
    assert date(2030, 5, 6) in latvia  # Monday: Restoration of Independence Day (observed)
    for day in (date(2028, 4, 28), date(2028, 5, 2), date(2030, 5, 3), date(2030, 5, 7)):
        assert day not in latvia
    assert date(2026, 5, 19) in holidays.TR(years=2026)  # Tuesday: Atatürk commemoration


@pytest.mark.parametrize(
    ("calendar", "start", "duration", "due"),
    [
        # Riga: 17:55 on the Friday before a Monday holiday, 1 hour first response.
        (RIGA_OFFICE, riga(2028, 4, 28, 17, 55), timedelta(hours=1), riga(2028, 5, 2, 9, 55)),
        (RIGA_OFFICE, riga(2030, 5, 3, 17, 55), timedelta(hours=1), riga(2030, 5, 7, 9, 55)),
        # Without holidays the same ticket is due on Monday.
        (RIGA_9_17, riga(2028, 4, 28, 16, 55), timedelta(hours=1), riga(2028, 5, 1, 9, 55)),
        # Weekend: Friday 16:00 + 2 hours is Monday 10:00 (after spring-forward: UTC+3).
        (RIGA_9_17, riga(2026, 3, 27, 16, 0), timedelta(hours=2), riga(2026, 3, 30, 10, 0)),
        # Multi-day: Thursday 13:00 + 20 hours = 4 + 8 (Fri) + 8 (Mon).
        (RIGA_9_17, riga(2026, 3, 12, 13, 0), timedelta(hours=20), riga(2026, 3, 16, 17, 0)),
        (RIGA_9_17, riga(2026, 3, 12, 13, 0), timedelta(hours=21), riga(2026, 3, 17, 10, 0)),
        # Before opening, during a closed hour: the clock starts at opening.
        (RIGA_9_17, riga(2026, 3, 12, 7, 0), timedelta(minutes=30), riga(2026, 3, 12, 9, 30)),
        # Overnight: Tuesday 05:30 + 1 hour = 30 minutes now and 30 from 22:00.
        (NIGHT_SHIFT, riga(2026, 3, 10, 5, 30), timedelta(hours=1), riga(2026, 3, 10, 22, 30)),
        # Overnight: Friday's shift runs into Saturday, then nothing until Monday 22:00.
        (NIGHT_SHIFT, riga(2026, 3, 14, 5, 0), timedelta(hours=2), riga(2026, 3, 16, 23, 0)),
        # Holiday rule: the Sunday-night shift finishes on Monday (Labour Day 2028),
        # no shift starts on the holiday, Tuesday's shift opens at 22:00.
        (
            NIGHTS_WITH_HOLIDAYS,
            riga(2028, 5, 1, 5, 0),
            timedelta(hours=2),
            riga(2028, 5, 2, 23, 0),
        ),
        # Spring forward (29 March 2026, 03:00 -> 04:00): 00:00-04:00 holds 3 real hours.
        (EARLY_HOURS, riga(2026, 3, 29, 0, 0), timedelta(hours=3), riga(2026, 3, 29, 4, 0)),
        (EARLY_HOURS, riga(2026, 3, 29, 0, 0), timedelta(hours=4), riga(2026, 3, 30, 1, 0)),
        # Fall back (25 October 2026, 04:00 -> 03:00): 00:00-04:00 holds 5 real hours.
        (EARLY_HOURS, riga(2026, 10, 25, 0, 0), timedelta(hours=5), riga(2026, 10, 25, 4, 0)),
        # 24/7 in a DST zone: real hours, whatever the wall clock does.
        (ALWAYS_RIGA, riga(2026, 3, 29, 0, 0), timedelta(hours=4), riga(2026, 3, 29, 5, 0)),
        # ... and in autumn 4 real hours end at the second 03:00 (UTC+2). Spelled in
        # UTC: PEP 495 makes fold=1 datetimes unequal to every other zone's.
        (
            ALWAYS_RIGA,
            riga(2026, 10, 25, 0, 0),
            timedelta(hours=4),
            datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
        ),
        (ALWAYS_RIGA, riga(2026, 3, 7, 12, 0), timedelta(seconds=30), riga(2026, 3, 7, 12, 0, 30)),
        # Turkey (no DST, UTC+3): Tuesday 19 May 2026 is a public holiday.
        (
            ISTANBUL_OFFICE,
            datetime(2026, 5, 18, 17, 0, tzinfo=ISTANBUL),
            timedelta(hours=2),
            datetime(2026, 5, 20, 7, 0, tzinfo=UTC),
        ),
        # Zero duration: unchanged when open, the next opening when closed.
        (RIGA_9_17, riga(2026, 3, 12, 10, 0), timedelta(0), riga(2026, 3, 12, 10, 0)),
        (RIGA_9_17, riga(2026, 3, 13, 17, 0), timedelta(0), riga(2026, 3, 16, 9, 0)),
    ],
)
def test_it_adds_business_time(calendar, start, duration, due):
    result = add_business_time(calendar, start, duration)
    assert result == due
    assert result.tzinfo is UTC
    assert business_time_between(calendar, start, result) == duration


DAILY_9_17 = BusinessCalendar(
    "Europe/Riga", weekdays("09:00-17:00", ("mon", "tue", "wed", "thu", "fri", "sat", "sun"))
)


@pytest.mark.parametrize(
    ("calendar", "start", "end", "elapsed"),
    [
        # Spring forward, 29 March 2026 (03:00 -> 04:00).
        (EARLY_HOURS, riga(2026, 3, 29), riga(2026, 3, 29, 12), timedelta(hours=3)),
        (DAILY_9_17, riga(2026, 3, 29), riga(2026, 3, 30), timedelta(hours=8)),
        (EVERY_NIGHT, riga(2026, 3, 28, 12), riga(2026, 3, 29, 12), timedelta(hours=7)),
        # Fall back, 25 October 2026 (04:00 -> 03:00).
        (EARLY_HOURS, riga(2026, 10, 25), riga(2026, 10, 25, 12), timedelta(hours=5)),
        (DAILY_9_17, riga(2026, 10, 25), riga(2026, 10, 26), timedelta(hours=8)),
        (EVERY_NIGHT, riga(2026, 10, 24, 12), riga(2026, 10, 25, 12), timedelta(hours=9)),
        # An ordinary night for comparison.
        (EARLY_HOURS, riga(2026, 3, 30), riga(2026, 3, 30, 12), timedelta(hours=4)),
    ],
)
def test_it_counts_real_hours_on_dst_change_days(calendar, start, end, elapsed):
    assert business_time_between(calendar, start, end) == elapsed


def test_it_opens_at_the_jump_when_the_opening_time_does_not_exist():
    calendar = BusinessCalendar("Europe/Riga", parse_weekly_hours({"sun": ["03:30-05:00"]}))
    intervals = list(open_intervals(calendar, riga(2026, 3, 28), riga(2026, 3, 30)))
    assert intervals == [(riga(2026, 3, 29, 4, 0), riga(2026, 3, 29, 5, 0))]


@pytest.mark.parametrize(
    ("calendar", "start", "end", "elapsed"),
    [
        # Friday 17:00 to Tuesday 10:00 across a weekend and the Monday holiday.
        (RIGA_OFFICE, riga(2028, 4, 28, 17, 0), riga(2028, 5, 2, 10, 0), timedelta(hours=2)),
        # The same without holidays also counts Monday.
        (RIGA_9_17, riga(2028, 4, 28, 16, 0), riga(2028, 5, 2, 10, 0), timedelta(hours=10)),
        # Entirely inside a weekend.
        (RIGA_9_17, riga(2026, 3, 14, 9, 0), riga(2026, 3, 15, 17, 0), timedelta(0)),
        # End before start, and an empty span.
        (RIGA_9_17, riga(2026, 3, 12, 12, 0), riga(2026, 3, 12, 10, 0), timedelta(0)),
        (RIGA_9_17, riga(2026, 3, 12, 12, 0), riga(2026, 3, 12, 12, 0), timedelta(0)),
        # Mixed time zones are fine, they are instants: 09:00 to 10:30 in Riga
        # (New York is already on summer time on 12 March, UTC-4).
        (
            RIGA_9_17,
            datetime(2026, 3, 12, 7, 0, tzinfo=UTC),
            datetime(2026, 3, 12, 4, 30, tzinfo=ZoneInfo("America/New_York")),
            timedelta(hours=1, minutes=30),
        ),
    ],
)
def test_it_measures_business_time_between_instants(calendar, start, end, elapsed):
    assert business_time_between(calendar, start, end) == elapsed


def test_it_skips_an_extra_closed_day():
    closed_monday = BusinessCalendar(
        "Europe/Riga", weekdays("09:00-17:00"), closed_days=frozenset({date(2026, 3, 16)})
    )
    due = add_business_time(closed_monday, riga(2026, 3, 13, 16, 0), timedelta(hours=2))
    assert due == riga(2026, 3, 17, 10, 0)
    assert not is_open(closed_monday, riga(2026, 3, 16, 12, 0))


def test_it_keeps_an_extra_open_day_open_on_a_holiday():
    calendar = BusinessCalendar(
        "Europe/Riga",
        weekdays("09:00-18:00"),
        holiday_country="LV",
        open_days=frozenset({date(2028, 5, 1)}),
    )
    due = add_business_time(calendar, riga(2028, 4, 28, 17, 55), timedelta(hours=1))
    assert due == riga(2028, 5, 1, 9, 55)


def test_it_answers_is_open_and_next_open():
    assert is_open(RIGA_9_17, riga(2026, 3, 12, 9, 0))
    assert is_open(RIGA_9_17, riga(2026, 3, 12, 16, 59, 59))
    assert not is_open(RIGA_9_17, riga(2026, 3, 12, 17, 0))
    assert not is_open(RIGA_9_17, riga(2026, 3, 14, 12, 0))
    assert is_open(NIGHT_SHIFT, riga(2026, 3, 14, 3, 0))  # Friday's shift, on Saturday
    assert is_open(ALWAYS_RIGA, riga(2026, 12, 25, 3, 0))
    assert not is_open(RIGA_OFFICE, riga(2028, 5, 1, 12, 0))
    assert next_open(RIGA_9_17, riga(2026, 3, 12, 10, 0)) == riga(2026, 3, 12, 10, 0)
    assert next_open(RIGA_9_17, riga(2026, 3, 12, 17, 0)) == riga(2026, 3, 13, 9, 0)
    assert next_open(RIGA_OFFICE, riga(2028, 4, 28, 18, 0)) == riga(2028, 5, 2, 9, 0)


def test_it_lists_open_intervals_merged_and_clipped():
    intervals = list(open_intervals(RIGA_9_17, riga(2026, 3, 13, 12, 0), riga(2026, 3, 17, 10, 0)))
    assert intervals == [
        (riga(2026, 3, 13, 12, 0), riga(2026, 3, 13, 17, 0)),
        (riga(2026, 3, 16, 9, 0), riga(2026, 3, 16, 17, 0)),
        (riga(2026, 3, 17, 9, 0), riga(2026, 3, 17, 10, 0)),
    ]
    week = list(open_intervals(ALWAYS_RIGA, riga(2026, 3, 9), riga(2026, 3, 16)))
    assert week == [(riga(2026, 3, 9), riga(2026, 3, 16))]
    assert all(start.tzinfo is UTC for start, _ in week)


def test_it_closes_a_24_7_calendar_on_its_holidays():
    calendar = BusinessCalendar.always("Europe/Riga", holiday_country="LV")
    assert add_business_time(calendar, riga(2028, 4, 30, 23, 0), timedelta(hours=2)) == (
        riga(2028, 5, 2, 1, 0)
    )


@pytest.mark.parametrize(
    "call",
    [
        lambda: add_business_time(RIGA_9_17, datetime(2026, 3, 12, 9), timedelta(hours=1)),
        lambda: business_time_between(RIGA_9_17, datetime(2026, 3, 12, 9), riga(2026, 3, 13)),
        lambda: business_time_between(RIGA_9_17, riga(2026, 3, 12), datetime(2026, 3, 13)),
        lambda: next_open(RIGA_9_17, datetime(2026, 3, 12, 9)),
        lambda: is_open(RIGA_9_17, datetime(2026, 3, 12, 9)),
        lambda: list(open_intervals(RIGA_9_17, datetime(2026, 3, 12), riga(2026, 3, 13))),
    ],
)
def test_it_rejects_naive_datetimes(call):
    with pytest.raises(ValueError, match="aware datetime"):
        call()


def test_it_rejects_a_negative_duration_and_a_calendar_that_never_opens():
    with pytest.raises(ValueError, match="negative"):
        add_business_time(RIGA_9_17, riga(2026, 3, 12), timedelta(minutes=-1))
    never = BusinessCalendar("Europe/Riga")
    with pytest.raises(ValueError, match="no opening hours"):
        add_business_time(never, riga(2026, 3, 12), timedelta(hours=1))
    assert business_time_between(never, riga(2026, 3, 12), riga(2026, 3, 20)) == timedelta(0)
    assert not is_open(never, riga(2026, 3, 12))
    closed_for_years = BusinessCalendar(
        "UTC",
        parse_weekly_hours({"mon": ["09:00-10:00"]}),
        closed_days=frozenset(date(2026, 1, 5) + timedelta(weeks=n) for n in range(600)),
    )
    with pytest.raises(ValueError, match="no opening hours after"):
        next_open(closed_for_years, datetime(2026, 1, 1, tzinfo=UTC))


def test_it_parses_weekly_hours():
    assert parse_weekly_hours(
        {"mon": ["09:00-12:00", "13:00-17:00"], "Sat": ["10:00-14:00"], "friday": ["22:00-06:00"]}
    ) == {
        0: ((time(9), time(12)), (time(13), time(17))),
        5: ((time(10), time(14)),),
        4: ((time(22), time(6)),),
    }
    assert parse_weekly_hours({"sun": ["9:30 - 24:00"]}) == {6: ((time(9, 30), time(0)),)}
    assert parse_weekly_hours({"sun": []}) == {6: ()}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"mnd": ["09:00-17:00"]}, "Unknown weekday 'mnd'"),
        ({"mon": ["09:00-17:00"], "Monday": ["10:00-11:00"]}, "given twice"),
        ({"mon": "09:00-17:00"}, "must be a list"),
        ({"mon": ["9-17"]}, "Bad hours '9-17' for 'mon'"),
        ({"mon": ["09:00-25:00"]}, "times run 00:00 to 24:00"),
        ({"mon": ["09:60-17:00"]}, "times run 00:00 to 24:00"),
        ({"mon": ["24:00-06:00"]}, "times run 00:00 to 24:00"),
        ({"mon": [900]}, "Bad hours 900"),
    ],
)
def test_it_explains_bad_weekly_hours(spec, message):
    with pytest.raises(ValueError, match=message):
        parse_weekly_hours(spec)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"time_zone": "Europe/Atlantis"}, "Unknown time zone"),
        ({"holiday_country": "XX"}, "Unknown holiday calendar"),
        ({"holiday_country": "US", "holiday_subdivision": "ZZ"}, "Unknown holiday calendar"),
        ({"holiday_subdivision": "SCT"}, "needs a holiday country"),
        ({"weekly_hours": {7: ((time(9), time(17)),)}}, "Weekday must be 0"),
        ({"weekly_hours": {0: (("09:00", "17:00"),)}}, "naive times"),
        ({"always_open": True, "weekly_hours": weekdays("09:00-17:00")}, "no weekly hours"),
    ],
)
def test_it_rejects_bad_calendars(kwargs, message):
    with pytest.raises(ValueError, match=message):
        BusinessCalendar(**kwargs)


def test_it_builds_hashable_calendars_that_compare_by_value():
    same = BusinessCalendar("Europe/Riga", weekdays("09:00-18:00"), holiday_country="LV")
    assert same == RIGA_OFFICE
    assert hash(same) == hash(RIGA_OFFICE)
    assert BusinessCalendar.always("UTC") == BusinessCalendar(always_open=True)


# Properties ---------------------------------------------------------------------------

ZONES = ["UTC", "Europe/Riga", "America/New_York", "Europe/Istanbul", "Australia/Lord_Howe"]


@st.composite
def hours_strategy(draw: st.DrawFn, earliest: int = 0) -> tuple[time, time]:
    minutes = st.integers(min_value=earliest * 60, max_value=24 * 60 - 1)
    start, end = draw(minutes), draw(minutes)
    return time(start // 60, start % 60), time(end // 60, end % 60)


@st.composite
def calendars(draw: st.DrawFn, zones: list[str] = ZONES, earliest: int = 0) -> BusinessCalendar:
    zone = draw(st.sampled_from(zones))
    if draw(st.integers(0, 9)) == 0:
        return BusinessCalendar.always(zone, holiday_country=draw(st.sampled_from([None, "LV"])))
    weekly = draw(
        st.dictionaries(
            st.integers(0, 6),
            st.lists(hours_strategy(earliest), min_size=1, max_size=3).map(tuple),
            min_size=1,
        )
    )
    closed = draw(st.frozensets(st.dates(date(2025, 1, 1), date(2031, 12, 31)), max_size=5))
    country = draw(st.sampled_from([None, "LV", "US", "TR"]))
    return BusinessCalendar(zone, weekly, holiday_country=country, closed_days=closed)


instants = st.datetimes(
    min_value=datetime(2025, 1, 1),
    max_value=datetime(2030, 12, 31),
    timezones=st.sampled_from([ZoneInfo(zone) for zone in ZONES]),
)
durations = st.timedeltas(min_value=timedelta(0), max_value=timedelta(hours=600))


@settings(max_examples=300, deadline=None)
@given(calendar=calendars(), start=instants, duration=durations)
def test_it_round_trips_add_and_between(calendar, start, duration):
    due = add_business_time(calendar, start, duration)
    assert due >= start
    assert business_time_between(calendar, start, due) == duration
    if duration > timedelta(0):
        assert is_open(calendar, due - timedelta(microseconds=1))


@settings(max_examples=100, deadline=None)
@given(calendar=calendars(), start=instants, first=durations, second=durations)
def test_it_never_moves_a_due_time_earlier_for_a_longer_target(calendar, start, first, second):
    shorter, longer = sorted([first, second])
    assert add_business_time(calendar, start, shorter) <= add_business_time(calendar, start, longer)


def reference_is_open(calendar: BusinessCalendar, at: datetime) -> bool:
    """Open when the local wall clock falls inside an interval: an independent check."""
    local = at.astimezone(calendar.zone).replace(tzinfo=None)
    today, yesterday = local.date(), local.date() - timedelta(days=1)
    for start, end in calendar.hours_on(today):
        overnight = end <= start
        if start <= local.time() and (overnight or local.time() < end):
            return True
    return any(end <= start and local.time() < end for start, end in calendar.hours_on(yesterday))


@settings(max_examples=100, deadline=None)
@given(
    # Boundaries from 06:00 on: the DST changes of these zones happen at night, where a
    # wall-clock check cannot tell the repeated hour apart.
    calendar=calendars(zones=["UTC", "Europe/Riga", "America/New_York"], earliest=6),
    start=instants,
)
def test_it_agrees_with_a_minute_by_minute_wall_clock_check(calendar, start):
    assume(not calendar.always_open)
    start = start.replace(second=0, microsecond=0).astimezone(UTC)
    minutes = 3 * 24 * 60
    expected = sum(
        reference_is_open(calendar, start + timedelta(minutes=n)) for n in range(minutes)
    )
    end = start + timedelta(minutes=minutes)
    assert business_time_between(calendar, start, end) == timedelta(minutes=expected)
