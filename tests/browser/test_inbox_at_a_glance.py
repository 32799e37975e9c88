"""The inbox at a glance: 15+ compact rows at 1280×800, due times, a total, a searchable
tag filter, and every tab reachable on a 390×844 phone."""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from frontdesk.customers.services import do_create_customer
from frontdesk.sla.models import SlaPolicy
from frontdesk.tickets.choices import Priority
from frontdesk.tickets.services import do_create_ticket
from tests.browser.conftest import DESKTOP, PHONE, SCREENSHOTS

SUBJECTS = [
    "Kırık fincan geldi",
    "Teapot lid does not fit the pot I ordered last month",
    "Krūze ar plaisu",
    "Objednávka nedorazila",
    "Plošček manjka v paketu",
    "Can I change the delivery address?",
]


def seed(p) -> int:
    """40 tickets of the Riga team under one 24/7 policy (first answer in 60 minutes,
    warned at half of it), created a few minutes apart: the oldest are late, some are
    in their warning time, the newest have time left. A dozen tags, two with "refund"."""
    SlaPolicy.objects.update(active=False)
    SlaPolicy.objects.create(
        name="Shop, 24/7",
        position=1,
        first_response_minutes=60,
        business_hours=False,
        warn_at_percent=50,
    )
    now = timezone.now()
    people = [
        p.customer,
        do_create_customer(email="liga@example.lv", name="Līga Ozola", language="lv"),
        do_create_customer(email="zuzana@example.sk", name="Zuzana Kováčová", language="sk"),
        do_create_customer(email="tom@example.com", name="Tom Baker", language="en"),
    ]
    tags = ["refund", "refund-partial", "delivery", "damaged", "invoice", "vip", "gift"]
    for number in range(40):
        do_create_ticket(
            actor=None,
            customer=people[number % len(people)],
            subject=f"{SUBJECTS[number % len(SUBJECTS)]} ({number})",
            body="Hello, something went wrong with my order.",
            team=p.team,
            assignee=p.agent if number % 3 == 0 else None,
            priority=Priority.HIGH if number % 7 == 0 else Priority.NORMAL,
            tags=[tags[number % len(tags)]] if number % 2 == 0 else [],
            acknowledge=False,
            now=now - timedelta(minutes=3 * number),
        )
    return 40


def _screen(page, name: str) -> None:
    """What fits on the screen, without scrolling (`ui.shot` takes the whole page)."""
    size = page.viewport_size
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-screen-{size['width']}x{size['height']}.png"))


def _fully_visible_rows(page) -> int:
    """Rows of the list wholly inside the window, without scrolling."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('#inbox-list tr.inbox-row'))
            .filter(row => { const r = row.getBoundingClientRect();
                             return r.top >= 0 && r.bottom <= window.innerHeight; }).length"""
    )


def test_it_shows_fifteen_rows_with_due_times_a_total_and_a_tag_search(
    personas, live, open_page, ui, monkeypatch
):
    total = live.call(seed, personas)
    page = open_page(viewport=DESKTOP)
    ui.sign_in_staff(page, "maria")
    page.goto("/inbox/?view=all")
    expect(page.locator("#inbox-list tr.inbox-row")).to_have_count(total)
    ui.shot(page, "inbox-at-a-glance")
    _screen(page, "inbox-at-a-glance")
    visible = _fully_visible_rows(page)
    assert visible >= 15, f"only {visible} tickets fit on a 1280×800 screen"
    # One line per ticket: every row is as tall as the first.
    heights = page.evaluate(
        "() => Array.from(document.querySelectorAll('#inbox-list tr.inbox-row'))"
        ".map(row => Math.round(row.getBoundingClientRect().height))"
    )
    assert max(heights) <= 40, heights

    expect(page.locator("[data-inbox-total]")).to_have_text(f"{total} tickets")
    # A list longer than a page shows the page at once and fetches its total after.
    from frontdesk.tickets import queries

    monkeypatch.setattr(queries, "PAGE_SIZE", 10)
    page.goto("/inbox/?view=all")
    expect(page.locator("#inbox-list tr.inbox-row")).to_have_count(10)
    expect(page.locator("[data-inbox-total]")).to_have_text(f"{total} tickets")
    monkeypatch.undo()
    page.goto("/inbox/?view=all")
    # Sorted by deadline: the oldest ticket (late) first, the newest (time left) last.
    first, last = page.locator("tr.inbox-row").first, page.locator("tr.inbox-row").last
    expect(first.locator("td.col-due time.due")).to_have_text(re.compile(r"^\d+ (h|min) late$"))
    expect(first.locator("td.col-due time.due")).to_have_class(re.compile(r"\bis-late\b"))
    expect(first.locator("td.col-due time.due")).to_have_attribute("title", re.compile(r"\d"))
    expect(last.locator("td.col-due time.due")).to_have_text(re.compile(r"^in \d+ min$"))
    expect(page.locator("td.col-due time.due.is-warned").first).to_be_visible()

    # The tag filter is a text box with suggestions from the server, not a long list.
    tag = page.locator("#inbox-tag")
    tag.click()
    tag.press_sequentially("refu")
    expect(page.locator("#inbox-tag-options option")).to_have_count(2)
    tag.fill("refund")
    tag.press("Enter")
    expect(page).to_have_url(re.compile(r"tag=refund"))
    expect(page.locator("#inbox-list tr.inbox-row")).to_have_count(3)
    expect(page.locator("[data-inbox-total]")).to_have_text("3 tickets")
    page.watch.assert_clean()


def test_every_tab_is_reachable_on_a_phone(personas, live, open_page, ui):
    live.call(seed, personas)
    page = open_page(viewport=PHONE)
    ui.sign_in_staff(page, "maria")
    page.goto("/inbox/?view=all")
    expect(page.locator("#inbox-list tr.inbox-row").first).to_be_visible()
    ui.shot(page, "inbox-at-a-glance")
    _screen(page, "inbox-at-a-glance")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the inbox scrolls sideways by {overflow}px"
    tabs = page.locator("#inbox-filters .tab")
    expect(tabs).to_have_count(5)
    for index in range(5):
        box = tabs.nth(index).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (
            f"tab {tabs.nth(index).inner_text()!r} is cut off: {box}"
        )
    # The header (title, live status, buttons) takes at most two rows.
    head = page.locator(".inbox-head").bounding_box()
    title = page.locator(".inbox-head h1").bounding_box()
    assert head and title and head["height"] <= 2 * title["height"] + 16, (head, title)
    tabs.filter(has_text="Escalated").click()
    expect(page).to_have_url(re.compile(r"view=escalated"))
    expect(page.locator("#inbox-list .empty-state")).to_contain_text("No escalated tickets")
    page.watch.assert_clean()
