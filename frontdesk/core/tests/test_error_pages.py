"""Missing pages, refusals and crashes answer in the product's look and the reader's
language, with a way back — never Django's bare English "Not Found"."""

from __future__ import annotations

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import include, path

from frontdesk.core.error_pages import server_error


def _boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("kaput")


urlpatterns = [path("boom/", _boom), path("", include("frontdesk.urls"))]
handler500 = "frontdesk.core.error_pages.server_error"


def test_a_missing_page_for_a_slovak_agent_is_in_slovak_with_a_way_to_the_inbox(
    personas, client: Client
):
    personas.agent.language = "sk"
    personas.agent.save()
    client.force_login(personas.agent)
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="sk")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Not Found" not in body
    assert 'href="/inbox/"' in body and 'class="card error-card"' in body
    assert "404" in body
    assert '<html lang="sk">' in body


def test_a_missing_page_for_a_visitor_leads_back_to_the_help_center(db, client: Client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body and 'href="/"' in body and 'href="/inbox/"' not in body
    assert "favicon.svg" in body


def test_api_errors_stay_json(db, client: Client):
    response = client.get("/api/v1/no-such-endpoint")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.urls(__name__)
def test_a_crash_shows_the_product_page_not_a_stack_trace(db, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body and "kaput" not in body and "Traceback" not in body


def test_the_crash_page_renders_without_a_request_context(rf):
    response = server_error(rf.get("/anything/"))
    assert response.status_code == 500 and b"Something went wrong" in response.content


def test_the_favicon_is_served(db, client: Client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
