"""Settings → Business hours and Settings → SLA policies (staff pages)."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdesk.sla.models import BusinessCalendar, SlaPolicy, TeamHours
from frontdesk.sla.tests.sla_support import WORKWEEK

FORM = {
    "name": "Riga office",
    "time_zone": "Europe/Riga",
    "hours_mon": "09:00-17:00",
    "hours_tue": "09:00-12:00, 13:00-17:00",
    "hours_sat": "22:00-06:00",
    "holiday_country": "LV",
    "closed_days": "2026-12-24\n2026-12-31",
}


def signed_in(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def policy_form(policy: SlaPolicy, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": policy.name,
        "active": "on" if policy.active else "",
        "position": policy.position,
        "priority": policy.priority,
        "channel": policy.channel,
        "ticket_type": policy.ticket_type,
        "first_response_minutes": policy.first_response_minutes or "",
        "next_response_minutes": policy.next_response_minutes or "",
        "resolution_minutes": policy.resolution_minutes or "",
        "business_hours": "on" if policy.business_hours else "",
        "calendar": policy.calendar_id or "",
        "pause_on_hold": "on",
        "chat_greeting_seconds": 30,
        "phone_hold_seconds": 60,
        "warn_at_percent": policy.warn_at_percent,
        "on_breach_notify": policy.on_breach_notify,
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


PAGES = [
    "/settings/business-hours/",
    "/settings/business-hours/new/",
    "/settings/sla-policies/",
    "/settings/sla-policies/new/",
]


@pytest.mark.parametrize("url", PAGES)
def test_outsiders_and_agents_do_not_get_the_pages(personas, url):
    response = Client().get(url)
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert signed_in(personas.agent).get(url).status_code == 404
    assert signed_in(personas.manager).get(url).status_code == 200


def test_an_agent_cannot_post_to_the_settings(personas):
    calendar = BusinessCalendar.objects.get(is_default=True)
    policy = SlaPolicy.objects.first()
    agent = signed_in(personas.agent)
    assert agent.post("/settings/business-hours/new/", FORM).status_code == 404
    assert agent.post(f"/settings/business-hours/{calendar.pk}/delete/").status_code == 404
    assert (
        agent.post(f"/settings/sla-policies/{policy.pk}/switch/", {"active": "0"}).status_code
        == 404
    )
    assert BusinessCalendar.objects.count() == 1 and SlaPolicy.objects.get(pk=policy.pk).active


def test_the_settings_navigation_links_both_pages(personas):
    page = signed_in(personas.admin).get("/settings/solving/").content.decode()
    assert 'href="/settings/business-hours/"' in page and 'href="/settings/sla-policies/"' in page


def test_an_admin_creates_and_edits_business_hours(personas):
    p = personas
    admin = signed_in(p.admin)
    response = admin.post("/settings/business-hours/new/", {**FORM, "teams": [p.team.pk]})
    assert response.status_code == 302, response.content.decode()
    calendar = BusinessCalendar.objects.get(name="Riga office")
    assert calendar.weekly_hours == {
        "mon": ["09:00-17:00"],
        "tue": ["09:00-12:00", "13:00-17:00"],
        "sat": ["22:00-06:00"],
    }
    assert calendar.closed_days == ["2026-12-24", "2026-12-31"]
    assert TeamHours.objects.get(team=p.team).calendar == calendar
    listing = admin.get("/settings/business-hours/").content.decode()
    assert "Riga office" in listing and "Riga shop" in listing
    edit_url = f"/settings/business-hours/{calendar.pk}/"
    page = admin.get(edit_url).content.decode()
    assert 'value="09:00-12:00, 13:00-17:00"' in page
    response = admin.post(
        edit_url, {**FORM, "always_open": "on", "branches": [p.branch.pk], "teams": []}
    )
    assert response.status_code == 302
    calendar.refresh_from_db()
    assert calendar.always_open and calendar.weekly_hours == {}
    assert not TeamHours.objects.exists() and calendar.branch_hours.get().branch == p.branch


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hours_mon": "25:00-26:00"}, "HH:MM-HH:MM"),
        ({"time_zone": "Mars/Olympus"}, "Select a valid choice"),
        ({"closed_days": "24.12.2026"}, "is not a date"),
        ({"holiday_country": "LV", "holiday_subdivision": "ZZ"}, "no subdivision"),
        ({"hours_mon": "", "hours_tue": "", "hours_sat": ""}, "at least one day"),
        ({"name": "Office hours"}, "already has this name"),
    ],
)
def test_bad_business_hours_keep_what_was_typed(personas, change, message):
    data = {**FORM, **change}
    response = signed_in(personas.admin).post("/settings/business-hours/new/", data)
    assert response.status_code == 422
    page = response.content.decode()
    assert message in page
    assert f'value="{data["name"]}"' in page  # the input is kept
    assert data["hours_tue"] == "" or 'value="09:00-12:00, 13:00-17:00"' in page
    assert not BusinessCalendar.objects.filter(name="Riga office").exists()


def test_a_calendar_in_use_by_a_policy_is_not_deleted(personas):
    calendar = BusinessCalendar.objects.create(name="Riga", weekly_hours=WORKWEEK)
    SlaPolicy.objects.create(name="Riga policy", calendar=calendar)
    admin = signed_in(personas.admin)
    response = admin.post(f"/settings/business-hours/{calendar.pk}/delete/", follow=True)
    assert "Riga policy" in response.content.decode()
    assert BusinessCalendar.objects.filter(pk=calendar.pk).exists()
    SlaPolicy.objects.filter(calendar=calendar).delete()
    admin.post(f"/settings/business-hours/{calendar.pk}/delete/")
    assert not BusinessCalendar.objects.filter(pk=calendar.pk).exists()


def test_an_admin_creates_orders_and_switches_policies(personas):
    p = personas
    admin = signed_in(p.admin)
    urgent = SlaPolicy.objects.get(priority="urgent")
    data = policy_form(urgent, name="VIP chat", priority="", channel="chat", position=5)
    response = admin.post("/settings/sla-policies/new/", data)
    assert response.status_code == 302, response.content.decode()
    created = SlaPolicy.objects.get(name="VIP chat")
    assert (created.channel, created.calendar_id, created.position) == ("chat", None, 5)
    listing = admin.get("/settings/sla-policies/").content.decode()
    assert listing.index("VIP chat") < listing.index("Default urgent")
    admin.post(f"/settings/sla-policies/{created.pk}/move/", {"direction": "down"})
    ordered = list(SlaPolicy.objects.order_by("position").values_list("name", flat=True))
    assert ordered[:2] == ["Default urgent", "VIP chat"]
    admin.post(f"/settings/sla-policies/{created.pk}/switch/", {"active": "0"})
    assert not SlaPolicy.objects.get(pk=created.pk).active
    response = admin.post(
        f"/settings/sla-policies/{created.pk}/",
        policy_form(created, resolution_minutes=90, active="on"),
    )
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.resolution_minutes == 90 and created.active


def test_policy_targets_are_shown_and_typed_in_hours_and_days(personas):
    policy = SlaPolicy.objects.get(priority="high")
    admin = signed_in(personas.admin)
    data = policy_form(policy, first_response_minutes="8 h", resolution_minutes="3 d")
    assert admin.post(f"/settings/sla-policies/{policy.pk}/", data).status_code == 302
    policy.refresh_from_db()
    assert (policy.first_response_minutes, policy.resolution_minutes) == (480, 4320)
    listing = admin.get("/settings/sla-policies/").content.decode()
    assert "First response: 8 h" in listing and "Resolution: 3 d" in listing
    form = admin.get(f"/settings/sla-policies/{policy.pk}/").content.decode()
    assert 'value="8 h"' in form and 'value="3 d"' in form
    data = policy_form(policy, resolution_minutes="three days")
    response = admin.post(f"/settings/sla-policies/{policy.pk}/", data)
    assert response.status_code == 422
    assert 'value="three days"' in response.content.decode()
    assert "Write a duration such as" in response.content.decode()


def test_a_bad_policy_keeps_what_was_typed(personas):
    policy = SlaPolicy.objects.get(priority="high")
    data = policy_form(policy, name="Typed name", warn_at_percent=150, resolution_minutes=123)
    response = signed_in(personas.admin).post(f"/settings/sla-policies/{policy.pk}/", data)
    assert response.status_code == 422
    page = response.content.decode()
    assert 'value="Typed name"' in page and 'value="123"' in page
    assert "less than or equal to 99" in page
    policy.refresh_from_db()
    assert policy.name == "Default high"
