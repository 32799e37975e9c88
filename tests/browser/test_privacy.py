"""Privacy screens in a real browser: an administrator adds a retention rule and sees
its dry run, then erases a customer after typing her address."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from frontdesk.customers.models import Customer
from frontdesk.tickets.services import do_create_ticket, do_update_ticket


def test_an_admin_sets_a_retention_rule_and_erases_a_customer(personas, live, open_page, ui):
    long_ago = timezone.now() - timedelta(days=400)
    ticket = do_create_ticket(
        actor=personas.customer,
        customer=personas.customer,
        subject="Old tent order",
        body="Please call me.",
        team=personas.team,
        now=long_ago,
    )
    do_update_ticket(actor=personas.agent, ticket=ticket, status="closed", now=long_ago)
    admin = open_page()
    admin.watch.allow(r"status of 422")
    ui.sign_in_staff(admin, "admin")
    admin.goto("/settings/")
    admin.locator(".settings-nav").get_by_role("link", name="Data retention").click()
    expect(admin.locator("h1")).to_have_text("Data retention")
    admin.get_by_role("link", name="New rule").click()
    admin.get_by_label("Tickets that are").select_option("closed")
    admin.get_by_label("Older than (days)").fill("365")
    admin.get_by_label("Then").select_option("delete")
    admin.get_by_role("button", name="Save").click()
    expect(admin.locator(".dry-run")).to_contain_text("1 ticket would be deleted")
    ui.shot(admin, "settings-data-retention")

    admin.goto(f"/customers/{personas.customer.pk}/")
    ui.shot(admin, "customer-privacy-actions")
    admin.get_by_role("link", name="Erase customer…").click()
    admin.get_by_label("Type the customer's email address to confirm").fill("wrong@example.com")
    admin.get_by_role("button", name="Erase permanently").click()
    expect(admin.locator(".has-error, .form-error, .errorlist").first).to_be_visible()
    ui.shot(admin, "customer-erase-refused")
    admin.get_by_label("Type the customer's email address to confirm").fill("ayse@example.com")
    admin.get_by_role("button", name="Erase permanently").click()
    expect(admin.locator("h1")).to_have_text(f"Erased customer #{personas.customer.pk}")
    assert Customer.objects.get(pk=personas.customer.pk).email.endswith("@invalid")
    admin.watch.assert_clean()
