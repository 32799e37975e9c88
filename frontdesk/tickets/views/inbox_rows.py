"""What the inbox list and its option lists show, computed once in Python.

The list is the page agents load all day. Django's template engine costs about a
microsecond per variable lookup and much more per `get_FOO_display`, `{% url %}`,
`{% blocktranslate %}` or form widget; fifty rows and a few hundred `<option>`s made
that most of the request (docs/performance.md). So the view hands the templates plain
dicts of ready strings and `(value, label)` pairs, and the templates only loop.

The cells of a row (everything but its checkbox, which depends on the selection) are
written here too, in one f-string per row: through the template they were ~40 node
renders per row. `row_cells` and `rows_html` are the markup of the list's rows;
`inbox_list.html` places them (template tag `inbox_table_rows`).
"""

from __future__ import annotations

from collections.abc import Container
from datetime import datetime
from functools import lru_cache
from typing import TypedDict

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


ROW_CELLS = HtmlTemplate(
    '<td class="col-main">\n'
    '        <a class="ticket-link" href="{url}">{subject}</a>\n'
    '        <div class="row-meta">\n'
    '          <span class="ref">{reference}</span>\n'
    '          <span class="customer">{customer}</span>\n'
    "          {escalated}\n"
    "          {tags}\n"
    "        </div>\n"
    '        <div class="row-meta show-sm">\n'
    "          {status}\n"
    "          {unusual_priority}\n"
    "          <span>{assignee_or_unassigned}</span>\n"
    '          <time datetime="{updated_iso}">{updated_ago}</time>\n'
    "        </div>\n"
    "      </td>\n"
    '      <td class="hide-sm">{status}</td>\n'
    '      <td class="hide-sm">{priority}</td>\n'
    '      <td class="hide-sm">{team}</td>\n'
    '      <td class="hide-sm">{assignee_cell}</td>\n'
    '      <td class="hide-sm nowrap">'
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
IS_ESCALATED, CHECKED, NO_TEAM = html(" is-escalated"), html(" checked"), html("—")


@lru_cache(maxsize=256)
def _badge(kind: str, label: str) -> SafeString:
    """A status or priority badge: a handful of them, written for every row."""
    return html(BADGE, kind, label)


@lru_cache(maxsize=64)
def _unassigned(label: str) -> tuple[SafeString, SafeString]:
    """The "Unassigned" text (each language's), and its muted cell."""
    return html("{}", label), html('<span class="muted">{}</span>', label)


def row_cells(row: InboxRow, escalated_label: str, unassigned_label: str) -> SafeString:
    """The row's cells after the checkbox, as `inbox_list.html` used to write them."""
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
        url=row["url"],
        subject=row["subject"],
        reference=row["reference"],
        customer=row["customer"],
        escalated=escalated,
        tags=tags,
        status=status,
        unusual_priority=priority if row["priority"] != "normal" else EMPTY,
        assignee_or_unassigned=assignee or unassigned,
        updated_iso=row["updated_iso"],
        updated_ago=row["updated_ago"],
        priority=priority,
        team=row["team"] or NO_TEAM,
        assignee_cell=assignee or unassigned_cell,
        updated_title=row["updated_title"],
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
    tickets: list[Ticket], tag_names: dict[int, list[str]], now: datetime
) -> list[InboxRow]:
    statuses = {value: str(label) for value, label in Status.choices}
    priorities = {value: str(label) for value, label in Priority.choices}
    rows: list[InboxRow] = []
    escalated_label, unassigned_label = html("{}", _("Escalated")), _("Unassigned")
    select_format, just_now, ago_format = _("Select %(ref)s"), _("just now"), _("%(time)s ago")
    language = get_language() or ""
    detail_url = reverse("tickets:ticket-detail", args=[987654321])  # one reverse() per page
    url_head, _id, url_tail = detail_url.partition("987654321")
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
