"""Every URL pattern, crawled with production settings (SECURITY.md 3): each HTML response
carries HSTS (a year, subdomains), a CSP with object-src/base-uri/frame-ancestors 'none'
and no inline scripts, nosniff and a Referrer-Policy - whoever asks, whatever the status."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from django.http import HttpResponseBase
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from frontdesk.core.tests.production_settings import production_settings, secure_request_headers
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.services import do_create_ticket

CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def url_patterns() -> Iterator[str]:
    """Every route of the site (Django's admin included) as a template like
    `/tickets/<int:ticket_id>/`."""

    def walk(patterns: list, prefix: str) -> Iterator[str]:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                if isinstance(entry.pattern, RoutePattern):
                    yield from walk(entry.url_patterns, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern) and isinstance(entry.pattern, RoutePattern):
                yield prefix + str(entry.pattern)

    yield from walk(get_resolver().url_patterns, "/")


def fill(route: str, values: dict[str, object]) -> str:
    def value(match: re.Match[str]) -> str:
        kind, name = match.group(1) or "str", match.group(2)
        if name in values:
            return str(values[name])
        return "1" if kind == "int" else "x"

    return CONVERTER.sub(value, route)


def assert_headers(path: str, response: HttpResponseBase) -> None:
    where = f"{path} ({response.status_code})"
    hsts = response.get("Strict-Transport-Security", "")
    seconds = re.search(r"max-age=(\d+)", hsts)
    assert seconds and int(seconds.group(1)) >= 31536000, where
    assert "includeSubDomains" in hsts, where
    csp = response.get("Content-Security-Policy", "")
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    for name in ("object-src", "base-uri", "frame-ancestors"):
        assert directives.get(name) == ["'none'"], f"{where}: {name} in {csp!r}"
    script = directives.get("script-src") or directives.get("default-src") or []
    assert script and not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(script), where
    styles_inline = "'unsafe-inline'" in (directives.get("style-src") or [])
    assert not styles_inline or path.startswith("/admin/"), where  # the one exception
    assert response.get("X-Content-Type-Options") == "nosniff", where
    assert response.get("Referrer-Policy"), where
    assert response.get("X-Frame-Options") == "DENY", where


@pytest.fixture
def production(settings):
    for name, value in production_settings().items():
        if name.startswith(("SECURE_", "SESSION_", "CSRF_")):
            setattr(settings, name, value)
    settings.ALLOWED_HOSTS = ["testserver"]


@pytest.fixture
def objects(personas) -> dict[str, object]:
    ticket: Ticket = do_create_ticket(
        actor=personas.customer,
        customer=personas.customer,
        subject="Crawled",
        body="Where is my order?",
        team=personas.team,
        acknowledge=False,
    )
    return {
        "ticket_id": ticket.pk,
        "reference": ticket.reference,
        "message_id": ticket.messages.get().pk,
        "customer_id": personas.customer.pk,
        "user_id": personas.agent.pk,
        "team_id": personas.team.pk,
        "slug": "privacy",
        "language": "en",
    }


def test_the_crawler_finds_every_kind_of_page() -> None:
    routes = set(url_patterns())
    assert len(routes) > 100
    for route in ("/inbox/", "/tickets/<int:ticket_id>/", "/requests/<str:reference>/", "/admin/"):
        assert route in routes


@pytest.mark.parametrize("who", ["anonymous", "admin", "agent", "customer"])
def test_every_html_response_carries_the_security_headers(production, personas, objects, who):
    from frontdesk.portal.tests.support import signed_in

    client = Client(**secure_request_headers())
    if who == "customer":
        client = signed_in(personas.customer)
        client.defaults.update(secure_request_headers())
    elif who != "anonymous":
        client.force_login(getattr(personas, who))
    pages = 0
    for path in [fill(route, objects) for route in url_patterns()]:
        response = client.get(path, secure=True)
        if response.get("Content-Type", "").startswith("text/html"):
            assert_headers(path, response)
            pages += response.status_code == 200
    # The crawl reached real pages (with admin's change lists: 80+), not only redirects.
    assert pages >= {"anonymous": 5, "admin": 60, "agent": 10, "customer": 5}[who]


def test_the_check_fails_for_a_page_without_the_headers(production, db) -> None:
    with override_settings(SECURE_HSTS_SECONDS=0):
        response = Client(**secure_request_headers()).get("/sign-in/", secure=True)
    with pytest.raises(AssertionError):
        assert_headers("/sign-in/", response)
