"""The inbox at a glance: the due column, the total, the tag filter's suggestions."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from frontdesk.portal.tests.support import signed_in
from frontdesk.sla.tests.sla_support import only_policies
from frontdesk.tickets import queries
from frontdesk.tickets.queries import Due
from frontdesk.tickets.tests.inbox_support import make_ticket
from frontdesk.tickets.views.inbox_rows import DueTexts, due_cell, due_state, time_span

NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
TAGS = "/inbox/tags/"


def inbox(client: Client, **params: str) -> str:
    return client.get("/inbox/", params, headers={"HX-Request": "true"}).content.decode()


def due_cells(html: str) -> dict[str, tuple[str, str]]:
    """Subject -> (class, text) of its row's due column ("" and "—" without a deadline)."""
    cells = {}
    for row in re.findall(r'<tr class="inbox-row.*?</tr>', html, re.S):
        subject = re.search(r'class="ticket-link"[^>]*>([^<]*)<', row)
        due = re.search(r'<td class="hide-sm col-due">(.*?)</td>', row, re.S)
        assert subject and due
        time = re.search(r'<time class="([^"]*)"[^>]*>([^<]*)</time>', due.group(1))
        cells[subject.group(1)] = (time.group(1), time.group(2)) if time else ("", "—")
    return cells


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0.2, "1 min"),
        (45, "45 min"),
        (59.9, "59 min"),
        (60, "1 h"),
        (150, "2 h"),
        (47 * 60 + 59, "47 h"),
        (48 * 60, "2 d"),
        (10 * 24 * 60 + 300, "10 d"),
    ],
)
def test_it_rounds_a_time_span_down_to_one_unit(minutes: float, text: str) -> None:
    assert time_span(minutes * 60, DueTexts.current()) == text
    assert time_span(-minutes * 60, DueTexts.current()) == text


def test_a_deadline_is_late_warned_or_ahead() -> None:
    assert due_state(Due(at=NOW), NOW - timedelta(seconds=1)) == ""
    assert due_state(Due(at=NOW, warned=True), NOW - timedelta(seconds=1)) == "warned"
    assert due_state(Due(at=NOW, warned=True), NOW) == "late"
    assert due_state(Due(at=NOW), NOW + timedelta(hours=1)) == "late"


def test_the_due_cell_says_it_relative_to_now_with_the_local_time_in_its_title() -> None:
    with timezone.override("Asia/Tokyo"):  # UTC+9, no summer time
        texts = DueTexts.current()
        late = due_cell(Due(at=NOW, warned=True), NOW + timedelta(hours=3, minutes=10), texts)
        warned = due_cell(Due(at=NOW, warned=True), NOW - timedelta(minutes=20), texts)
        ahead = due_cell(Due(at=NOW), NOW - timedelta(hours=2), texts)
    assert '<time class="due is-late" datetime="2026-03-02T21:00:00+09:00"' in late
    assert ">3 h late</time>" in late and 'title="Due March 2, 2026, 9 p.m."' in late
    assert 'class="due is-warned"' in warned and ">in 20 min</time>" in warned
    assert 'class="due"' in ahead and ">in 2 h</time>" in ahead
    assert due_cell(None, NOW, texts) == '<span class="muted">—</span>'


def test_the_inbox_shows_each_tickets_next_deadline(client: Client, personas) -> None:
    from frontdesk.tickets.choices import Priority

    p = personas
    only_policies(
        {"priority": Priority.LOW, "business_hours": False},  # no targets at all
        {"first_response_minutes": 60, "business_hours": False, "warn_at_percent": 50},
    )
    now = timezone.now()
    make_ticket(p.customer, "Late one", team=p.team, now=now - timedelta(minutes=190))
    make_ticket(p.customer, "Warned one", team=p.team, now=now - timedelta(minutes=40))
    make_ticket(p.customer, "Fresh one", team=p.team, now=now)
    make_ticket(p.customer, "No deadline", team=p.team, priority=Priority.LOW, now=now)
    client.force_login(p.agent)
    for sort in ("deadline", "newest", "updated"):  # shown whatever the order
        cells = due_cells(inbox(client, view="all", sort=sort))
        # Rounded down: 130 minutes late, 19 and 59 (and some seconds) left.
        assert cells["Late one"] == ("due is-late", "2 h late")
        assert cells["Warned one"] in (
            ("due is-warned", "in 19 min"),
            ("due is-warned", "in 20 min"),
        )
        assert cells["Fresh one"] in (("due", "in 59 min"), ("due", "in 1 h"))
        assert cells["No deadline"] == ("", "—")


def test_an_answered_ticket_shows_its_next_deadline_not_the_met_one(
    client: Client, personas
) -> None:
    from frontdesk.tickets.services import do_add_message

    p = personas
    only_policies(
        {"first_response_minutes": 60, "resolution_minutes": 2 * 24 * 60, "business_hours": False}
    )
    made = make_ticket(p.customer, "Answered", team=p.team, assignee=p.agent)
    do_add_message(actor=p.agent, ticket=made, body="On it.")
    client.force_login(p.agent)
    assert due_cells(inbox(client, view="all"))["Answered"][1] in ("in 47 h", "in 2 d")


def test_the_inbox_counts_the_tickets_of_the_view_and_filters(client: Client, personas) -> None:
    p = personas
    for number in range(3):
        make_ticket(p.customer, f"Refund {number}", team=p.team, tags=["refund"])
    make_ticket(p.customer, "Other", team=p.team, assignee=p.agent)
    make_ticket(p.other_customer, "Not hers to see", team=p.other_team)
    client.force_login(p.agent)
    total = re.compile(r"data-inbox-total>([^<]*)<")
    assert total.findall(inbox(client, view="all")) == ["4 tickets"]
    assert total.findall(inbox(client, view="all", tag="refund")) == ["3 tickets"]
    assert total.findall(inbox(client, view="mine")) == ["1 ticket"]
    client.force_login(p.manager)
    assert total.findall(inbox(client, view="all")) == ["5 tickets"]


def test_above_the_cap_the_total_is_shown_as_a_floor(client: Client, personas, monkeypatch) -> None:
    p = personas
    for number in range(4):
        make_ticket(p.customer, f"Ticket {number}", team=p.team)
    client.force_login(p.agent)
    monkeypatch.setattr(queries, "PAGE_SIZE", 2)
    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    # A page with a next one does not wait for the count: it asks for it once shown.
    first = inbox(client, view="all")
    assert 'hx-get="/inbox/count/?view=all" hx-trigger="load"' in first
    counted = client.get("/inbox/count/", {"view": "all"}).content.decode()
    assert "data-inbox-total>3+ tickets<" in counted
    # The last page knows its total without counting.
    assert "data-inbox-total>4 tickets<" in inbox(client, view="all", page="2")
    monkeypatch.setattr(queries, "COUNT_CAP", 4)
    counted = client.get("/inbox/count/", {"view": "all"}).content.decode()
    assert "data-inbox-total>4 tickets<" in counted
    # The count follows the filters and the reader's visibility.
    assert "0 tickets" in client.get("/inbox/count/", {"view": "all", "tag": "x"}).content.decode()
    client.force_login(p.other_agent)
    assert "0 tickets" in client.get("/inbox/count/", {"view": "all"}).content.decode()


def test_the_count_is_for_signed_in_staff_only(client: Client, personas) -> None:
    response = client.get("/inbox/count/", {"view": "all"})
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    client.force_login(personas.agent)
    assert client.post("/inbox/count/").status_code == 405


def test_the_total_is_grouped_in_thousands(client: Client, personas, monkeypatch) -> None:
    from frontdesk.tickets.views import inbox as inbox_view

    page = queries.InboxPage(
        filters=queries.InboxFilters(), tickets=[], has_previous=False, has_next=True
    )
    page.total, page.total_capped = 1234, False
    assert inbox_view.total_text(page) == "1,234 tickets"
    page.total, page.total_capped = 10_000, True
    assert inbox_view.total_text(page) == "10,000+ tickets"


def test_the_tag_filter_is_typed_with_suggestions(client: Client, personas) -> None:
    p = personas
    names = [
        "refund",
        "refund-partial",
        "prefund",
        "delivery",
        *[f"vip-{n:02d}" for n in range(30)],
    ]
    make_ticket(p.customer, "Tagged", team=p.team, tags=names)
    client.force_login(p.agent)
    page = client.get("/inbox/").content.decode()
    assert 'id="inbox-tag" name="tag"' in page and 'list="inbox-tag-options"' in page
    assert '<datalist id="inbox-tag-options"></datalist>' in page
    assert "vip-07" not in page  # no list of every tag in the page
    options = re.compile(r'<option value="([^"]*)"></option>')
    answer = client.get(TAGS, {"tag": "refu"}, headers={"HX-Request": "true"})
    assert answer.status_code == 200
    # Those that start with it first, then those that contain it.
    assert options.findall(answer.content.decode()) == ["refund", "refund-partial", "prefund"]
    assert len(options.findall(client.get(TAGS, {"tag": "VIP"}).content.decode())) == 20
    assert client.get(TAGS, {"tag": "  "}).content == b""
    assert client.get(TAGS).content == b""


def test_outsiders_get_no_tag_suggestions(client: Client, personas) -> None:
    make_ticket(personas.customer, "Tagged", team=personas.team, tags=["lawsuit"])
    answer = client.get(TAGS, {"tag": "law"})
    assert answer.status_code == 302 and answer["Location"].startswith("/sign-in/")
    answer = client.get(TAGS, {"tag": "law"}, headers={"HX-Request": "true"})
    assert answer.headers.get("HX-Redirect", "").startswith("/sign-in/")
    assert b"lawsuit" not in answer.content
    customer = signed_in(personas.customer)  # a portal session is not a staff one
    answer = customer.get(TAGS, {"tag": "law"})
    assert answer.status_code == 302 and b"lawsuit" not in answer.content
    client.force_login(personas.light_agent)  # the lowest staff role filters the inbox too
    assert b"lawsuit" in client.get(TAGS, {"tag": "law"}).content
    assert client.post(TAGS, {"tag": "law"}).status_code == 405
