"""Is an incoming mail sent by a machine, and is it a bounce? Pure functions, no database.

`classify` follows RFC 3834 and common practice: a helpdesk must never answer an
automatic message (mail loops), and may treat it differently from a customer's mail.
`X-Auto-Response-Suppress` counts when it asks to suppress `All`, `OOF` or `AutoReply`
(what Exchange puts on out-of-office and other generated mail); `DR`/`NDR`/`RN`/`NRN`
alone only ask for no receipts, which ordinary Outlook mail does too.

`bounce_of` reads delivery status notifications (RFC 3464 `multipart/report;
report-type=delivery-status`) and the common non-standard bounces that MAILER-DAEMON
or postmaster send with a copy of the original message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import policy
from email.parser import BytesHeaderParser

from . import headers as h
from .parse import ParsedAttachment, ParsedEmail

_NOREPLY = re.compile(r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply)(?:[-_.].*)?$")
_SYSTEM_SENDERS = {"mailer-daemon", "postmaster"}
_DSN_TYPES = ("message/delivery-status", "message/global-delivery-status")
_ORIGINAL_TYPES = (
    "message/rfc822",
    "message/global",
    "text/rfc822-headers",
    "message/global-headers",
)
_STATUS = re.compile(r"\b([245]\.\d{1,3}\.\d{1,3})\b")
_SMTP_CODE = re.compile(r"\b([45][0-9][0-9])[\s-]")
_ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
_MESSAGE_ID_LINE = re.compile(r"(?im)^message-id:\s*(<[^<>\s]+>)")
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|undelivered|delivery (?:status notification|failure|has failed|problem)|"
    r"returned mail|failure notice|mail delivery failed|could not be delivered|"
    r"nondeliverable|non-delivery",
    re.IGNORECASE,
)
_DELAY_SUBJECT = re.compile(r"delay|warning|not yet been delivered", re.IGNORECASE)
_COPY_MARKER = re.compile(
    r"(?im)^.*(?:below this line is a copy|copy of the (?:original )?message|"
    r"original message (?:follows|headers)|message headers follow|undelivered message).*$"
)
_FAILURE_LINE = re.compile(
    r"fail|reject|denied|unknown|not exist|does not|doesn't|no such|invalid|unavailable|"
    r"undeliver|refused|over quota|quota|full|disabled|blocked|error",
    re.IGNORECASE,
)
_STATUS_TEXT = {
    "0.0": "Other undefined status",
    "1.0": "Other address status",
    "1.1": "Bad destination mailbox address",
    "1.2": "Bad destination system address",
    "1.3": "Bad destination mailbox address syntax",
    "1.6": "Destination mailbox has moved",
    "1.10": "Recipient address has null MX",
    "2.0": "Other or undefined mailbox status",
    "2.1": "Mailbox disabled, not accepting messages",
    "2.2": "Mailbox full",
    "2.3": "Message length exceeds administrative limit",
    "3.0": "Other or undefined mail system status",
    "3.1": "Mail system full",
    "3.4": "Message too big for system",
    "4.0": "Other or undefined network or routing status",
    "4.1": "No answer from host",
    "4.4": "Unable to route",
    "4.6": "Routing loop detected",
    "4.7": "Delivery time expired",
    "5.0": "Other or undefined protocol status",
    "7.0": "Other or undefined security status",
    "7.1": "Delivery not authorized, message refused",
}


@dataclass(frozen=True)
class Automatic:
    is_automatic: bool
    reason: str = ""


@dataclass(frozen=True)
class Bounce:
    failed_recipients: list[str]
    status: str  # RFC 3463 enhanced status code, e.g. "5.1.1"; '' when unknown
    diagnostic: str  # one line, human readable
    original_message_id: str  # of the message that bounced, '' when not included
    permanent: bool


def classify(parsed: ParsedEmail) -> Automatic:
    """Whether a mail was sent automatically (RFC 3834), and the rule that says so."""
    headers = parsed.headers
    mime = h.content_type(headers.get("content-type", ""))
    if mime == "multipart/report":
        report = (h.param(headers.get("content-type", ""), "report-type") or "").lower()
        if report == "disposition-notification":
            return Automatic(True, "read receipt (disposition notification)")
        return Automatic(True, f"delivery report ({report or 'unknown type'})")
    auto_submitted = _token(headers.get("auto-submitted", ""))
    if auto_submitted and auto_submitted != "no":
        return Automatic(True, f"Auto-Submitted: {auto_submitted}")
    for name in ("x-autoreply", "x-autorespond"):
        if name in headers and _token(headers[name]) not in ("no", "false", "0"):
            return Automatic(True, f"{name} header")
    precedence = _token(headers.get("precedence", ""))
    if precedence in ("bulk", "junk", "list", "auto_reply", "auto-reply"):
        return Automatic(True, f"Precedence: {precedence}")
    for name in ("list-id", "list-unsubscribe"):
        if name in headers:
            return Automatic(True, f"mailing list ({name} header)")
    suppress = set(re.split(r"[\s,;]+", headers.get("x-auto-response-suppress", "").lower()))
    if suppress & {"all", "oof", "autoreply"}:
        return Automatic(True, "X-Auto-Response-Suppress: " + headers["x-auto-response-suppress"])
    if "return-path" in headers and headers["return-path"].strip(" <>") == "":
        return Automatic(True, "null sender (Return-Path: <>)")
    if not parsed.from_address:
        return Automatic(True, "no sender address")
    local = parsed.from_address.rsplit("@", 1)[0].split("+", 1)[0]
    if local in _SYSTEM_SENDERS or _NOREPLY.match(local):
        return Automatic(True, f"system sender ({local})")
    if "x-frontdesk-ticket" in headers:
        return Automatic(True, "our own message came back (X-Frontdesk-Ticket)")
    return Automatic(False)


def _token(value: str) -> str:
    """The first word of a header value, lower-cased: `auto-generated (failure)` -> …"""
    parts = re.split(r"[\s;(]+", value.strip().lower(), maxsplit=1)
    return parts[0] if parts else ""


def bounce_of(raw: bytes, parsed: ParsedEmail) -> Bounce | None:
    """The bounce a mail reports, or None when it is not a (failure or delay) bounce."""
    content_type = parsed.headers.get("content-type", "")
    report = (h.param(content_type, "report-type") or "").lower()
    if h.content_type(content_type) == "multipart/report" and report == "disposition-notification":
        return None
    reports = [a for a in parsed.attachments if a.content_type in _DSN_TYPES]
    original = next((a for a in parsed.attachments if a.content_type in _ORIGINAL_TYPES), None)
    original_id = _original_message_id(original, parsed)
    if reports:
        # A person forwarding a delivery report to us (not a multipart/report from a mail
        # system) is asking for help: their mail is a request, not a bounce.
        if h.content_type(content_type) != "multipart/report" and not classify(parsed).is_automatic:
            return None
        return _standard_bounce(reports, parsed, original_id)
    return _nonstandard_bounce(raw, parsed, original, original_id)


def _standard_bounce(
    reports: list[ParsedAttachment], parsed: ParsedEmail, original_id: str
) -> Bounce | None:
    recipients: list[dict[str, str]] = []
    for part in reports:
        recipients.extend(_recipient_blocks(part.content.decode("utf-8", "replace")))
    failed = [r for r in recipients if r.get("action", "failed") == "failed"]
    chosen = failed or [r for r in recipients if r.get("action") == "delayed"]
    if recipients and not chosen:
        return None  # delivered / relayed / expanded: a success notice, not a bounce
    addresses = list(dict.fromkeys(r["recipient"] for r in chosen if r.get("recipient")))
    first = chosen[0] if chosen else {}
    diagnostic = first.get("diagnostic", "")
    status = _status(first.get("status", "")) or _status(diagnostic) or _status(parsed.text)
    if not status and not addresses and not original_id:
        return None
    permanent = status.startswith("5") if status else first.get("action", "failed") == "failed"
    return Bounce(
        failed_recipients=addresses,
        status=status,
        diagnostic=_one_line(diagnostic) or _describe(status),
        original_message_id=original_id,
        permanent=permanent,
    )


def _recipient_blocks(text: str) -> list[dict[str, str]]:
    """Per-recipient field blocks of a delivery-status body (RFC 3464 section 2.3)."""
    blocks: list[dict[str, str]] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        fields: dict[str, str] = {}
        key = ""
        for line in chunk.split("\n"):
            if line[:1] in (" ", "\t") and key:
                fields[key] += " " + line.strip()
            elif ":" in line:
                key, _, value = line.partition(":")
                key = key.strip().lower()
                fields[key] = value.strip()
        recipient = fields.get("final-recipient") or fields.get("original-recipient")
        if not recipient and "action" not in fields and "status" not in fields:
            continue
        address = (recipient or "").split(";", 1)[-1].strip().strip("<>").lower()
        diagnostic = fields.get("diagnostic-code", "").split(";", 1)[-1]
        blocks.append(
            {
                "recipient": address if "@" in address else "",
                "action": fields.get("action", "failed").strip().lower() or "failed",
                "status": fields.get("status", ""),
                "diagnostic": diagnostic,
            }
        )
    return blocks


def _nonstandard_bounce(
    raw: bytes, parsed: ParsedEmail, original: ParsedAttachment | None, original_id: str
) -> Bounce | None:
    local = parsed.from_address.rsplit("@", 1)[0]
    from_system = local in _SYSTEM_SENDERS or not parsed.from_address
    # A customer forwarding a bounce to us is asking for help: that mail is not automatic.
    if not from_system and not (
        _BOUNCE_SUBJECT.search(parsed.subject) and classify(parsed).is_automatic
    ):
        return None
    report_text = _COPY_MARKER.split(parsed.text, maxsplit=1)[0]
    failed = _failed_header(raw) or _failed_from_text(report_text, parsed, original)
    if not failed and not original_id:
        return None
    status = _status(report_text)
    line = next(
        (line for line in report_text.split("\n") if status and status in line),
        next((line for line in report_text.split("\n") if _FAILURE_LINE.search(line)), ""),
    )
    permanent = status.startswith("5") if status else not _DELAY_SUBJECT.search(parsed.subject)
    return Bounce(
        failed_recipients=failed,
        status=status,
        diagnostic=_one_line(line) or _describe(status),
        original_message_id=original_id,
        permanent=permanent,
    )


def _failed_header(raw: bytes) -> list[str]:
    """Exim and others name the failed addresses in X-Failed-Recipients."""
    try:
        headers = BytesHeaderParser(policy=policy.compat32).parsebytes(raw[:65536])
        values = [str(v) for v in headers.get_all("x-failed-recipients") or []]
    except Exception:  # A header we cannot read is a header we do not have.
        return []
    return [addr for _name, addr in h.addresses(", ".join(values))]


def _failed_from_text(
    text: str, parsed: ParsedEmail, original: ParsedAttachment | None
) -> list[str]:
    """Addresses on failure lines of a bounce's text, preferring the original's recipients."""
    own = {parsed.from_address, *parsed.to, *parsed.cc}
    found: list[str] = []
    for line in text.split("\n"):
        for address in _ADDRESS.findall(line):
            address = address.lower()
            if address in own or address.split("@")[0] in _SYSTEM_SENDERS or address in found:
                continue
            if _FAILURE_LINE.search(line) or line.strip().startswith(("<", address)):
                found.append(address)
    recipients = _original_recipients(original)
    preferred = [address for address in found if address in recipients]
    return preferred or found


def _original_recipients(original: ParsedAttachment | None) -> set[str]:
    if original is None:
        return set()
    headers = _HeaderBlock(original.content)
    values = [v for name in ("to", "cc") for v in headers.get_all(name)]
    return {addr for _name, addr in h.addresses(", ".join(values))}


def _original_message_id(original: ParsedAttachment | None, parsed: ParsedEmail) -> str:
    if original is not None:
        value = _HeaderBlock(original.content).get("message-id")
        if value:
            return h.message_id(value)
    match = _MESSAGE_ID_LINE.search(parsed.text)
    return match.group(1) if match else ""


class _HeaderBlock:
    """The header fields of an embedded message or header block, read leniently."""

    def __init__(self, content: bytes) -> None:
        try:
            message = BytesHeaderParser(policy=policy.compat32).parsebytes(content[:65536])
            self.fields = h.header_map(message)
        except Exception:  # An unreadable copy of the original: no fields.
            self.fields = {}

    def get(self, name: str) -> str:
        return h.first(self.fields, name)

    def get_all(self, name: str) -> list[str]:
        return self.fields.get(name, [])


def _status(text: str) -> str:
    """The enhanced status code in `text`, else one derived from an SMTP reply code."""
    match = _STATUS.search(text)
    if match:
        return match.group(1)
    for line in text.split("\n"):
        code = _SMTP_CODE.search(line)
        if code and _FAILURE_LINE.search(line):
            return f"{code.group(1)[0]}.0.0"
    return ""


def _describe(status: str) -> str:
    if not status:
        return ""
    kind = "Permanent failure" if status.startswith("5") else "Temporary failure"
    detail = _STATUS_TEXT.get(status.split(".", 1)[1], "")
    return f"{kind}: {detail}" if detail else kind


def _one_line(text: str, limit: int = 300) -> str:
    return h.one_line(text)[:limit]
