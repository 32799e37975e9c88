"""The question "Is a follow-up needed?", asked per ticket when solving, with its day
(issue 20 item 22): the workspace setting is only the default answer; the sweep sends on
the chosen day, when the business opens, once."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from frontdesk.core.errors import Invalid
from frontdesk.resolution.models import ResolutionSettings, SolvedTicket, SolveRecord
from frontdesk.resolution.services import do_solve_ticket
from frontdesk.resolution.sweeps import do_sweep_resolution
from frontdesk.resolution.tests.support import (
    JSON,
    api_client,
    make_ticket,
    utc,
    web_client,
    yes_to_all,
)
from frontdesk.sla.calendar_services import do_create_calendar
from frontdesk.tickets.choices import AuthorType
from frontdesk.tickets.models import Message

pytestmark = pytest.mark.django_db

FRIDAY = utc(2026, 11, 20, 10, 0)
MONDAY = utc(2026, 11, 23, 9, 0)


def workspace_default(days: int, auto_close: int = 14) -> None:
    config = ResolutionSettings.current()
    config.follow_up_days, config.auto_close_days = days, auto_close
    config.save()


@pytest.fixture
def clock(monkeypatch):
    """The page and its services read `timezone.now()`: it is Friday morning."""
    monkeypatch.setattr(timezone, "now", lambda: FRIDAY)
    return FRIDAY


def solve(personas, ticket, **answer):
    return do_solve_ticket(
        actor=personas.agent, ticket=ticket, answers=yes_to_all(), now=FRIDAY, **answer
    )


def follow_ups(ticket) -> list[str]:
    system = Message.objects.filter(ticket=ticket, author_type=AuthorType.SYSTEM)
    return list(system.values_list("body", flat=True))


def solve_card(html: str) -> str:
    return html[html.index('id="solve"') :]


def test_the_solve_card_asks_with_the_workspace_default_unticked_when_it_is_off(personas, clock):
    ticket = make_ticket(personas, now=FRIDAY)
    html = solve_card(
        web_client(personas.agent).get(reverse("tickets:ticket-detail", args=[ticket.pk])).text
    )
    assert "Is a follow-up needed?" in html
    box = re.search(r'<input[^>]*name="follow_up"[^>]*>', html).group(0)
    assert "checked" not in box
    # Ticking it without touching the day: three days on, a Monday (no weekend day).
    assert 'name="follow_up_on" value="2026-11-23"' in html


def test_the_workspace_default_ticks_it_and_moves_a_weekend_day_to_monday(personas, clock):
    workspace_default(1)
    ticket = make_ticket(personas, now=FRIDAY)
    html = solve_card(
        web_client(personas.agent).get(reverse("tickets:ticket-detail", args=[ticket.pk])).text
    )
    box = re.search(r'<input[^>]*name="follow_up"[^>]*>', html).group(0)
    assert "checked" in box
    assert 'name="follow_up_on" value="2026-11-23"' in html  # Saturday → Monday


def test_an_agent_chooses_the_day_on_the_page_and_it_is_sent_that_day_once(
    personas, clock, mailoutbox
):
    ticket = make_ticket(personas, now=FRIDAY)
    url = reverse("resolution:ticket-solve", args=[ticket.pk])
    data = {f"item_{pk}": "on" for pk in yes_to_all()}
    response = web_client(personas.agent).post(
        url, {**data, "follow_up": "on", "follow_up_on": "2026-11-25"}
    )
    assert response.status_code == 302
    assert SolveRecord.objects.get(ticket=ticket).follow_up_on == date(2026, 11, 25)

    wednesday = utc(2026, 11, 25, 9, 0)
    assert do_sweep_resolution(now=wednesday - timedelta(seconds=1)).followed_up == 0
    assert do_sweep_resolution(now=wednesday).followed_up == 1
    assert do_sweep_resolution(now=wednesday + timedelta(hours=2)).followed_up == 0
    assert [mail.to for mail in mailoutbox] == [["ayse@example.com"]]
    assert len(follow_ups(ticket)) == 1


def test_the_solved_card_says_when_the_follow_up_goes_and_when_it_went(personas, clock):
    ticket = make_ticket(personas, now=FRIDAY)
    solve(personas, ticket, follow_up=True, follow_up_on=date(2026, 11, 24))
    client = web_client(personas.agent)
    page = reverse("tickets:ticket-detail", args=[ticket.pk])
    assert "Follow-up planned for" in solve_card(client.get(page).text)
    do_sweep_resolution(now=utc(2026, 11, 24, 9, 0))
    card = solve_card(client.get(page).text)
    assert "Follow-up sent" in card and "Follow-up planned" not in card


def test_no_follow_up_when_the_agent_says_so_though_the_default_is_on(personas, mailoutbox):
    workspace_default(2)
    ticket = make_ticket(personas, now=FRIDAY)
    record = solve(personas, ticket, follow_up=False)
    assert record.follow_up_on is None
    for days in range(1, 6):
        assert do_sweep_resolution(now=FRIDAY + timedelta(days=days)).followed_up == 0
    assert mailoutbox == [] and follow_ups(ticket) == []


def test_without_an_answer_the_default_applies(personas):
    workspace_default(2)
    ticket = make_ticket(personas, now=FRIDAY)
    record = solve(personas, ticket)
    assert record.follow_up_on == date(2026, 11, 23)  # Sunday → Monday
    assert do_sweep_resolution(now=MONDAY - timedelta(minutes=1)).followed_up == 0
    assert do_sweep_resolution(now=MONDAY).followed_up == 1


def test_a_follow_up_goes_when_the_business_opens_and_skips_its_closed_days(personas):
    do_create_calendar(
        actor=personas.manager,
        name="Riga shop hours",
        time_zone="Europe/Riga",
        weekly_hours={day: ["10:00-18:00"] for day in ("mon", "tue", "wed", "thu", "fri")},
        closed_days=["2026-11-23"],
        is_default=True,
    )
    ticket = make_ticket(personas, now=FRIDAY)
    record = solve(personas, ticket, follow_up=True, follow_up_on=date(2026, 11, 21))
    assert record.follow_up_on == date(2026, 11, 21)
    # Saturday and the closed Monday pass: Tuesday 10:00 in Riga is 08:00 UTC.
    row = SolvedTicket.objects.get(ticket=ticket)
    assert row.follow_up_at == utc(2026, 11, 24, 8, 0)
    assert do_sweep_resolution(now=utc(2026, 11, 24, 7, 59)).followed_up == 0
    assert do_sweep_resolution(now=utc(2026, 11, 24, 8, 0)).followed_up == 1


@pytest.mark.parametrize(
    ("day", "says"),
    [
        (date(2026, 11, 19), "today or a later day"),
        (date(2027, 12, 1), "within a year"),
    ],
)
def test_it_refuses_a_past_day_or_one_too_far_off(personas, day, says):
    ticket = make_ticket(personas, now=FRIDAY)
    with pytest.raises(Invalid, match=says) as refused:
        solve(personas, ticket, follow_up=True, follow_up_on=day)
    assert refused.value.field == "follow_up_on"
    ticket.refresh_from_db()
    assert ticket.status != "solved"  # nothing half done


def test_the_page_shows_a_refused_day_beside_the_question(personas, clock):
    ticket = make_ticket(personas, now=FRIDAY)
    data = {f"item_{pk}": "on" for pk in yes_to_all()}
    response = web_client(personas.agent).post(
        reverse("resolution:ticket-solve", args=[ticket.pk]),
        {**data, "follow_up": "on", "follow_up_on": "2026-11-01"},
    )
    assert response.status_code == 422
    card = solve_card(response.text)
    assert "Choose today or a later day for the follow-up." in card
    assert 'value="2026-11-01"' in card  # what the agent typed is kept


def test_the_api_takes_the_answer_and_the_day(personas, clock):
    client = api_client(personas.agent)
    answers = [{"item_id": pk, "answer": True} for pk in yes_to_all()]

    chosen = make_ticket(personas, now=FRIDAY)
    response = client.post(
        f"/api/v1/tickets/{chosen.pk}/solve",
        {"answers": answers, "follow_up": True, "follow_up_on": "2026-11-26"},
        content_type=JSON,
    )
    assert response.status_code == 200, response.content
    assert response.json()["follow_up_on"] == "2026-11-26"
    assert SolvedTicket.objects.get(ticket=chosen).follow_up_at == utc(2026, 11, 26, 9, 0)

    declined = make_ticket(personas, now=FRIDAY)
    response = client.post(
        f"/api/v1/tickets/{declined.pk}/solve",
        {"answers": answers, "follow_up": False},
        content_type=JSON,
    )
    assert response.json()["follow_up_on"] is None
    assert SolvedTicket.objects.get(ticket=declined).follow_up_at is None

    sloppy = make_ticket(personas, now=FRIDAY)
    response = client.post(
        f"/api/v1/tickets/{sloppy.pk}/solve",
        {"answers": answers, "follow_up": "yes"},
        content_type=JSON,
    )
    assert response.status_code == 422
    response = client.post(
        f"/api/v1/tickets/{sloppy.pk}/solve",
        {"answers": answers, "follow_up": True, "follow_up_on": "2026-11-02"},
        content_type=JSON,
    )
    assert response.status_code == 422
    assert "later day" in response.content.decode()


def test_a_late_follow_up_holds_the_auto_close_until_the_customer_could_answer(
    personas, mailoutbox
):
    workspace_default(0, auto_close=4)
    late = make_ticket(personas, now=FRIDAY)
    solve(personas, late, follow_up=True, follow_up_on=date(2026, 11, 30))
    plain = make_ticket(personas, now=FRIDAY, subject="No follow-up")
    solve(personas, plain, follow_up=False)

    assert do_sweep_resolution(now=FRIDAY + timedelta(days=4)).closed == 1  # only `plain`
    late.refresh_from_db()
    assert late.status == "solved"
    monday = utc(2026, 11, 30, 9, 0)
    assert do_sweep_resolution(now=monday).followed_up == 1
    assert do_sweep_resolution(now=monday + timedelta(days=1, seconds=-1)).closed == 0
    assert do_sweep_resolution(now=monday + timedelta(days=1)).closed == 1
    late.refresh_from_db()
    assert late.status == "closed"
    assert len(mailoutbox) == 1
