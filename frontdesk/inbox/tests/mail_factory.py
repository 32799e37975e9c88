"""Raw emails as a customer's mail client writes them, for the ingestion tests."""

from __future__ import annotations

import itertools
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from django.utils import timezone

_counter = itertools.count(1)


def raw_email(
    *,
    sender: str = "ayse@example.com",
    name: str = "",
    to: str = "support@example.com",
    cc: str = "",
    subject: str = "Order question",
    body: str = "Hello, where is my order number 12345? It has not arrived yet.",
    message_id: str | None = None,
    in_reply_to: str = "",
    references: str = "",
    headers: dict[str, str] | None = None,
    attachments: list[tuple[str, bytes, str]] = (),  # type: ignore[assignment]
    html: str = "",
) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"{name} <{sender}>" if name else sender
    msg["To"] = to
    if cc:
        msg["Cc"] = cc
    msg["Subject"] = subject
    msg["Date"] = format_datetime(timezone.now())
    msg["Message-ID"] = message_id or make_msgid(f"c{next(_counter)}", domain="mail.example.com")
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    if references:
        msg["References"] = references
    for key, value in (headers or {}).items():
        msg[key] = value
    msg.set_content(body)
    if html:
        msg.add_alternative(html, subtype="html")
    for filename, content, content_type in attachments:
        maintype, subtype = content_type.split("/")
        msg.add_attachment(content, maintype=maintype, subtype=subtype, filename=filename)
    return msg.as_bytes()


def quoting_reply(original_text: str, reply: str, *, attribution: str) -> str:
    quoted = "\n".join(f"> {line}" for line in original_text.splitlines())
    return f"{reply}\n\n{attribution}\n{quoted}\n"
