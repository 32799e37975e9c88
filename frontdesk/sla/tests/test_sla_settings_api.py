"""The SLA settings API: calendars, policies, team and branch hours (S1)."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdesk.sla.models import BranchHours, BusinessCalendar, SlaPolicy, TeamHours
from frontdesk.sla.tests.sla_support import WORKWEEK, ticket, utc
from frontdesk.tickets.tests.api_support import JSON, client_for, patch, post

RIGA = {
    "name": "Riga office",
    "time_zone": "Europe/Riga",
    "weekly_hours": {"mon": ["09:00-17:00"], "fri": ["22:00-06:00"]},
    "holiday_country": "lv",
    "closed_days": ["2026-12-24"],
}


def put(client: Client, url: str, data: object) -> object:
    return client.put(url, data, content_type=JSON)


def fields(response: object) -> list[str]:
    return [error["field"] for error in response.json()["errors"]]  # type: ignore[attr-defined]


def test_an_admin_manages_a_calendar_through_the_api(personas):
    admin = client_for(personas.admin)
    created = post(admin, "/api/v1/sla/calendars", RIGA)
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["holiday_country"] == "LV" and body["closed_days"] == ["2026-12-24"]
    assert body["weekly_hours"] == {"mon": ["09:00-17:00"], "fri": ["22:00-06:00"]}
    url = f"/api/v1/sla/calendars/{body['id']}"
    assert admin.get(url).json()["name"] == "Riga office"
    names = [c["name"] for c in admin.get("/api/v1/sla/calendars").json()]
    assert names == ["Office hours", "Riga office"]
    changed = patch(admin, url, {"always_open": True, "is_default": True})
    assert changed.status_code == 200
    assert changed.json()["always_open"] and changed.json()["weekly_hours"] == {}
    assert BusinessCalendar.objects.get(is_default=True).name == "Riga office"
    assert admin.delete(url).status_code == 204
    assert admin.get(url).status_code == 404


def test_a_manager_sets_team_and_branch_hours(personas):
    p = personas
    manager = client_for(p.manager)
    calendar = BusinessCalendar.objects.create(name="Riga", weekly_hours=WORKWEEK)
    url = f"/api/v1/sla/teams/{p.team.pk}/calendar"
    assert manager.get(url).json() == {"calendar_id": None}
    assert put(manager, url, {"calendar_id": calendar.pk}).json() == {"calendar_id": calendar.pk}
    assert TeamHours.objects.get(team=p.team).calendar == calendar
    branch_url = f"/api/v1/sla/branches/{p.branch.pk}/calendar"
    assert put(manager, branch_url, {"calendar_id": calendar.pk}).status_code == 200
    listed = manager.get(f"/api/v1/sla/calendars/{calendar.pk}").json()
    assert (listed["team_ids"], listed["branch_ids"]) == ([p.team.pk], [p.branch.pk])
    assert put(manager, url, {"calendar_id": None}).json() == {"calendar_id": None}
    assert not TeamHours.objects.filter(team=p.team).exists()
    assert put(manager, url, {"calendar_id": 999999}).status_code == 422
    assert (
        put(manager, "/api/v1/sla/teams/999999/calendar", {"calendar_id": None}).status_code == 404
    )
    assert manager.get("/api/v1/sla/branches/999999/calendar").status_code == 404
    # Deleting the calendar drops the branch's hours: it falls back to the default.
    assert manager.delete(f"/api/v1/sla/calendars/{calendar.pk}").status_code == 204
    assert not BranchHours.objects.exists()


def test_an_admin_manages_policies_through_the_api(personas):
    p = personas
    admin = client_for(p.admin)
    calendar = BusinessCalendar.objects.create(name="Riga", weekly_hours=WORKWEEK)
    created = post(
        admin,
        "/api/v1/sla/policies",
        {
            "name": "Chat in Riga",
            "priority": "high",
            "channel": "chat",
            "ticket_type": "question",
            "branch_id": p.branch.pk,
            "calendar_id": calendar.pk,
            "first_response_minutes": 15,
            "resolution_minutes": 240,
            "chat_greeting_seconds": 20,
            "warn_at_percent": 75,
            "on_breach_notify": "managers",
            "on_breach_raise_priority": True,
            "on_breach_reassign_to_team_id": p.other_team.pk,
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["position"] == 50  # after the four default policies
    assert (body["calendar_id"], body["branch_id"]) == (calendar.pk, p.branch.pk)
    url = f"/api/v1/sla/policies/{body['id']}"
    changed = patch(admin, url, {"calendar_id": None, "position": 1, "priority": ""})
    assert changed.status_code == 200, changed.json()
    assert (changed.json()["calendar_id"], changed.json()["priority"]) == (None, "")
    listed = admin.get("/api/v1/sla/policies").json()
    assert listed[0]["name"] == "Chat in Riga"
    assert admin.get(url).json()["position"] == 1
    assert admin.delete(url).status_code == 204
    assert not SlaPolicy.objects.filter(name="Chat in Riga").exists()


def test_a_policy_that_timed_tickets_cannot_be_deleted(personas):
    admin = client_for(personas.admin)
    made = ticket(personas.customer, utc(2026, 11, 16, 9, 0))
    policy = made.sla_targets.first().policy
    response = admin.delete(f"/api/v1/sla/policies/{policy.pk}")
    assert response.status_code == 409
    assert "switch it off" in response.json()["message"]


def test_a_calendar_used_by_a_policy_cannot_be_deleted(personas):
    admin = client_for(personas.admin)
    calendar = BusinessCalendar.objects.create(name="Riga", weekly_hours=WORKWEEK)
    SlaPolicy.objects.create(name="Riga policy", calendar=calendar)
    response = admin.delete(f"/api/v1/sla/calendars/{calendar.pk}")
    assert response.status_code == 409
    assert "Riga policy" in response.json()["message"]
    assert BusinessCalendar.objects.filter(pk=calendar.pk).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"weekly_hours": {"mon": ["25:00-26:00"]}}, "weekly_hours"),
        ({"weekly_hours": {"someday": ["09:00-17:00"]}}, "weekly_hours"),
        ({"weekly_hours": {}}, "weekly_hours"),
        ({"holiday_country": "XX"}, "holiday_country"),
        ({"holiday_subdivision": "ZZ"}, "holiday_subdivision"),
        ({"closed_days": ["24.12.2026"]}, "closed_days"),
        ({"name": "Office hours"}, "name"),
        ({"surprise": 1}, "surprise"),
        ({"always_open": "yes"}, "always_open"),
    ],
)
def test_it_refuses_a_bad_calendar_with_the_field_at_fault(personas, change, field):
    response = post(client_for(personas.admin), "/api/v1/sla/calendars", {**RIGA, **change})
    assert response.status_code == 422, response.json()
    assert field in fields(response)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"priority": "sometimes"}, "priority"),
        ({"warn_at_percent": 100}, "warn_at_percent"),
        ({"first_response_minutes": -1}, "first_response_minutes"),
        ({"calendar_id": 999999}, "calendar_id"),
        ({"organization_id": 999999}, "organization_id"),
        ({"on_breach_notify": "everyone"}, "on_breach_notify"),
        ({"active": None}, "active"),
        ({"name": ""}, "name"),
    ],
)
def test_it_refuses_a_bad_policy_with_the_field_at_fault(personas, change, field):
    policy = SlaPolicy.objects.first()
    response = patch(client_for(personas.admin), f"/api/v1/sla/policies/{policy.pk}", change)
    assert response.status_code == 422, response.json()
    assert field in fields(response)


def test_outsiders_cannot_read_or_change_the_sla_settings(personas):
    p = personas
    calendar = BusinessCalendar.objects.get(is_default=True)
    policy = SlaPolicy.objects.first()
    reads = [
        "/api/v1/sla/calendars",
        f"/api/v1/sla/calendars/{calendar.pk}",
        "/api/v1/sla/policies",
        f"/api/v1/sla/policies/{policy.pk}",
        f"/api/v1/sla/teams/{p.team.pk}/calendar",
        f"/api/v1/sla/branches/{p.branch.pk}/calendar",
    ]
    writes = [
        ("post", "/api/v1/sla/calendars", RIGA),
        ("patch", f"/api/v1/sla/calendars/{calendar.pk}", {"name": "Mine"}),
        ("delete", f"/api/v1/sla/calendars/{calendar.pk}", None),
        ("post", "/api/v1/sla/policies", {"name": "Mine"}),
        ("patch", f"/api/v1/sla/policies/{policy.pk}", {"active": False}),
        ("delete", f"/api/v1/sla/policies/{policy.pk}", None),
        ("put", f"/api/v1/sla/teams/{p.team.pk}/calendar", {"calendar_id": None}),
        ("put", f"/api/v1/sla/branches/{p.branch.pk}/calendar", {"calendar_id": None}),
    ]
    nobody, customer, agent = Client(), client_for(p.customer), client_for(p.agent)
    for url in reads:
        assert nobody.get(url).status_code == 401
        assert customer.get(url).status_code in (401, 403, 404)
        assert agent.get(url).status_code == 200  # any staff may read
    for method, url, data in writes:
        for client, allowed in ((nobody, {401}), (customer, {401, 403, 404}), (agent, {403})):
            call = getattr(client, method)
            response = call(url, data, content_type=JSON) if data is not None else call(url)
            assert response.status_code in allowed, (method, url, response.status_code)
    calendar.refresh_from_db()
    policy.refresh_from_db()
    assert calendar.name == "Office hours" and policy.active
    assert not TeamHours.objects.exists() and BusinessCalendar.objects.count() == 1
