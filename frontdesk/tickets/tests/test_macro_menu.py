"""The macro menu offers the customer's language (and language-neutral macros) first,
the rest under "Other languages"."""

from __future__ import annotations

import re

from frontdesk.tickets.macro_services import do_create_macro
from frontdesk.tickets.tests.ticket_page_support import client_for, open_ticket, page_url


def _menu(html: str) -> tuple[list[str], list[str]]:
    select = html[html.index('id="macro-select"') :]
    select = select[: select.index("</select>")]
    first, _group, other = select.partition("<optgroup")
    names = re.compile(r'<option value="\d+"[^>]*>([^<]+)</option>')
    return names.findall(first), names.findall(other)


def test_the_customer_s_language_comes_first(personas):
    for name, language in (
        ("Teşekkürler", "tr"),
        ("Thanks", "en"),
        ("Paldies", "lv"),
        ("Signature", ""),
    ):
        do_create_macro(actor=personas.manager, name=name, body="…", language=language)
    made = open_ticket(personas, language="tr")
    page = client_for(personas.agent).get(page_url(made)).content.decode()
    first, other = _menu(page)
    assert first == ["Signature", "Teşekkürler"]
    assert other == ["Paldies (lv)", "Thanks (en)"]
    assert 'label="Other languages"' in page


def test_without_other_languages_there_is_no_group(personas):
    do_create_macro(actor=personas.manager, name="Signature", body="…")
    page = client_for(personas.agent).get(page_url(open_ticket(personas))).content.decode()
    assert _menu(page) == (["Signature"], []) and "<optgroup" not in page
