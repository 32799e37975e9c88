"""The API docs page (SECURITY.md check 3): signed-in staff only, under the strict CSP,
with Swagger UI served from our own static files."""

from __future__ import annotations

import pytest
from django.test import Client

from frontdesk.portal.tests.support import signed_in

DOCS = "/api/v1/docs"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("who", ["admin", "agent", "light_agent"])
def test_staff_get_the_docs_under_the_strict_csp(personas, who):
    response = _client(getattr(personas, who)).get(DOCS)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "script-src 'self';" in csp
    page = response.content.decode()
    assert '<script id="swagger-settings" type="application/json">' in page
    assert "/api/v1/openapi.json" in page
    # Every script is a file of ours: no inline code, no CDN.
    assert page.count("<script src=") == 2 and page.count("<script") == 3
    assert "http://" not in page and "https://" not in page


def test_the_swagger_assets_are_served_locally(personas):
    client = _client(personas.agent)
    for asset in ("swagger-ui-bundle.js", "swagger-ui-init.js", "swagger-ui.css"):
        response = client.get(f"/static/ninja/{asset}")
        assert response.status_code == 200, asset
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert len(body) > 1000


def test_outsiders_are_sent_to_sign_in(personas):
    anonymous = Client().get(DOCS)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/sign-in/?next=/api/v1/docs")
    customer = signed_in(personas.customer).get(DOCS)  # customers are not Django users
    assert customer.status_code == 302
    assert customer["Location"].startswith("/sign-in/")


def test_a_token_does_not_open_the_docs_page(personas):
    from frontdesk.accounts.services import do_create_api_token

    raw = do_create_api_token(user=personas.admin, name="t")
    response = Client().get(DOCS, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 302


def test_the_admin_is_the_one_documented_exception(personas):
    response = _client(personas.admin).get("/admin/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self';" in csp
    assert "style-src 'self' 'unsafe-inline'" in csp
    assert "unsafe-inline" not in Client().get("/sign-in/")["Content-Security-Policy"]
