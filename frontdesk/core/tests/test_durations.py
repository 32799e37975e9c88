"""Durations shown and typed as people write them (targets were "480 / 4320" minutes)."""

from __future__ import annotations

import pytest

from frontdesk.core.duration_field import MinutesField
from frontdesk.core.durations import format_minutes, parse_duration


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [
        (480, "8 h"),
        (4320, "3 d"),
        (1680, "1 d 4 h"),
        (45, "45 min"),
        (90, "1 h 30 min"),
        (1441, "1 d 1 min"),
        (0, "0 min"),
        (None, "—"),
    ],
)
def test_it_shows_minutes_in_the_largest_even_units(minutes, shown):
    assert format_minutes(minutes) == shown


@pytest.mark.parametrize(
    ("typed", "minutes"),
    [
        ("8h", 480),
        ("8 h", 480),
        ("3d", 4320),
        ("3 days", 4320),
        ("1d 4h", 1680),
        ("1 D 4 H", 1680),
        ("90m", 90),
        ("90 min", 90),
        ("1.5h", 90),
        ("1,5 h", 90),
        ("480", 480),
        ("  2 hours 15 minutes ", 135),
    ],
)
def test_it_reads_what_a_manager_types(typed, minutes):
    assert parse_duration(typed) == minutes


@pytest.mark.parametrize("typed", ["", "soon", "8 x", "h8", "8h later", "3 weeks", "-5 h", "400 d"])
def test_it_refuses_what_it_cannot_read(typed):
    with pytest.raises(ValueError):
        parse_duration(typed)


def test_every_shown_value_reads_back_to_itself():
    for minutes in (1, 59, 60, 61, 480, 1439, 1440, 4320, 10081):
        assert parse_duration(format_minutes(minutes)) == minutes


def test_the_form_field_gives_a_clear_error_and_keeps_blank_as_no_target():
    field = MinutesField(required=False)
    assert field.clean("") is None
    assert field.clean("3 d") == 4320
    with pytest.raises(Exception, match="8 h"):
        field.clean("tomorrow")


def test_what_a_page_shows_in_another_language_reads_back(monkeypatch):
    from frontdesk.core import durations

    units = {"%(n)d d": "%(n)d g", "%(n)d h": "%(n)d sa", "%(n)d min": "%(n)d dk."}
    monkeypatch.setattr(durations, "_", lambda text: units.get(text, text))
    shown = format_minutes(1680 + 5)
    assert shown == "1 g 4 sa 5 dk."
    assert parse_duration(shown) == 1685
    assert parse_duration("8 h") == 480  # the English letters always work
