"""What the inbox list and its option lists show, computed once in Python.

The list is the page agents load all day. Django's template engine costs about a
microsecond per variable lookup and much more per `get_FOO_display`, `{% url %}`,
`{% blocktranslate %}` or form widget; fifty rows and a few hundred `<option>`s made
that most of the request (docs/performance.md). So the view hands the templates plain
dicts of ready strings and `(value, label)` pairs, and the templates only loop.

The cells of a row (everything but its checkbox, which depends on the selection) are
written here too, in one f-string per row: through the template they were ~40 node
renders per row. `row_cells` and `rows_html` are the markup of the list's rows;
`inbox_list.html` places them (template tag `inbox_table_rows`). A row is one line on a
wide screen (subject, customer, assignee and team, status, priority, the next SLA
deadline, last update) and the subject with a line of details on a phone.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from datetime import datetime
from functools import lru_cache
from typing import NamedTuple, TypedDict

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from frontdesk.accounts.models import User
from frontdesk.core.html import EMPTY, HtmlTemplate, html, html_concat, html_join
from frontdesk.tickets.choices import Priority, Status
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.queries import Due
from frontdesk.tickets.widgets import SELECTED


class InboxRow(TypedDict):
    pk: int
    url: str
    select_label: str
    reference: str
    subject: str
    customer: str
    status: str
    status_label: str
    priority: str
    priority_label: str
    team: str
    assignee: str
    escalated: bool
    escalation_reason: str
    tags: list[str]
    updated_iso: str
    updated_title: str
    updated_ago: str
    due: SafeString  # the next SLA deadline's `<time>` (or a muted dash)
    cells: SafeString


@lru_cache(maxsize=4096)
def _local_datetime(iso: str, zone: str, language: str, local: datetime) -> str:
    """`date_format(local, "DATETIME_FORMAT")`, remembered: the same tickets are on the
    inbox all day and formatting costs ~20 µs. The key is the local time written out
    with its offset, the zone's name and the language (aware datetimes alone compare
    equal across zones)."""
    return formats.date_format(local, "DATETIME_FORMAT")


def _updated(
    moment: datetime, now: datetime, just_now: str, ago_format: str, language: str
) -> tuple[str, str, str]:
    """(ISO time, full local date and time, "3 hours ago" or "just now"); `just_now` and
    `ago_format` are those two texts translated (once per page)."""
    local = timezone.localtime(moment)
    if (now - moment).total_seconds() < 60:
        ago = just_now
    else:
        ago = ago_format % {"time": timesince(moment, now, depth=1)}
    iso = local.isoformat()
    return iso, _local_datetime(iso, str(local.tzinfo), language, local), ago


class DueTexts(NamedTuple):
    """The texts of the due column in the page's language, translated once per page."""

    minutes: str
    hours: str
    days: str
    ahead: str
    late: str
    title: str
    language: str
    zone: str  # the reader's (active) time zone's name

    @classmethod
    def current(cls) -> DueTexts:
        return cls(
            _("%(n)d min"), _("%(n)d h"), _("%(n)d d"),
            _("in %(time)s"), _("%(time)s late"), _("Due %(time)s"),
            get_language() or "", timezone.get_current_timezone_name(),
        )  # fmt: skip


def time_span(seconds: float, texts: DueTexts) -> str:
    """A span for a glance, rounded down to one unit: "45 min", "5 h" (under two days),
    "3 d"; at least "1 min"."""
    minutes = max(1, int(abs(seconds) // 60))
    if minutes < 60:
        return texts.minutes % {"n": minutes}
    if minutes < 48 * 60:
        return texts.hours % {"n": minutes // 60}
    return texts.days % {"n": minutes // (24 * 60)}


def due_state(due: Due, now: datetime) -> str:
    """ "late" from the due time on, "warned" once a warning time passed, else ""."""
    if now >= due.at:
        return "late"
    return "warned" if due.warned else ""


DUE = HtmlTemplate('<time class="due{state}" datetime="{iso}" title="{title}">{text}</time>')
NO_DUE = html('<span class="muted">—</span>')
DUE_CLASSES = {"late": " is-late", "warned": " is-warned", "": ""}


def due_cell(due: Due | None, now: datetime, texts: DueTexts) -> SafeString:
    """The next deadline relative to now ("in 2 h", "3 h late"), red when late, amber
    once warned; its date and time in the reader's time zone in the title."""
    if due is None:
        return NO_DUE
    state = due_state(due, now)
    span = time_span((due.at - now).total_seconds(), texts)
    text = (texts.late if state == "late" else texts.ahead) % {"time": span}
    iso, title = _due_time(due.at, texts.zone, texts.language, texts.title)
    return DUE.fill(state=DUE_CLASSES[state], iso=iso, title=title, text=text)


@lru_cache(maxsize=4096)
def _due_time(at: datetime, zone: str, language: str, title: str) -> tuple[str, str]:
    """(ISO time, "Due <date and time>") in the active time zone, remembered: the key
    is the moment, the zone's name (the active one), the language and the title text."""
    local = timezone.localtime(at)
    return local.isoformat(), title % {"time": formats.date_format(local, "DATETIME_FORMAT")}


ROW_CELLS = HtmlTemplate(
    '<td class="col-main">\n'
    '        <div class="row-line">'
    '<span class="ref">{reference}</span>'
    '<a class="ticket-link" href="{url}" title="{subject}">{subject}</a>'
    "{escalated}{tags}</div>\n"
    '        <div class="row-meta show-sm">\n'
    '          <span class="customer">{customer}</span>\n'
    "          {status}\n"
    "          {unusual_priority}\n"
    "          <span>{assignee_or_unassigned}</span>\n"
    "          {due}\n"
    "        </div>\n"
    "      </td>\n"
    '      <td class="hide-sm col-customer" title="{customer}">{customer}</td>\n'
    '      <td class="hide-sm col-owner">{assignee_cell}{team}</td>\n'
    '      <td class="hide-sm col-status">{status}</td>\n'
    '      <td class="hide-sm col-priority">{priority}</td>\n'
    '      <td class="hide-sm col-due">{due_cell}</td>\n'
    '      <td class="hide-sm col-updated">'
    '<time datetime="{updated_iso}" title="{updated_title}">{updated_ago}</time>'
    "</td>"
)
BADGE = '<span class="badge badge-{}">{}</span>'
ROW = HtmlTemplate(
    '\n    <tr class="inbox-row{escalated}" data-ticket-id="{pk}" data-href="{url}">\n'
    '      <td class="col-select"><input type="checkbox" name="ticket"'
    ' value="{pk}"{checked} aria-label="{select_label}"></td>\n'
    "      {cells}\n"
    "    </tr>\n  "
)
IS_ESCALATED, CHECKED = html(" is-escalated"), html(" checked")
TEAM = HtmlTemplate('<span class="col-team"> · {name}</span>')


@lru_cache(maxsize=256)
def _badge(kind: str, label: str) -> SafeString:
    """A status or priority badge: a handful of them, written for every row."""
    return html(BADGE, kind, label)


@lru_cache(maxsize=64)
def _unassigned(label: str) -> tuple[SafeString, SafeString]:
    """The "Unassigned" text (each language's), and its muted cell."""
    return html("{}", label), html('<span class="muted">{}</span>', label)


def row_cells(row: InboxRow, escalated_label: str, unassigned_label: str) -> SafeString:
    """The row's cells after the checkbox: one line per ticket on a wide screen (the
    `hide-sm` columns), the subject and a line of details on a phone (`show-sm`)."""
    status = _badge(row["status"], row["status_label"])
    priority = _badge(row["priority"], row["priority_label"])
    unassigned, unassigned_cell = _unassigned(unassigned_label)
    escalated = (
        html(
            '<span class="badge badge-escalated" title="{}">{}</span>',
            row["escalation_reason"],
            escalated_label,
        )
        if row["escalated"]
        else EMPTY
    )
    tags = (
        html_join('<span class="tag">{}</span>', [(tag,) for tag in row["tags"]])
        if row["tags"]
        else EMPTY
    )
    assignee = row["assignee"]
    return ROW_CELLS.fill(
        reference=row["reference"],
        url=row["url"],
        subject=row["subject"],
        escalated=escalated,
        tags=tags,
        customer=row["customer"],
        status=status,
        unusual_priority=priority if row["priority"] != "normal" else EMPTY,
        assignee_or_unassigned=assignee or unassigned,
        due=row["due"] if row["due"] != NO_DUE else EMPTY,
        due_cell=row["due"],
        assignee_cell=assignee or unassigned_cell,
        team=TEAM.fill(name=row["team"]) if row["team"] else EMPTY,
        priority=priority,
        updated_iso=row["updated_iso"],
        updated_title=row["updated_title"],
        updated_ago=row["updated_ago"],
    )


def rows_html(rows: list[InboxRow], selected: Container[int]) -> SafeString:
    """The `<tr>`s of the list (tag `inbox_table_rows`); `selected` ids are ticked."""
    return html_concat(
        [
            ROW.fill(
                escalated=IS_ESCALATED if row["escalated"] else EMPTY,
                pk=row["pk"],
                url=row["url"],
                checked=CHECKED if row["pk"] in selected else EMPTY,
                select_label=row["select_label"],
                cells=row["cells"],
            )
            for row in rows
        ]
    )


def inbox_rows(
    tickets: list[Ticket],
    tag_names: dict[int, list[str]],
    now: datetime,
    due: Mapping[int, Due] | None = None,
) -> list[InboxRow]:
    statuses = {value: str(label) for value, label in Status.choices}
    priorities = {value: str(label) for value, label in Priority.choices}
    rows: list[InboxRow] = []
    escalated_label, unassigned_label = html("{}", _("Escalated")), _("Unassigned")
    select_format, just_now, ago_format = _("Select %(ref)s"), _("just now"), _("%(time)s ago")
    language = get_language() or ""
    detail_url = reverse("tickets:ticket-detail", args=[987654321])  # one reverse() per page
    url_head, _id, url_tail = detail_url.partition("987654321")
    due = due or {}
    due_texts = DueTexts.current()
    for ticket in tickets:
        customer, team, assignee = ticket.customer, ticket.team, ticket.assignee
        updated_iso, updated_title, updated_ago = _updated(
            ticket.updated_at, now, just_now, ago_format, language
        )
        row: InboxRow = {
            "pk": ticket.pk,
            "url": f"{url_head}{ticket.pk}{url_tail}",
            "select_label": select_format % {"ref": ticket.reference},
            "reference": ticket.reference,
            "subject": ticket.subject,
            "customer": customer.display_name,
            "status": ticket.status,
            "status_label": statuses.get(ticket.status, ticket.status),
            "priority": ticket.priority,
            "priority_label": priorities.get(ticket.priority, ticket.priority),
            "team": team.name if team else "",
            "assignee": str(assignee) if assignee else "",
            "escalated": ticket.is_escalated,
            "escalation_reason": Truncator(ticket.escalation_reason).chars(120)
            if ticket.escalated_at
            else "",
            "tags": tag_names.get(ticket.pk, []),
            "updated_iso": updated_iso,
            "updated_title": updated_title,
            "updated_ago": updated_ago,
            "due": due_cell(due.get(ticket.pk), now, due_texts),
            "cells": EMPTY,
        }
        row["cells"] = row_cells(row, escalated_label, unassigned_label)
        rows.append(row)
    return rows


def agent_options(selected: str) -> SafeString:
    """The `<option>`s of the bulk "Assign to…" picker: every active staff user.

    Built here in one pass rather than in a template loop: with a few hundred staff a
    template costs milliseconds per page view for a list that rarely changes.
    """
    users = User.objects.filter(is_active=True).order_by("first_name", "username")
    return html_join(
        '<option value="{}"{}>{}</option>',
        [
            (pk, SELECTED if str(pk) == selected else EMPTY, f"{first} {last}".strip() or name)
            for pk, first, last, name in users.values_list(
                "pk", "first_name", "last_name", "username"
            )
        ],
    )
