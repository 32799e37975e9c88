"""Header decoding for incoming mail: encoded words, parameters, addresses, ids, dates.

Every function here takes text that the stdlib parser stored as-is (`Message.raw_items`)
and never raises: malformed input degrades to a best-effort value or an empty one.
Structured headers (addresses, dates) go through `email.policy.default`'s header
registry and fall back to the older `email.utils` helpers when that raises.
"""

from __future__ import annotations

import binascii
import re
from datetime import UTC, datetime
from email import policy, utils
from email.message import Message
from urllib.parse import unquote_to_bytes

from frontdesk.core.text import clean_text

from .charsets import decode_bytes, unescape_raw

MAX_HEADER_CHARS = 100_000

_FOLD = re.compile(r"\r?\n(?=[ \t])")
_NEWLINES = re.compile(r"[\r\n]+")
_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,80})\?([bBqQ])\?([^?]*?)\?=")
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/]")
_PARAM = re.compile(r';\s*([^\s=;"]+?)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)', re.S)
_SECTION = re.compile(r"^(.+?)\*(\d{1,3})(\*?)$")
_MESSAGE_ID = re.compile(r"<([^<>]*)>")
_COMMENT_OR_SPACE = re.compile(r"\([^()]*\)|\s+")
_COMMENT_NAME = re.compile(r"^\s*[^\s()<>,\"]+@[^\s()<>,\"]+\s*\((.*?)\)\s*(?:,|$)")
_MIME_TYPE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*$")


def one_line(text: str) -> str:
    """Text on one line: control characters dropped, whitespace runs collapsed."""
    return " ".join(clean_text(text).split())


def header_map(msg: Message, charset: str | None = None) -> dict[str, list[str]]:
    """Lower-cased header name -> its values in order: unfolded, 8-bit bytes decoded."""
    found: dict[str, list[str]] = {}
    for key, value in msg.raw_items():
        text = value if isinstance(value, str) else str(value)
        text = _NEWLINES.sub(" ", _FOLD.sub("", text[:MAX_HEADER_CHARS]))
        found.setdefault(str(key).strip().lower(), []).append(unescape_raw(text, charset).strip())
    return found


def first(headers: dict[str, list[str]], name: str) -> str:
    """The first value of header `name`, or ''."""
    values = headers.get(name)
    return values[0] if values else ""


def decode_words(value: str) -> str:
    """Decode RFC 2047 encoded words leniently (bad charsets, bad padding, split bytes).

    Adjacent encoded words in one charset are joined before decoding, so a multibyte
    character split across two words survives; whitespace between them is dropped.
    """
    if "=?" not in value:
        return value
    out: list[str] = []
    pending = bytearray()
    pending_charset: str | None = None
    position = 0

    def flush() -> None:
        nonlocal pending_charset
        if pending_charset is not None:
            out.append(decode_bytes(bytes(pending), pending_charset))
            pending.clear()
            pending_charset = None

    for match in _ENCODED_WORD.finditer(value):
        between = value[position : match.start()]
        if between and not (pending_charset is not None and between.isspace()):
            flush()
            out.append(between)
        charset = match.group(1).split("*", 1)[0]
        text = match.group(3)
        data = _decode_b(text) if match.group(2) in "bB" else _decode_q(text)
        if pending_charset is not None and charset.lower() != pending_charset.lower():
            flush()
        pending_charset = charset
        pending.extend(data)
        position = match.end()
    flush()
    out.append(value[position:])
    return "".join(out)


def _decode_b(text: str) -> bytes:
    cleaned = _NOT_BASE64.sub("", text)
    cleaned = cleaned[: len(cleaned) - (len(cleaned) % 4 == 1)]
    try:
        return binascii.a2b_base64(cleaned + "=" * (-len(cleaned) % 4))
    except (binascii.Error, ValueError):
        return b""


def _decode_q(text: str) -> bytes:
    try:
        return binascii.a2b_qp(text.encode("utf-8", "replace"), header=True)
    except (binascii.Error, ValueError):
        return text.encode("utf-8", "replace")


def decoded_text(value: str) -> str:
    """An unstructured header (Subject) as one line of Unicode."""
    return one_line(decode_words(value))


def content_type(value: str) -> str:
    """The lower-cased `type/subtype` of a Content-Type value, or '' when malformed."""
    mime = re.sub(r"\s+|\(.*?\)", "", value.split(";", 1)[0]).lower().strip("\"'")
    return mime if _MIME_TYPE.match(mime) else ""


def param(value: str, name: str) -> str | None:
    """Parameter `name` of a MIME header value, decoded to Unicode.

    Handles RFC 2231 (`name*=charset''…`, continuations `name*0*=`), RFC 2047 encoded
    words inside the value (common though not allowed), and unquoted values with
    spaces. Returns None when the parameter is absent.
    """
    wanted = name.lower()
    plain: str | None = None
    sections: dict[int, tuple[str, bool]] = {}
    for match in _PARAM.finditer(";" + value.split(";", 1)[-1] if ";" in value else ""):
        key = match.group(1).lower()
        raw = match.group(2).strip()
        if key == wanted:
            plain = _unquote(raw) if plain is None else plain
        elif key == wanted + "*":
            sections.setdefault(0, (_unquote(raw), True))
        else:
            section = _SECTION.match(key)
            if section and section.group(1) == wanted:
                sections.setdefault(int(section.group(2)), (_unquote(raw), bool(section.group(3))))
    if sections:
        return _join_rfc2231([sections[index] for index in sorted(sections)])
    if plain is None:
        return None
    return decode_words(plain).strip()


def _unquote(raw: str) -> str:
    if raw.startswith('"'):
        raw = raw[1:-1] if len(raw) > 1 and raw.endswith('"') else raw[1:]
        return re.sub(r"\\(.)", r"\1", raw)
    return raw


def _join_rfc2231(sections: list[tuple[str, bool]]) -> str:
    charset: str | None = None
    data = bytearray()
    for index, (text, extended) in enumerate(sections):
        if extended:
            if index == 0 and text.count("'") >= 2:
                charset, _language, text = text.split("'", 2)
            data.extend(unquote_to_bytes(text))
        else:
            data.extend(text.encode("utf-8", "replace"))
    return decode_words(decode_bytes(bytes(data), charset or "utf-8")).strip()


def message_ids(values: list[str]) -> list[str]:
    """Every message id in the values, in order, without duplicates, as `<id>`."""
    found: list[str] = []
    for value in values:
        ids = [_COMMENT_OR_SPACE.sub("", item) for item in _MESSAGE_ID.findall(value)]
        if not ids:  # Some mailers drop the angle brackets.
            ids = [token.strip("<>,;") for token in value.split() if "@" in token]
        for item in ids:
            if item and f"<{item}>" not in found:
                found.append(f"<{item}>")
    return found


def message_id(value: str) -> str:
    """The first message id in a Message-ID value, normalised to `<id>`, or ''."""
    ids = message_ids([value])
    if ids:
        return ids[0]
    token = value.strip().split()[0] if value.strip() else ""
    return f"<{token.strip('<>')}>" if token.strip("<>") else ""


def addresses(value: str, header: str = "to") -> list[tuple[str, str]]:
    """(display name, lower-cased addr-spec) pairs of an address header.

    Entries without an `@` (group names, `undisclosed-recipients`) are dropped.
    """
    if not value.strip():
        return []
    pairs: list[tuple[str, str]] = []
    try:
        parsed = policy.default.header_factory(header, value)
        pairs = [(a.display_name, a.addr_spec) for a in parsed.addresses]  # type: ignore[attr-defined]
    except Exception:  # The header registry has raised on odd input before: degrade.
        try:
            pairs = utils.getaddresses([decode_words(value)])
        except Exception:
            pairs = []
    result = []
    for name, addr in pairs:
        addr = one_line(addr).strip("<>").lower()
        local, _, domain = addr.rpartition("@")
        if local and domain and (name, addr) not in result:
            result.append((one_line(name), addr))
    return result


def display_name(value: str, fallback: str) -> str:
    """The first display name in an address header, decoded from its raw text.

    Decoding the raw phrase ourselves joins adjacent encoded words correctly, which the
    header registry does not always do; `fallback` is the registry's answer.
    """
    head = ""
    quoted = False
    for index, char in enumerate(value):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            break
        elif char == "<" and not quoted:
            head = value[:index].strip()
            break
    if not head and not fallback:
        return _comment_name(value)
    if "=?" not in head:
        return fallback
    name = _unquote(head) if head.startswith('"') else head
    name = one_line(decode_words(name)).strip("\"' ")
    return name or fallback


def _comment_name(value: str) -> str:
    """The name in the older form `address (Full Name)` (RFC 822), decoded; else ''."""
    found = _COMMENT_NAME.match(value)
    if not found:
        return ""
    name = one_line(decode_words(found.group(1)))
    return name.strip("\"' ")


def date(value: str) -> datetime | None:
    """An aware datetime from a Date value, or None when it cannot be understood."""
    if not value.strip():
        return None
    result: datetime | None = None
    try:
        result = policy.default.header_factory("date", value).datetime  # type: ignore[attr-defined]
    except Exception:  # Fall back to the older parser below.
        result = None
    if result is None:
        try:
            result = utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if result.tzinfo is None:
        result = result.replace(tzinfo=UTC)
    try:
        result.astimezone(UTC)
    except (OverflowError, ValueError):
        return None
    return result if 1900 <= result.year <= 2200 else None
