"""Recorded text cannot forge log lines or terminal output (SECURITY.md 54).

Control characters (CR, LF, ESC and the rest of C0/C1), Unicode line separators and
bidirectional overrides are written as visible escapes (`\\r`, `\\x1b`, `\\u202e`), and the
backslash itself is doubled so an escape in the input cannot pass for one of ours.
"""

from __future__ import annotations

from typing import Any

MAX_TEXT = 500  # one recorded string; longer values are cut with an ellipsis

_NAMED = {"\\": "\\\\", "\r": "\\r", "\n": "\\n", "\t": "\\t"}
_INVISIBLE = {
    0x2028,
    0x2029,
    0x200E,
    0x200F,
    0x061C,
    *range(0x202A, 0x202F),
    *range(0x2066, 0x206A),
}


def _escape(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"\\x{code:02x}"
    if code in _INVISIBLE:
        return f"\\u{code:04x}"
    return ch


def neutralize(value: str, *, limit: int = MAX_TEXT) -> str:
    """`value` with every control character written as a visible escape, cut to `limit`."""
    text = "".join(_escape(ch) for ch in value)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text


def neutralize_data(value: Any, *, depth: int = 0) -> Any:
    """JSON data with every string (keys too) neutralized; other values become text."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return neutralize(value)
    if depth > 5:
        return neutralize(repr(value))
    if isinstance(value, dict):
        return {
            neutralize(str(k), limit=100): neutralize_data(v, depth=depth + 1)
            for k, v in value.items()
        }
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [neutralize_data(item, depth=depth + 1) for item in list(items)[:100]]
    return neutralize(str(value))
