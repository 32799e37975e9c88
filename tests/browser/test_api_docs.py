"""The API docs page in a real browser: Swagger UI renders the operations under the strict
CSP (a CSP violation is a console error, which fails the test), from local files only."""

from __future__ import annotations

from playwright.sync_api import expect


def test_staff_read_the_api_docs_without_csp_errors(personas, live, open_page, ui):
    page = open_page()
    ui.sign_in_staff(page, "admin")
    response = page.goto("/api/v1/docs")
    assert response is not None and response.status == 200
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Frontdesk API")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() > 10
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/tickets").first).to_be_visible()
    # One operation opens with its parameters, as a reader would click it.
    page.locator(".opblock-summary", has_text="/api/v1/me").first.click()
    expect(page.locator(".opblock.is-open")).to_be_visible()
    ui.shot(page, "api-docs")


def test_the_docs_page_sends_a_visitor_to_sign_in(live, open_page):
    page = open_page()
    page.goto("/api/v1/docs")
    expect(page).to_have_url(f"{live.url}/sign-in/?next=/api/v1/docs")
