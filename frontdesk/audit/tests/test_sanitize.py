"""Log injection (SECURITY.md 54): recorded text cannot forge lines or terminal output."""

from __future__ import annotations

import pytest

from frontdesk.audit.sanitize import neutralize, neutralize_data


@pytest.mark.parametrize(
    ("raw", "recorded"),
    [
        ("anna", "anna"),
        ("Ayşe Yılmaz", "Ayşe Yılmaz"),
        ("admin\r\n2026-12-07 auth.sign_in admin", "admin\\r\\n2026-12-07 auth.sign_in admin"),
        ("\x1b[2J\x1b[31mroot", "\\x1b[2J\\x1b[31mroot"),
        ("a\x00b\x07c\x7fd\x85e", "a\\x00b\\x07c\\x7fd\\x85e"),
        ("tab\there", "tab\\there"),
        ("line\u2028sep\u2029para", "line\\u2028sep\\u2029para"),
        ("\u202eevil\u2066", "\\u202eevil\\u2066"),
        # An escape typed by the client cannot pass for one of ours.
        ("already\\r\\nescaped", "already\\\\r\\\\nescaped"),
    ],
)
def test_it_writes_control_characters_as_visible_escapes(raw, recorded):
    assert neutralize(raw) == recorded


def test_it_leaves_no_raw_control_character_for_any_code_point():
    every = "".join(chr(code) for code in range(0x00, 0x3000))
    cleaned = neutralize(every, limit=10**6)
    assert not [ch for ch in cleaned if ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F]
    assert "\u2028" not in cleaned and "\u202e" not in cleaned


def test_it_cuts_long_text():
    assert neutralize("x" * 1000, limit=10) == "x" * 9 + "…"


def test_it_cleans_keys_and_values_of_json_data():
    data = {"na\nme": ["a\rb", {"x": "\x1b"}], "n": 3, "ok": True, "none": None}
    assert neutralize_data(data) == {
        "na\\nme": ["a\\rb", {"x": "\\x1b"}],
        "n": 3,
        "ok": True,
        "none": None,
    }
