"""Notes the system writes into a ticket's history, stored as facts and worded when read.

A note the system writes (a mention, a committed time, a missed deadline…) is kept in
`TicketEvent.facts` as a code and its parameters; `note_text` words it in the reader's
language, with times in the reader's time zone. `TicketEvent.note` still gets the
wording of the moment, for the API and for rows written before facts existed (shown as
they are). Agents' own notes have no facts and are shown as written. The same goes for
the messages the system writes (`Message.facts`, `message_text`: a hand-off note, a
merge, an automatic reply, an SLA escalation's hand-off) and for an SLA escalation's
reason on the ticket (`Ticket.escalation_facts`, `escalation_text`).

Parameters are JSON: a string or number is shown as is (a name, a reference, the agent's
own text); `{"msgid": …}` is a label translated when read (the msgid must be marked for
translation where it is defined); `{"at": ISO time}` is a time; `{"texts": {lang: text}}`
is a text the business wrote per language; a list is a comma-separated list of these.
A `then` parameter is text shown as written after the note, below a blank line (the
automatic reply itself under "Automatic reply from …:").
Each app adds its codes here (plain strings, so no layer is crossed).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext, gettext_noop

from frontdesk.tickets.models import Message, Ticket, TicketEvent

NOTES: dict[str, str] = {
    "mentioned": gettext_noop("Mentioned in an internal note."),
    "committed_time": gettext_noop("Committed time: %(due)s"),
    "auto_closed": gettext_noop("Closed automatically: no reply since it was solved."),
    "deadline": gettext_noop("%(target)s due %(due)s"),
    "escalated": gettext_noop(
        "Deadline missed (%(targets)s): escalated by the SLA policy “%(policy)s”."
    ),
    "follow_up": gettext_noop("Follow-up: did it work?"),
    "follow_up_not_emailed": gettext_noop("Follow-up (not emailed)"),
    "handoff": gettext_noop("Hand-off note: %(note)s"),
    "merged_into": gettext_noop("Merged into %(ref)s."),
    "auto_reply": gettext_noop("Automatic reply from %(sender)s:"),
}


def facts(code: str, **params: Any) -> dict[str, Any]:
    """What to store in `facts` (of an event, a message, a ticket) for the note `code`."""
    assert code in NOTES or code == "solved", code
    return {"code": code, **params}


def label(msgid: str) -> dict[str, str]:
    """A parameter translated when read: `msgid` is the English label."""
    return {"msgid": str(msgid)}


def at(moment: datetime) -> dict[str, str]:
    """A parameter shown as a time in the reader's time zone."""
    return {"at": moment.isoformat()}


def local_text(texts: Mapping[str, str], language: str) -> str:
    """`texts` ({language: text}) in `language` (or its base), else English, else any."""
    base = (language or "").split("-")[0].lower()
    for code in (language, base, "en"):
        if texts.get(code):
            return texts[code]
    return next((text for text in texts.values() if text), "")


def _time(value: str, tz: tzinfo | None) -> str:
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = timezone.localtime(moment, tz)
    return f"{formats.date_format(local, 'DATETIME_FORMAT')} {local.tzname() or ''}".strip()


def _value(value: Any, tz: tzinfo | None) -> str:
    if isinstance(value, list):
        return ", ".join(_value(item, tz) for item in value)
    if isinstance(value, dict):
        if "msgid" in value:
            return gettext(str(value["msgid"]))
        if "at" in value:
            return _time(str(value["at"]), tz)
        if "texts" in value:
            return local_text(value["texts"], translation.get_language() or "")
        return ""
    return str(value)


def _solved(data: Mapping[str, Any], tz: tzinfo | None) -> str:
    lines = [
        ("✓ " if row.get("answer") else "✗ ") + _value(row.get("text", ""), tz)
        for row in data.get("items", [])
    ]
    if data.get("note"):
        lines.append(gettext("Note: %(note)s") % {"note": data["note"]})
    return "\n".join(lines)


def worded(data: Mapping[str, Any] | None, stored: str, tz: tzinfo | None = None) -> str:
    """The note of `data` (facts) in the active language, times in `tz` (default: the
    active zone). Without facts, or with a code this version does not know: `stored`."""
    data = data or {}
    code = data.get("code", "")
    try:
        if code == "solved":
            return _solved(data, tz)
        if code in NOTES:
            params = {name: _value(value, tz) for name, value in data.items() if name != "code"}
            text = gettext(NOTES[code]) % params
            return f"{text}\n\n{data['then']}" if data.get("then") else text
    except (KeyError, TypeError, ValueError):
        pass  # a row written by another version: its stored wording is still right
    return stored


def note_text(event: TicketEvent, tz: tzinfo | None = None) -> str:
    """The event's note in the active language (rows without facts: `note` as stored)."""
    return worded(event.facts, event.note, tz)


def message_text(message: Message, tz: tzinfo | None = None) -> str:
    """A message's text: a system-written one in the active language, others as written."""
    return worded(message.facts, message.body, tz)


def escalation_text(ticket: Ticket, tz: tzinfo | None = None) -> str:
    """Why the ticket is escalated: an SLA escalation's reason in the active language."""
    return worded(ticket.escalation_facts, ticket.escalation_reason, tz)
