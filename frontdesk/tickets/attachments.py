"""Storing attachments safely (SECURITY.md checks 28-32, docs/attachments.md).

* The type is the server's own, sniffed from the first bytes; the sender's claim and
  the file name are not trusted. A name whose extension says something else is flagged.
* Each channel accepts a list of types (`FRONTDESK_UPLOAD_TYPES_<CHANNEL>`): a refused
  upload is an error the sender sees, but an email's file is kept and blocked (nothing
  that arrived by email is lost; an administrator can release it).
* Images are re-encoded without their metadata (EXIF GPS…), with a pixel limit.
* With a malware scanner configured, each file is scanned by a background job (scan.py).
"""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Sequence
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from frontdesk.core.errors import Invalid
from frontdesk.core.jobs import enqueue_with_transaction
from frontdesk.core.text import one_line
from frontdesk.tickets.choices import AuthorType, Refusal, ScanState
from frontdesk.tickets.images import IMAGE_TYPES, ImageRefused, reencode_image

if TYPE_CHECKING:
    from frontdesk.tickets.models import Message
    from frontdesk.tickets.services import NewAttachment

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (.doc, .xls, .ppt, .msg)
EXECUTABLE = "application/x-executable"
SCRIPT = "application/x-script"
MAGIC = [
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"PK\x03\x04", "application/zip"),
    (b"PK\x05\x06", "application/zip"),  # an empty archive
    (b"MZ", EXECUTABLE),  # Windows .exe/.dll
    (b"\x7fELF", EXECUTABLE),
    (b"\xcf\xfa\xed\xfe", EXECUTABLE),  # Mach-O
    (b"\xce\xfa\xed\xfe", EXECUTABLE),
    (b"\xca\xfe\xba\xbe", EXECUTABLE),  # Mach-O universal, Java class
    (b"Rar!\x1a\x07", "application/vnd.rar"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"\x1f\x8b", "application/gzip"),
    (b"RIFF", "application/octet-stream"),  # audio, video (WebP is checked first)
]
# The types an extension stands for: our own table (the system's mime.types differs
# from machine to machine), then Python's built-in one.
EXTENSION_TYPES = {
    ".docx": DOCX,
    ".xlsx": XLSX,
    ".pptx": PPTX,
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".msg": "application/vnd.ms-outlook",
    ".odt": "application/vnd.oasis.opendocument.text",
    ".ods": "application/vnd.oasis.opendocument.spreadsheet",
    ".odp": "application/vnd.oasis.opendocument.presentation",
    ".webp": "image/webp",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".csv": "text/csv",
    ".txt": "text/plain",
    ".log": "text/plain",
    ".md": "text/plain",
    ".exe": EXECUTABLE,
    ".dll": EXECUTABLE,
    ".msi": EXECUTABLE,
    ".scr": EXECUTABLE,
    ".com": EXECUTABLE,
}
# Text that a computer would run if opened: never accepted as plain text.
SCRIPT_EXTENSIONS = {
    ".bat", ".cmd", ".com", ".cpl", ".hta", ".jar", ".js", ".jse", ".lnk", ".mjs", ".msc",
    ".ps1", ".psm1", ".py", ".reg", ".scf", ".sh", ".vb", ".vbe", ".vbs", ".wsc", ".wsf",
    ".wsh", ".pl", ".php", ".rb", ".command", ".applescript",
}  # fmt: skip
TYPE_GROUPS = {
    "images": set(IMAGE_TYPES),
    "pdf": {"application/pdf"},
    "office": {
        DOCX,
        XLSX,
        PPTX,
        "application/msword",
        "application/vnd.ms-excel",
        "application/vnd.ms-powerpoint",
        "application/vnd.ms-outlook",
        "application/vnd.oasis.opendocument.text",
        "application/vnd.oasis.opendocument.spreadsheet",
        "application/vnd.oasis.opendocument.presentation",
    },
    "text": {"text/plain"},
    "csv": {"text/csv"},
    "zip": {"application/zip"},
}
DEFAULT_TYPES = set().union(*TYPE_GROUPS.values())
TEXT_LIKE = {"application/json", "application/xml", "text/xml"}
_BUILT_IN_TYPES = mimetypes.MimeTypes()  # Python's table only, not /etc/mime.types


def extension_type(filename: str) -> str | None:
    suffix = PurePosixPath(filename).suffix.lower()
    return EXTENSION_TYPES.get(suffix) or _BUILT_IN_TYPES.guess_type(f"x{suffix}")[0]


def _zip_type(content: bytes, filename: str) -> str:
    # An OpenDocument file stores its type, uncompressed, as the first member "mimetype".
    if content[30:38] == b"mimetype":
        size = int.from_bytes(content[18:22], "little")
        extra = int.from_bytes(content[28:30], "little")
        kind = content[38 + extra : 38 + extra + size].decode("ascii", "replace")
        if kind.startswith("application/vnd.oasis.opendocument."):
            return kind
    guessed = extension_type(filename) or ""
    return guessed if guessed in (DOCX, XLSX, PPTX) else "application/zip"


def sniff_content_type(content: bytes, filename: str) -> str:
    """The server's own idea of the type; never trusts what the sender claimed."""
    if content.startswith(b"RIFF") and content[8:12] == b"WEBP":
        return "image/webp"
    if content.startswith(OLE2):
        guessed = extension_type(filename) or ""
        return guessed if guessed in TYPE_GROUPS["office"] else "application/x-ole-storage"
    for magic, kind in MAGIC:
        if content.startswith(magic):
            return _zip_type(content, filename) if kind == "application/zip" else kind
    head = content[:512].lstrip().lower()
    if head.startswith((b"<svg", b"<?xml")) or b"<svg" in head:
        return "image/svg+xml"
    if head.startswith((b"<!doctype html", b"<html")) or b"<script" in head:
        return "text/html"
    try:
        content[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    suffix = PurePosixPath(filename).suffix.lower()
    if content.startswith(b"#!") or suffix in SCRIPT_EXTENSIONS:
        return SCRIPT
    return "text/csv" if suffix == ".csv" else "text/plain"


def _family(content_type: str) -> str:
    if content_type.startswith("text/") or content_type in TEXT_LIKE:
        return "text"
    return content_type


def extension_mismatch(filename: str, content_type: str) -> bool:
    """True when the name's extension stands for another kind of file than the content
    (an `invoice.pdf` that is a program). Unknown or missing extensions say nothing."""
    guessed = extension_type(filename)
    if guessed is None or guessed == "application/octet-stream":
        return False
    return _family(guessed) != _family(content_type)


def upload_channel(message: Message) -> str:
    """The key of `FRONTDESK_UPLOAD_TYPES` for a message: who sent it, and how."""
    if message.author_type == AuthorType.AGENT:
        return "agent"
    return {"web": "portal", "social": "chat"}.get(message.channel, message.channel)


def accepted_types(channel: str) -> set[str]:
    """The types a channel accepts, from `FRONTDESK_UPLOAD_TYPES` (read at call time)."""
    entries = settings.FRONTDESK_UPLOAD_TYPES.get(channel, ["default"])
    accepted: set[str] = set()
    for entry in entries:
        entry = entry.strip().lower()
        if entry == "default":
            accepted |= DEFAULT_TYPES
        elif entry in TYPE_GROUPS:
            accepted |= TYPE_GROUPS[entry]
        elif "/" in entry:
            accepted.add(entry)
        elif entry != "none":
            raise ImproperlyConfigured(
                f"FRONTDESK_UPLOAD_TYPES_{channel.upper()}: {entry!r} is neither a group "
                f"({', '.join(sorted(TYPE_GROUPS))}, default, none) nor a MIME type"
            )
    return accepted


def safe_filename(filename: str) -> str:
    name = one_line(filename.replace("\\", "/").split("/")[-1], 255).strip(". ")
    return name or "attachment"


def scanner_configured() -> bool:
    return bool(settings.FRONTDESK_CLAMD_SOCKET or settings.FRONTDESK_CLAMD_TCP)


def _check_limits(message: Message, attachments: Sequence[NewAttachment]) -> None:
    from frontdesk.tickets.models import Attachment

    total = sum(len(a.content) for a in attachments)
    if total > settings.FRONTDESK_MAX_MESSAGE_BYTES:
        raise Invalid(
            _("The attachments are larger than the limit per message."), field="attachments"
        )
    existing = Attachment.objects.filter(message__ticket_id=message.ticket_id).count()
    if existing + len(attachments) > settings.FRONTDESK_MAX_ATTACHMENTS_PER_TICKET:
        raise Invalid(_("This ticket has reached its limit of attachments."), field="attachments")
    for item in attachments:
        if len(item.content) > settings.FRONTDESK_MAX_ATTACHMENT_BYTES:
            raise Invalid(
                _("%(name)s is larger than the limit per file.")
                % {"name": safe_filename(item.filename)},
                field="attachments",
            )


def store_all(message: Message, attachments: Sequence[NewAttachment]) -> None:
    """Check and keep the files of a new message (inside its transaction)."""
    from frontdesk.tickets.models import Attachment

    if not attachments:
        return
    _check_limits(message, attachments)
    channel = upload_channel(message)
    accepted = accepted_types(channel)
    keep_refused = channel == "email"  # what arrived by email is never lost
    scan = scanner_configured()
    stored = []
    for item in attachments:
        name = safe_filename(item.filename)
        content = item.content
        content_type = sniff_content_type(content, name)
        refused = ""
        if content_type not in accepted:
            if not keep_refused:
                raise Invalid(
                    _("%(name)s: files of this type (%(type)s) are not accepted here.")
                    % {"name": name, "type": content_type},
                    field="attachments",
                )
            refused = Refusal.TYPE
        elif content_type in IMAGE_TYPES:
            try:
                content = reencode_image(content, content_type)
            except ImageRefused as error:
                if not keep_refused:
                    raise Invalid(
                        _("%(name)s: %(reason)s") % {"name": name, "reason": error.reason},
                        field="attachments",
                    ) from error
                refused = Refusal.IMAGE
        attachment = Attachment(
            message=message,
            filename=name,
            content_type=content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            type_mismatch=extension_mismatch(name, content_type),
            refused=refused,
            scan_state=ScanState.PENDING if scan else ScanState.NOT_SCANNED,
        )
        attachment.file.save(name, ContentFile(content), save=False)
        attachment.save()
        stored.append(attachment.pk)
    if scan:
        from frontdesk.tickets.scan import scan_attachment

        for pk in stored:
            enqueue_with_transaction(scan_attachment, pk)
