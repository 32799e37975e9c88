"""Business hours in a real browser: an admin creates a calendar, gives it to a team and
edits an SLA policy."""

from __future__ import annotations

import importlib

import pytest
from playwright.sync_api import expect

from frontdesk.customers.models import Organization
from frontdesk.sla.models import BusinessCalendar, SlaPolicy, TeamHours
from frontdesk.sla.organization_field import MANY

DEFAULTS = importlib.import_module("frontdesk.sla.migrations.0002_default_policies")


@pytest.fixture(autouse=True)
def default_policies(transactional_db):
    """The data migration's policies (an earlier browser test's flush removed them)."""
    if not SlaPolicy.objects.exists():
        office = BusinessCalendar.objects.create(
            name="Office hours", weekly_hours={"mon": ["09:00-17:00"]}, is_default=True
        )
        for priority, position, first, resolution in DEFAULTS.DEFAULTS:
            SlaPolicy.objects.create(
                name=f"Default {priority}",
                position=position,
                priority=priority,
                first_response_minutes=first,
                resolution_minutes=resolution,
            )
        assert office.is_default


def test_it_lets_an_admin_set_business_hours_for_a_team(personas, live, open_page, ui):
    admin = open_page()
    admin.watch.allow(r"status of 422")
    ui.sign_in_staff(admin, "admin")
    admin.goto("/settings/")
    admin.locator(".settings-nav").get_by_role("link", name="Business hours").click()
    expect(admin.locator("h1")).to_have_text("Business hours")
    admin.get_by_role("link", name="New business hours").click()

    form = admin.locator("form.calendar-form")
    form.get_by_label("Name").fill("Riga office")
    form.get_by_label("Time zone").select_option("Europe/Riga")
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday"):
        form.get_by_label(day).fill("09:00-17:00")
    form.get_by_label("Friday").fill("25:00-26:00")  # a typo
    form.get_by_label("Public holidays of").select_option("LV")
    form.get_by_label("Extra closed days").fill("2026-12-24")
    form.get_by_label("Riga shop").check()
    form.get_by_role("button", name="Save").click()
    # Refused with a clear message; what was typed is still there.
    expect(form.locator(".field-error")).to_contain_text("HH:MM-HH:MM")
    expect(form.get_by_label("Monday")).to_have_value("09:00-17:00")
    expect(form.get_by_label("Riga shop")).to_be_checked()
    ui.shot(admin, "settings-business-hours-refused")
    form.get_by_label("Friday").fill("09:00-15:00")
    form.get_by_role("button", name="Save").click()
    expect(admin.locator(".flash")).to_contain_text("Riga office")
    expect(admin.locator("table")).to_contain_text("Riga shop")
    ui.shot(admin, "settings-business-hours")

    calendar = BusinessCalendar.objects.get(name="Riga office")
    assert calendar.time_zone == "Europe/Riga" and calendar.holiday_country == "LV"
    assert calendar.weekly_hours["fri"] == ["09:00-15:00"]
    assert TeamHours.objects.get(team=personas.team).calendar == calendar

    # The normal-priority policy: a shorter first response, on the team's hours.
    admin.locator(".settings-nav").get_by_role("link", name="SLA policies").click()
    expect(admin.locator("h1")).to_have_text("SLA policies")
    ui.shot(admin, "settings-sla-policies")
    admin.get_by_role("link", name="Default normal").click()
    policy_form = admin.locator("form.policy-form")
    first_response = policy_form.locator("input[name=first_response_minutes]")
    first_response.fill("2 h")  # typed as people write durations
    policy_form.get_by_label("Business calendar").select_option(label="Riga office")
    policy_form.get_by_role("button", name="Save").click()
    expect(admin.locator(".flash")).to_contain_text("Default normal")
    expect(admin.locator("table")).to_contain_text("Riga office")
    expect(admin.locator("table")).to_contain_text("First response: 2 h")
    ui.shot(admin, "settings-sla-policies-saved")
    policy = SlaPolicy.objects.get(name="Default normal")
    assert (policy.first_response_minutes, policy.calendar) == (120, calendar)


def test_a_policy_for_one_of_many_organizations_is_typed_with_suggestions(
    personas, live, open_page, ui
):
    Organization.objects.bulk_create(
        Organization(name=f"Client {number:04d}") for number in range(MANY + 50)
    )
    Organization.objects.create(name="Baltic Shipping")
    admin = open_page()
    admin.watch.allow(r"status of 422")
    ui.sign_in_staff(admin, "admin")
    admin.goto("/settings/sla-policies/")
    admin.get_by_role("link", name="Default high").click()
    field = admin.locator("form.policy-form").get_by_label("Organization")
    field.press_sequentially("balt", delay=40)
    options = admin.locator("#id_organization-options option")
    expect(options).to_have_count(1)  # filled by the server as the admin types
    expect(options.first).to_have_attribute("value", "Baltic Shipping")
    field.fill("Baltic Shiping")  # a typo
    admin.get_by_role("button", name="Save").click()
    expect(admin.locator(".field-error")).to_contain_text("No organization is called")
    expect(field).to_have_value("Baltic Shiping")
    ui.shot(admin, "settings-sla-policy-organization-refused")
    field.fill("Baltic Shipping")
    admin.get_by_role("button", name="Save").click()
    expect(admin.locator(".flash")).to_contain_text("Default high")
    assert SlaPolicy.objects.get(name="Default high").organization.name == "Baltic Shipping"
