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
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from frontdesk.accounts.models import User
from frontdesk.tickets.choices import Priority, Status
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.widgets import esc


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


def row_cells(row: InboxRow, escalated_label: str, unassigned_label: str) -> SafeString:
    """The row's cells after the checkbox, as `inbox_list.html` used to write them."""
    status = f'<span class="badge badge-{esc(row["status"])}">{esc(row["status_label"])}</span>'
    priority = (
        f'<span class="badge badge-{esc(row["priority"])}">{esc(row["priority_label"])}</span>'
    )
    escalated = (
        f'<span class="badge badge-escalated" title="{esc(row["escalation_reason"])}">'
        f"{escalated_label}</span>"
        if row["escalated"]
        else ""
    )
    tags = "".join(f'<span class="tag">{esc(tag)}</span>' for tag in row["tags"])
    assignee = esc(row["assignee"])
    assignee_cell = assignee or f'<span class="muted">{esc(unassigned_label)}</span>'
    updated_iso, updated_ago = esc(row["updated_iso"]), esc(row["updated_ago"])
    html = (
        '<td class="col-main">\n'
        f'        <a class="ticket-link" href="{esc(row["url"])}">{esc(row["subject"])}</a>\n'
        '        <div class="row-meta">\n'
        f'          <span class="ref">{esc(row["reference"])}</span>\n'
        f'          <span class="customer">{esc(row["customer"])}</span>\n'
        f"          {escalated}\n"
        f"          {tags}\n"
        "        </div>\n"
        '        <div class="row-meta show-sm">\n'
        f"          {status}\n"
        f"          {priority if row['priority'] != 'normal' else ''}\n"
        f"          <span>{assignee or unassigned_label}</span>\n"
        f'          <time datetime="{updated_iso}">{updated_ago}</time>\n'
        "        </div>\n"
        "      </td>\n"
        f'      <td class="hide-sm">{status}</td>\n'
        f'      <td class="hide-sm">{priority}</td>\n'
        f'      <td class="hide-sm">{esc(row["team"]) or "—"}</td>\n'
        '      <td class="hide-sm">'
        f"{assignee_cell}</td>\n"
        '      <td class="hide-sm nowrap">'
        f'<time datetime="{updated_iso}" title="{esc(row["updated_title"])}">{updated_ago}</time>'
        "</td>"
    )
    return mark_safe(html)  # noqa: S308 - every value escaped above


def rows_html(rows: list[InboxRow], selected: Container[int]) -> SafeString:
    """The `<tr>`s of the list (tag `inbox_table_rows`); `selected` ids are ticked."""
    parts = []
    for row in rows:
        escalated = " is-escalated" if row["escalated"] else ""
        checked = " checked" if row["pk"] in selected else ""
        parts.append(
            f'\n    <tr class="inbox-row{escalated}" data-ticket-id="{row["pk"]}"'
            f' data-href="{esc(row["url"])}">\n'
            f'      <td class="col-select"><input type="checkbox" name="ticket"'
            f' value="{row["pk"]}"{checked} aria-label="{esc(row["select_label"])}"></td>\n'
            f"      {row['cells']}\n"
            "    </tr>\n  "
        )
    return mark_safe("".join(parts))  # noqa: S308 - values escaped here and in row_cells


def inbox_rows(
    tickets: list[Ticket], tag_names: dict[int, list[str]], now: datetime
) -> list[InboxRow]:
    statuses = {value: str(label) for value, label in Status.choices}
    priorities = {value: str(label) for value, label in Priority.choices}
    rows: list[InboxRow] = []
    escalated_label, unassigned_label = esc(_("Escalated")), _("Unassigned")
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
            "cells": SafeString(),
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
    return mark_safe(  # noqa: S308 - labels escaped
        "".join(
            f'<option value="{pk}"{" selected" if str(pk) == selected else ""}>'
            f"{esc(f'{first} {last}'.strip() or name)}</option>"
            for pk, first, last, name in users.values_list(
                "pk", "first_name", "last_name", "username"
            )
        )
    )
