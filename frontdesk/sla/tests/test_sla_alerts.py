"""Deadline alerts in the workspace (S3): my alerts page, the unread count, breach reasons."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import timezone

from frontdesk.accounts.models import Workspace
from frontdesk.sla.choices import AlertKind, TargetKind, TargetState
from frontdesk.sla.context_processors import deadline_alerts
from frontdesk.sla.models import DeadlineAlert, SlaTarget
from frontdesk.sla.sweep import do_sweep_sla
from frontdesk.sla.tests.sla_support import only_policies, target, ticket
from frontdesk.tickets.choices import EventKind
from frontdesk.tickets.models import TicketEvent
from frontdesk.tickets.tests.api_support import client_for

HOURLY = {"first_response_minutes": 60, "resolution_minutes": 600, "business_hours": False}


@pytest.fixture
def breached(personas):
    """Anna's ticket and Oskar's ticket, both an hour late, swept: one breach alert each."""
    p = personas
    only_policies({**HOURLY, "on_breach_notify": "nobody"})
    then = timezone.now() - timedelta(hours=2)
    mine = ticket(p.customer, then, assignee=p.agent, team=p.team)
    theirs = ticket(p.other_customer, then, assignee=p.other_agent, team=p.other_team)
    assert do_sweep_sla().breached == 2
    return mine, theirs


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_alerts_page_needs_a_signed_in_member_of_staff(breached):
    response = Client().get("/sla/alerts/")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert Client().post("/sla/alerts/read-all/").status_code == 302


def test_staff_see_only_their_own_alerts(personas, breached):
    mine, theirs = breached
    page = signed_in(personas.agent).get("/sla/alerts/")
    assert page.status_code == 200
    html = page.content.decode()
    assert mine.reference in html and theirs.reference not in html
    assert "Deadline missed" in html


def test_marking_someone_elses_alert_read_is_404(personas, breached):
    p = personas
    theirs = DeadlineAlert.objects.get(recipient=p.other_agent)
    response = signed_in(p.agent).post(f"/sla/alerts/{theirs.pk}/read/")
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    assert signed_in(p.agent).post("/sla/alerts/999999/read/").status_code == 404


def test_marking_alerts_read(personas, breached):
    p = personas
    client = signed_in(p.agent)
    mine = DeadlineAlert.objects.get(recipient=p.agent)
    assert client.get(f"/sla/alerts/{mine.pk}/read/").status_code == 405
    assert client.post(f"/sla/alerts/{mine.pk}/read/").status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.post("/sla/alerts/read-all/").status_code == 302
    assert DeadlineAlert.objects.get(recipient=p.other_agent).read_at is None


def test_the_navigation_shows_the_unread_count_with_one_query(
    personas, breached, django_assert_num_queries
):
    request = RequestFactory().get("/inbox/")
    request.user = personas.agent
    context = deadline_alerts(request)
    with Workspace.request_scope():  # as in a request, with the settings already read
        Workspace.current()
        with django_assert_num_queries(1):
            html = render_to_string("staff/sla_alerts_nav.html", context)
    assert 'href="/sla/alerts/"' in html and ">1</span>" in html
    DeadlineAlert.objects.update(read_at=timezone.now())
    html = render_to_string("staff/sla_alerts_nav.html", deadline_alerts(request))
    assert "Deadlines" in html and "</span>" not in html
    request.user = personas.customer  # not staff: nothing to show
    assert deadline_alerts(request) == {}
    assert render_to_string("staff/sla_alerts_nav.html", {}).strip() == ""


def test_a_breach_reason_from_the_alerts_page(personas, breached):
    mine, theirs = breached
    p = personas
    first = target(mine, TargetKind.FIRST_RESPONSE)
    response = signed_in(p.agent).post(
        f"/sla/targets/{first.pk}/breach-reason/", {"reason": "Courier system down"}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.breach_reason == "Courier system down"
    event = TicketEvent.objects.get(ticket=mine, field="sla_breach_reason")
    assert (event.kind, event.new_value, event.actor_user) == (
        EventKind.CHANGED,
        "Courier system down",
        p.agent,
    )
    other = target(theirs, TargetKind.FIRST_RESPONSE)
    outsider = signed_in(p.agent).post(f"/sla/targets/{other.pk}/breach-reason/", {"reason": "x"})
    assert outsider.status_code == 404


# --- the API ------------------------------------------------------------------------


def test_the_api_sets_a_breach_reason(personas, breached):
    mine, theirs = breached
    p = personas
    first = target(mine, TargetKind.FIRST_RESPONSE)
    url = f"/api/v1/sla/targets/{first.pk}/breach-reason"
    response = client_for(p.agent).put(
        url, {"reason": "Holiday rush"}, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["state"], body["breach_reason"]) == (
        first.pk,
        "breached",
        "Holiday rush",
    )
    assert body["warned_at"] is None and body["vip_boost_minutes"] == 0
    # Outsiders and customers: 404; a target that was not missed: 409; junk: 422.
    other = target(theirs, TargetKind.FIRST_RESPONSE)
    for actor, path in ((p.agent, other.pk), (p.customer, first.pk)):
        put = client_for(actor).put(
            f"/api/v1/sla/targets/{path}/breach-reason",
            {"reason": "x"},
            content_type="application/json",
        )
        assert put.status_code == 404
    running = target(mine, TargetKind.RESOLUTION)
    conflict = client_for(p.agent).put(
        f"/api/v1/sla/targets/{running.pk}/breach-reason",
        {"reason": "x"},
        content_type="application/json",
    )
    assert conflict.status_code == 409
    extra = client_for(p.agent).put(url, {"reason": "x", "by": 1}, content_type="application/json")
    assert extra.status_code == 422
    assert SlaTarget.objects.get(pk=running.pk).state == TargetState.RUNNING


def test_the_api_lists_a_tickets_targets_for_staff(personas, breached):
    mine, _theirs = breached
    p = personas
    rows = client_for(p.agent).get(f"/api/v1/sla/tickets/{mine.pk}/targets").json()
    assert [(r["kind"], r["state"]) for r in rows] == [
        ("first_response", "breached"),
        ("resolution", "running"),
    ]
    assert rows[1]["warn_at"] is not None and rows[0]["target_seconds"] == 3600
    assert client_for(p.customer).get(f"/api/v1/sla/tickets/{mine.pk}/targets").status_code == 403
    assert (
        client_for(p.other_agent).get(f"/api/v1/sla/tickets/{mine.pk}/targets").status_code == 404
    )


def test_the_api_lists_and_marks_my_alerts(personas, breached):
    p = personas
    client = client_for(p.agent)
    (alert,) = client.get("/api/v1/sla/alerts?unread=true").json()
    assert alert["kind"] == AlertKind.BREACH and alert["read_at"] is None
    theirs = DeadlineAlert.objects.get(recipient=p.other_agent)
    assert client.post(f"/api/v1/sla/alerts/{theirs.pk}/read").status_code == 404
    assert client.post(f"/api/v1/sla/alerts/{alert['id']}/read").json()["read_at"] is not None
    assert client.get("/api/v1/sla/alerts?unread=true").json() == []
    assert client_for(p.other_agent).post("/api/v1/sla/alerts/read-all").json() == {"marked": 1}
    assert client_for(p.customer).get("/api/v1/sla/alerts").status_code == 403
