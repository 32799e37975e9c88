"""URLs written by users (SECURITY.md 22): only http(s), mailto and cid links survive the
one sanitiser, however `javascript:` is disguised; the HTML of an email is stored and
shown only in that sanitised form; and no model or form has a URL field that could store
another scheme unnoticed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from frontdesk.core.text import sanitize_html

ROOT = Path(__file__).resolve().parents[2]  # the frontdesk package

HOSTILE_URLS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    "\x01javascript:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#0000106avascript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "javascript&colon;alert(1)",
    "javascript&#58;alert(1)",
    "vbscript:msgbox(1)",
    "livescript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "file:///etc/passwd",
]
SAFE_URLS = ["https://shop.example/orders/1", "http://shop.example/", "mailto:a@example.com"]


def hrefs(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', html)


def dangerous(url: str) -> bool:
    """Would a browser run or load something other than a web page or a mail address?"""
    plain = re.sub(r"[\x00-\x20]", "", url).lower()
    return bool(re.match(r"(javascript|vbscript|livescript|data|file)(:|&colon;|&#)", plain))


@pytest.mark.parametrize("url", HOSTILE_URLS)
def test_the_sanitiser_drops_every_disguise_of_javascript(url) -> None:
    for markup in (
        f'<a href="{url}">click</a>',
        f"<a href='{url}'>click</a>",
        f"<a href={url.replace(' ', '')}>click</a>",
        f'<img src="{url}">',
        f'<a href="x" onclick="location=\'{url}\'">x</a>',
    ):
        clean = sanitize_html(markup)
        assert [h for h in hrefs(clean) if dangerous(h) or ":" in h] == [], clean
        assert "onclick" not in clean
    # The text of the link stays.
    assert "click" in sanitize_html(f'<a href="{url}">click</a>')


@pytest.mark.parametrize("url", SAFE_URLS)
def test_web_and_mail_links_stay(url) -> None:
    assert hrefs(sanitize_html(f'<a href="{url}">x</a>')) == [url]


def test_the_check_sees_a_dangerous_link() -> None:
    assert dangerous("javascript:alert(1)") and dangerous(" JaVa\tScRipt:x")
    assert not dangerous("https://shop.example/")


def test_an_emails_html_is_stored_and_served_without_the_links(personas, client) -> None:
    from frontdesk.inbox.models import Mailbox
    from frontdesk.inbox.services import do_ingest_email
    from frontdesk.inbox.tests.mail_factory import raw_email
    from frontdesk.tickets.models import Ticket

    Mailbox.objects.create(name="Support", address="support@example.com", team=personas.team)
    html = "".join(f'<p><a href="{url}">link {n}</a></p>' for n, url in enumerate(HOSTILE_URLS))
    line = do_ingest_email(raw_email(html=html + '<a href="https://ok.example/">ok</a>')).line()
    ticket = Ticket.objects.get(reference=line.split()[1])
    message = ticket.messages.get()
    assert hrefs(message.body_html) == ["https://ok.example/"]
    assert "link 0" in message.body_html and "link 18" in message.body_html

    client.force_login(personas.agent)
    api = client.get(f"/api/v1/tickets/{ticket.pk}/messages").content.decode()
    page = client.get(f"/tickets/{ticket.pk}/messages/{message.pk}/original/").content.decode()
    for shown in (api, page):
        assert "javascript" not in shown.lower() and "vbscript" not in shown.lower()
    assert '<iframe sandbox=""' in page  # and the HTML is shown without scripts anyway


URL_FIELD_SOURCE = re.compile(r"\bURLField\b|\bURLValidator\b|\bHttpUrl\b|\bAnyUrl\b")
# URL fields reviewed for SECURITY.md 22 (schemes limited to http/https, hrefs re-checked).
REVIEWED_URL_FIELDS: set[str] = set()


def test_no_url_field_is_added_without_a_review() -> None:
    """There are no URL fields yet. A new one must limit its schemes to http(s) (Django's
    URLField also takes ftp), re-check the href it renders, and be listed above."""
    found = {
        f"{model._meta.label}.{field.name}"
        for model in apps.get_app_configs()
        if model.name.startswith("frontdesk.")
        for model in model.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.URLField)
    }
    assert found <= REVIEWED_URL_FIELDS
    in_source = []
    for path in ROOT.rglob("*.py"):
        if "tests" in path.relative_to(ROOT).parts or "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if URL_FIELD_SOURCE.search(line):
                in_source.append(f"{path.relative_to(ROOT)}:{number}")
    assert in_source == [], "review the new URL field for SECURITY.md 22, then list it"
