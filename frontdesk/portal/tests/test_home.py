"""The help center's front page (C2, K2, L1)."""

from __future__ import annotations

from django.test import Client

from frontdesk.accounts.models import Workspace


def _profile() -> Workspace:
    workspace = Workspace.current()
    workspace.name = "Baltic Outfitters"
    workspace.tagline = "Warm clothes for cold coasts"
    workspace.about = "Family shop since 1998."
    workspace.support_email = "help@baltic.example"
    workspace.support_phone = "+371 6700 0000"
    workspace.opening_hours = "Mon–Fri 9–18"
    workspace.response_promise_hours = 8
    workspace.save()
    return workspace


def test_it_shows_the_business_its_branches_and_the_policies(personas, client: Client):
    _profile()
    personas.branch.address = "Brīvības iela 1"
    personas.branch.phone = "+371 6711 1111"
    personas.branch.opening_hours = "Sat 10–14"
    personas.branch.save()
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Baltic Outfitters",
        "Warm clothes for cold coasts",
        "Family shop since 1998.",
        "help@baltic.example",
        "+371 6700 0000",
        "Mon–Fri 9–18",
        "Brīvības iela 1",
        "+371 6711 1111",
        "Sat 10–14",
        "Ljubljana",
        "within 8 hours",
        'href="/requests/new/"',
        'href="/account/sign-in/"',
    ):
        assert text in html, text
    footer = html[html.index("portal-footer") :]
    for slug in ("returns-and-exchanges", "complaints", "privacy", "contact"):
        assert f'href="/policies/{slug}/"' in footer


def test_every_portal_page_links_the_policies(personas, client: Client):
    for url in ("/", "/requests/new/", "/account/sign-in/", "/policies/privacy/"):
        html = client.get(url).content.decode()
        assert 'href="/policies/returns-and-exchanges/"' in html, url
        assert 'href="/policies/privacy/"' in html, url


def test_it_speaks_turkish(personas, client: Client):
    _profile()
    client.cookies["django_language"] = "tr"
    html = client.get("/").content.decode()
    assert '<html lang="tr">' in html
    assert "Talep gönder" in html
    assert "İade ve değişim" in html  # the footer's policy link
    html = Client().get("/", HTTP_ACCEPT_LANGUAGE="tr").content.decode()
    assert "Talep gönder" in html


def test_pages_carry_the_strict_csp_and_no_inline_code(personas, client: Client):
    response = client.get("/")
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    html = response.content.decode()
    assert "style=" not in html and "hx-on" not in html
    assert "<script>" not in html
