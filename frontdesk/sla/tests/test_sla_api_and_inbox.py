"""SLA targets in the ticket API and the inbox's deadline order (S1)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from frontdesk.sla.choices import TargetKind
from frontdesk.sla.tests.sla_support import only_policies, target, ticket
from frontdesk.tickets.queries import InboxFilters, inbox_page
from frontdesk.tickets.services import do_update_ticket
from frontdesk.tickets.tests.api_support import client_for

BASIC = {"first_response_minutes": 60, "resolution_minutes": 480, "business_hours": False}


def test_the_ticket_api_lists_the_sla_targets_for_staff(personas):
    p = personas
    only_policies(BASIC)
    made = ticket(p.customer, timezone.now(), team=p.team)
    body = client_for(p.agent).get(f"/api/v1/tickets/{made.pk}").json()
    assert [(t["kind"], t["state"]) for t in body["sla"]] == [
        ("first_response", "running"),
        ("resolution", "running"),
    ]
    first = target(made, TargetKind.FIRST_RESPONSE)
    assert body["sla"][0]["due_at"].startswith(first.due_at.strftime("%Y-%m-%dT%H:%M:%S"))
    assert body["sla"][0]["achieved_at"] is None and body["sla"][0]["breached_at"] is None
    listed = client_for(p.agent).get("/api/v1/tickets").json()["items"]
    assert len(listed[0]["sla"]) == 2
    # Customers see their ticket but not the internal timers.
    assert client_for(p.customer).get(f"/api/v1/tickets/{made.pk}").json()["sla"] == []


def test_the_inbox_puts_the_earliest_sla_due_time_first(personas):
    p = personas
    only_policies(
        {"priority": "low", "first_response_minutes": 10, "business_hours": False},
        {"priority": "urgent", "first_response_minutes": 120, "business_hours": False},
        {"priority": "high", "first_response_minutes": 60, "business_hours": False},
    )
    now = timezone.now()
    urgent_later = ticket(p.customer, now, priority="urgent", team=p.team)
    low_soon = ticket(p.customer, now, priority="low", team=p.team)
    high_middle = ticket(p.customer, now, priority="high", team=p.team)
    no_sla_urgent = ticket(p.customer, now - timedelta(days=1), priority="normal", team=p.team)
    paused = ticket(p.customer, now, priority="high", assignee=p.agent, team=p.team)
    do_update_ticket(actor=p.agent, ticket=paused, status="pending", now=now)
    rows = inbox_page(p.agent, InboxFilters(view="all", sort="deadline")).tickets
    # The paused ticket's first response still runs: it ties with high_middle on due time.
    assert [t.pk for t in rows] == [
        low_soon.pk,
        high_middle.pk,
        paused.pk,
        urgent_later.pk,
        no_sla_urgent.pk,
    ]


def test_an_overdue_unanswered_ticket_stays_at_the_top(personas):
    from frontdesk.sla.sweep import do_sweep_sla

    p = personas
    only_policies({"first_response_minutes": 10, "business_hours": False})
    now = timezone.now()
    fresh = ticket(p.customer, now, priority="urgent", team=p.team)
    overdue = ticket(p.customer, now - timedelta(hours=1), priority="low", team=p.team)
    assert do_sweep_sla(now=now).breached == 1
    rows = inbox_page(p.agent, InboxFilters(view="all", sort="deadline")).tickets
    assert [t.pk for t in rows] == [overdue.pk, fresh.pk]


def test_the_ticket_page_shows_the_targets_and_their_due_times(personas, client):
    from django.utils import formats

    from frontdesk.sla.sweep import do_sweep_sla

    p = personas
    only_policies(BASIC)
    now = timezone.now()
    made = ticket(p.customer, now - timedelta(hours=2), team=p.team)
    do_sweep_sla(now=now)  # the first response (60 min) is now missed
    client.force_login(p.agent)
    html = client.get(f"/tickets/{made.pk}/").content.decode()
    assert 'data-target-kind="first_response" data-target-state="breached"' in html
    resolution = target(made, TargetKind.RESOLUTION)
    assert 'data-target-kind="resolution" data-target-state="running"' in html
    due = formats.date_format(timezone.localtime(resolution.due_at), "DATETIME_FORMAT")
    assert f"due {due}" in html
    client.force_login(p.other_agent)
    assert client.get(f"/tickets/{made.pk}/").status_code == 404
