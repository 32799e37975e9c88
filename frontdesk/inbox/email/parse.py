"""Turn the raw bytes of an incoming mail into a `ParsedEmail`: pure, no database.

`parse_email` never raises for malformed mail: a header or part that cannot be read
degrades (replacement characters, an empty value, a default file name). Only input
that is not a mail at all — empty, or without a single header field — raises
`UnparseableEmail`, and so does an unexpected internal failure, so the caller can
quarantine the message instead of losing it.

The stdlib parser runs with `policy.default` (and `compat32` if that ever raises);
header values are read raw and decoded in `headers.py`, text parts in `charsets.py`.
Embedded `message/*` parts are kept as their raw bytes (see `_MimeMessage`) so that an
attached `.eml` is the message as sent, and are then parsed again for their own
attachments.
"""

from __future__ import annotations

import binascii
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from itertools import islice
from mimetypes import guess_extension
from typing import TypeVar

from frontdesk.core.text import clean_text, sanitize_html

from . import headers as h
from .bodytext import html_to_text, unflow
from .charsets import decode_bytes, html_meta_charset
from .quotes import is_forward_subject, split_reply

logger = logging.getLogger(__name__)

MAX_DEPTH = 20  # nesting of multiparts and embedded messages
MAX_PARTS = 1_000
AUTOMATION_HEADERS = (
    "auto-submitted", "precedence", "list-id", "list-unsubscribe", "x-auto-response-suppress",
    "x-autoreply", "x-autorespond", "return-path", "x-frontdesk-ticket", "content-type",
)  # fmt: skip
_EXTENSIONS = {
    "message/rfc822": ".eml",
    "message/global": ".eml",
    "message/delivery-status": ".txt",
    "text/rfc822-headers": ".txt",
    "text/plain": ".txt",
    "text/html": ".html",
}
_NOT_BASE64 = re.compile(rb"[^A-Za-z0-9+/]")
_HEADER_END = re.compile(rb"\r?\n\r?\n")
_SPACE_BEFORE_COLON = re.compile(rb"(?m)^([\x21-\x39\x3b-\x7e]+)[ \t]+:")
_FIELD_LINE = re.compile(rb"^[\x21-\x39\x3b-\x7e]+:")
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\]")
_NO_PAIRS: list[tuple[str, str]] = []
T = TypeVar("T")


class UnparseableEmail(Exception):
    """The input is not a mail we can read at all; quarantine it."""


@dataclass(frozen=True)
class ParsedAttachment:
    filename: str
    content_type: str
    content: bytes
    inline: bool = False
    content_id: str = ""  # without angle brackets, as `cid:` URLs name it


@dataclass(frozen=True)
class ParsedEmail:
    message_id: str
    in_reply_to: list[str]
    references: list[str]
    subject: str
    from_address: str
    from_name: str
    reply_to: list[str]
    to: list[str]
    cc: list[str]
    date: datetime | None
    text: str
    html: str
    visible_text: str
    quoted_text: str
    attachments: list[ParsedAttachment]
    headers: dict[str, str]
    raw_size: int
    # (position among all header fields, value) of each Authentication-Results, top first
    auth_results: list[tuple[int, str]] = field(default_factory=list)


class _MimeMessage(EmailMessage):
    """Report `message/*` parts as opaque to the stdlib parser.

    The feed parser turns `message/rfc822` bodies into nested objects, losing the
    original bytes; reporting another main type keeps the body as raw text, which we
    parse again ourselves (with a depth limit). Delivery status keeps its own branch.
    """

    def get_content_type(self) -> str:
        # The stdlib splits a delivery-status body into header blocks and rewrites them;
        # reported as opaque it keeps the bytes as sent (an attachment, byte for byte).
        ctype = super().get_content_type()
        return "application/octet-stream" if ctype == "message/delivery-status" else ctype

    def get_content_maintype(self) -> str:
        maintype = super().get_content_maintype()
        return "application" if maintype == "message" else maintype


@dataclass
class _Body:
    plain: list[str] = field(default_factory=list)
    html: list[str] = field(default_factory=list)
    attachments: list[ParsedAttachment] = field(default_factory=list)
    parts: int = 0


def parse_email(raw: bytes) -> ParsedEmail:
    """Parse one raw RFC 5322 message; raises only `UnparseableEmail`."""
    try:
        data = bytes(raw)
    except (TypeError, ValueError) as exc:
        raise UnparseableEmail("not bytes") from exc
    if not data.strip():
        raise UnparseableEmail("empty message")
    msg = _parse_bytes(data)
    try:
        if not any(True for _ in msg.raw_items()):
            raise UnparseableEmail("no header fields")
        return _build(msg, data)
    except UnparseableEmail:
        raise
    except Exception as exc:  # A bug must not lose the mail: the caller quarantines it.
        logger.exception("email parser failed")
        raise UnparseableEmail(f"internal error: {type(exc).__name__}") from exc


def _parse_bytes(data: bytes) -> Message:
    data = _repair_header_block(data)
    for parse_policy in (policy.default, policy.compat32):
        try:
            return BytesParser(_class=_MimeMessage, policy=parse_policy).parsebytes(data)
        except Exception:  # Try the older policy; the stdlib parser should not raise.
            logger.warning("email parser raised with %s", parse_policy, exc_info=True)
    raise UnparseableEmail("the stdlib parser failed")


def _repair_header_block(data: bytes) -> bytes:
    """Make two kinds of broken header blocks readable by the stdlib parser.

    A space before the colon (RFC 5322 obsolete syntax, `Subject  :`) is dropped: the
    stdlib takes `From  :` for an mbox "From " line and the rest for body. A stray line
    that is neither a field nor a continuation, followed by more fields, is folded into
    the field above instead of ending the header block early.
    """
    end = _HEADER_END.search(data)
    head, rest = (data[: end.start()], data[end.start() :]) if end else (data, b"")
    lines = _SPACE_BEFORE_COLON.sub(rb"\1:", head).split(b"\n")
    last_field = max(
        (index for index, line in enumerate(lines) if _FIELD_LINE.match(line)), default=-1
    )
    for index in range(1, last_field):
        line = lines[index]
        if line.strip() and not _FIELD_LINE.match(line) and line[:1] not in (b" ", b"\t"):
            lines[index] = b" " + line
    repaired = b"\n".join(lines)
    return data if repaired == head else repaired + rest


def _safe(default: T, func: Callable[..., T], *args: object) -> T:
    try:
        return func(*args)
    except Exception:  # One header or part must not sink the whole mail.
        logger.warning("email parser degraded a field", exc_info=True)
        return default


def _build(msg: Message, data: bytes) -> ParsedEmail:
    charset = _safe(None, lambda: _declared_charset(msg))
    fields = h.header_map(msg, charset)
    body = _Body()
    _safe(None, lambda: _collect(msg, body, depth=0, with_body=True))
    text = clean_text("\n".join(body.plain))
    raw_html = "\n".join(body.html)
    if not text.strip() and raw_html:
        text = _safe("", lambda: html_to_text(raw_html))
    subject = _safe("", lambda: h.decoded_text(h.first(fields, "subject")))
    forwarded = is_forward_subject(subject)
    visible, quoted = _safe(
        (text.strip() or text, ""), lambda: split_reply(text, forwarded=forwarded)
    )
    from_raw = h.first(fields, "from")
    senders = _safe(_NO_PAIRS, lambda: h.addresses(from_raw, "from"))
    return ParsedEmail(
        message_id=_safe("", lambda: h.message_id(h.first(fields, "message-id"))),
        in_reply_to=_safe([], lambda: h.message_ids(fields.get("in-reply-to", []))),
        references=_safe([], lambda: h.message_ids(fields.get("references", []))),
        subject=subject,
        from_address=senders[0][1] if senders else "",
        from_name=_safe("", lambda: h.display_name(from_raw, senders[0][0] if senders else "")),
        reply_to=_address_list(fields, "reply-to"),
        to=_address_list(fields, "to"),
        cc=_address_list(fields, "cc"),
        date=_safe(None, lambda: h.date(h.first(fields, "date"))),
        text=text,
        html=_safe("", lambda: sanitize_html(raw_html) if raw_html.strip() else ""),
        visible_text=visible,
        quoted_text=quoted,
        attachments=body.attachments,
        headers={
            name: h.one_line(fields[name][0]) for name in AUTOMATION_HEADERS if name in fields
        },
        raw_size=len(data),
        auth_results=_safe([], lambda: _auth_results(msg)),
    )


def _auth_results(msg: Message) -> list[tuple[int, str]]:
    return [
        (position, h.one_line(str(value)))
        for position, (key, value) in enumerate(islice(msg.raw_items(), 500))
        if str(key).strip().lower() == "authentication-results"
    ]


def _address_list(fields: dict[str, list[str]], name: str) -> list[str]:
    value = ", ".join(item for item in fields.get(name, []) if item.strip())
    return [addr for _name, addr in _safe(_NO_PAIRS, lambda: h.addresses(value, name))]


def _declared_charset(msg: Message) -> str | None:
    """The charset the sender declared for the mail's text, used for raw 8-bit headers."""
    for part in islice(msg.walk(), 50):
        value = h.param(h.first(h.header_map(part), "content-type"), "charset")
        if value:
            return value
    return None


def _collect(part: Message, body: _Body, *, depth: int, with_body: bool) -> None:
    """Walk the MIME tree depth-first, sorting leaves into body text and attachments."""
    stack: list[tuple[Message, int]] = [(part, depth)]
    while stack and body.parts < MAX_PARTS:
        current, level = stack.pop()
        body.parts += 1
        fields = h.header_map(current)
        mime = h.content_type(h.first(fields, "content-type")) or current.get_default_type()
        if current.is_multipart():
            if level < MAX_DEPTH:
                children = current.get_payload()
                if isinstance(children, list):
                    stack.extend((child, level + 1) for child in reversed(children))
            continue
        if mime.startswith("multipart/"):  # declared multipart, but no usable boundary
            mime = "text/plain"
        _safe(None, _leaf, current, fields, mime, body, level, with_body)


def _leaf(
    part: Message, fields: dict[str, list[str]], mime: str, body: _Body, level: int, with_body: bool
) -> None:
    ctype_raw = h.first(fields, "content-type")
    disposition_raw = h.first(fields, "content-disposition")
    disposition = disposition_raw.split(";", 1)[0].strip().lower()
    filename = (
        h.param(disposition_raw, "filename")
        or h.param(ctype_raw, "name")
        or h.one_line(h.first(fields, "content-location")).rsplit("/", 1)[-1]
    )
    content_id = h.one_line(h.first(fields, "content-id")).strip("<>")
    content = _payload_bytes(part, h.first(fields, "content-transfer-encoding"))
    if mime in ("text/plain", "text/html") and disposition != "attachment" and not filename:
        if with_body:  # the text of an attached message is part of that attachment
            charset = h.param(ctype_raw, "charset")
            if mime == "text/html":
                body.html.append(decode_bytes(content, charset or html_meta_charset(content)))
            else:
                text = clean_text(decode_bytes(content, charset))
                if (h.param(ctype_raw, "format") or "").lower() == "flowed":
                    text = unflow(text, delsp=(h.param(ctype_raw, "delsp") or "").lower() == "yes")
                body.plain.append(text)
        return
    inner: Message | None = None
    if mime in ("message/rfc822", "message/global") and level < MAX_DEPTH:
        content = content.replace(b"\r\n", b"\n")  # as the mail gem's specs expect
        inner = _safe(None, lambda: _parse_bytes(content))
        if not filename and inner is not None:
            subject = h.decoded_text(h.first(h.header_map(inner), "subject"))
            filename = f"{subject[:120]}.eml" if subject else ""
    body.attachments.append(
        ParsedAttachment(
            filename=_safe_filename(filename, mime, len(body.attachments) + 1),
            content_type=mime,
            content=content,
            inline=disposition == "inline" or (not disposition and bool(content_id)),
            content_id=content_id,
        )
    )
    if inner is not None:
        _collect(inner, body, depth=level + 1, with_body=False)


def _safe_filename(name: str, mime: str, number: int) -> str:
    """A file name without directories or control characters; a default when empty."""
    name = _UNSAFE_NAME.sub(" ", name.replace("\\", "/").rsplit("/", 1)[-1])
    name = " ".join(name.split()).strip()
    if name in ("", ".", ".."):
        extension = _EXTENSIONS.get(mime) or guess_extension(mime, strict=False) or ".bin"
        return f"attachment-{number}{extension}"
    if len(name) > 200:
        _stem, dot, extension = name.rpartition(".")
        keep = extension if dot and len(extension) <= 10 else ""
        name = name[: 200 - len(keep) - 1] + ("." + keep if keep else "")
    return name


def _payload_bytes(part: Message, transfer_encoding: str) -> bytes:
    """The decoded content of a leaf part, tolerant of broken transfer encodings."""
    # The stored payload: `get_payload()` would re-decode 8-bit text with replacement.
    payload = getattr(part, "_payload", None) or ""
    if isinstance(payload, list):
        return b""
    if isinstance(payload, bytes):
        data = payload
    else:
        try:
            data = str(payload).encode("ascii", "surrogateescape")
        except UnicodeEncodeError:
            data = str(payload).encode("utf-8", "surrogateescape")
    tokens = re.split(r"[\s;]+", transfer_encoding.strip().lower())
    encoding = tokens[0] if tokens else ""
    if encoding == "base64":
        cleaned = _NOT_BASE64.sub(b"", data)
        cleaned = cleaned[: len(cleaned) - (len(cleaned) % 4 == 1)]
        try:
            return binascii.a2b_base64(cleaned + b"=" * (-len(cleaned) % 4))
        except (binascii.Error, ValueError):
            return data
    if encoding == "quoted-printable":
        return binascii.a2b_qp(data)
    if encoding in ("x-uuencode", "uuencode", "x-uue", "uue"):
        return _uudecode(data)
    return data


def _uudecode(data: bytes) -> bytes:
    out = bytearray()
    started = False
    for line in data.splitlines():
        if not started:
            started = line.startswith(b"begin ")
            continue
        if line.strip() == b"end":
            break
        if not line.strip():
            continue
        try:
            out.extend(binascii.a2b_uu(line))
        except binascii.Error:
            length = (((line[0] - 32) & 63) * 4 + 5) // 3  # ignore trailing garbage
            try:
                out.extend(binascii.a2b_uu(line[:length]))
            except binascii.Error:
                continue
    return bytes(out) if started else data
