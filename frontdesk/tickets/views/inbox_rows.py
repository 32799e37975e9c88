"""What the inbox list and its option lists show, computed once in Python.

The list is the page agents load all day. Django's template engine costs about a
microsecond per variable lookup and much more per `get_FOO_display`, `{% url %}`,
`{% blocktranslate %}` or form widget; fifty rows and a few hundred `<option>`s made
that most of the request (docs/performance.md). So the view hands the templates plain
dicts of ready strings and `(value, label)` pairs, and the templates only loop.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypedDict

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.timesince import timesince
from django.utils.translation import gettext as _

from frontdesk.accounts.models import User
from frontdesk.tickets.choices import Priority, Status
from frontdesk.tickets.models import Ticket


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


def _updated(moment: datetime, now: datetime) -> tuple[str, str, str]:
    """(ISO time, full local date and time, "3 hours ago" or "just now")."""
    local = timezone.localtime(moment)
    if (now - moment).total_seconds() < 60:
        ago = _("just now")
    else:
        ago = _("%(time)s ago") % {"time": timesince(moment, now, depth=1)}
    return local.isoformat(), formats.date_format(local, "DATETIME_FORMAT"), ago


def inbox_rows(
    tickets: list[Ticket], tag_names: dict[int, list[str]], now: datetime
) -> list[InboxRow]:
    statuses = {value: str(label) for value, label in Status.choices}
    priorities = {value: str(label) for value, label in Priority.choices}
    rows: list[InboxRow] = []
    for ticket in tickets:
        customer, team, assignee = ticket.customer, ticket.team, ticket.assignee
        updated_iso, updated_title, updated_ago = _updated(ticket.updated_at, now)
        rows.append(
            {
                "pk": ticket.pk,
                "url": reverse("tickets:ticket-detail", args=[ticket.pk]),
                "select_label": _("Select %(ref)s") % {"ref": ticket.reference},
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
            }
        )
    return rows


def agent_options(selected: str) -> SafeString:
    """The `<option>`s of the bulk "Assign to…" picker: every active staff user.

    Built here in one pass rather than in a template loop: with a few hundred staff a
    template costs milliseconds per page view for a list that rarely changes.
    """
    users = User.objects.filter(is_active=True).order_by("first_name", "username")
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (pk, " selected" if str(pk) == selected else "", f"{first} {last}".strip() or name)
            for pk, first, last, name in users.values_list(
                "pk", "first_name", "last_name", "username"
            )
        ),
    )
