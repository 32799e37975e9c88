"""A missing page seen in a real browser: the product's look, the reader's language, a way
back, and the favicon (issue 20 item 9)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE


def test_a_slovak_agent_meets_a_missing_page_in_slovak_with_a_way_back(
    personas, live, open_page, ui
):
    personas.agent.language = "sk"
    personas.agent.save()
    for viewport in (DESKTOP, PHONE):
        page = open_page(viewport=viewport, language="sk")
        page.watch.allow(r"status of 404")
        ui.sign_in_staff(page, "anna")
        response = page.goto("/tickets/999999/")
        assert response is not None and response.status == 404
        card = page.locator(".error-card")
        expect(card).to_be_visible()
        expect(card.locator(".error-code")).to_have_text("404")
        expect(page.locator("html")).to_have_attribute("lang", "sk")
        assert "Not Found" not in page.content()
        # The favicon is the product's, served from our own static files.
        icon = page.locator("link[rel=icon]")
        expect(icon).to_have_attribute("href", "/static/frontdesk/favicon.svg")
        assert page.request.get("/static/frontdesk/favicon.svg").ok
        ui.shot(page, "error-404-sk")
        card.get_by_role("link").click()
        page.wait_for_url("**/inbox/**")
