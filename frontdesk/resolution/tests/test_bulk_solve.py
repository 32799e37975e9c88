"""Solving from the inbox's bulk bar goes through the solve checklist (T7)."""

from __future__ import annotations

from django.contrib.messages import get_messages
from django.utils import translation

from frontdesk.resolution.models import ChecklistItem, SolvedTicket, SolveRecord
from frontdesk.resolution.tests.support import make_ticket, web_client
from frontdesk.tickets.choices import Status
from frontdesk.tickets.models import Ticket, TicketEvent
from frontdesk.tickets.services import do_update_ticket


def items() -> list[ChecklistItem]:
    return list(ChecklistItem.objects.filter(active=True))


def bulk_solve(client, tickets, ticked: list[ChecklistItem], **extra: str):
    payload = {
        "ticket": [str(t.pk if isinstance(t, Ticket) else t) for t in tickets],
        "action": "status",
        "status": Status.SOLVED,
        "handoff_note": "",
        **{f"solve-item_{item.pk}": "on" for item in ticked},
        **extra,
    }
    return client.post("/inbox/", payload)


def texts(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_bulk_bar_shows_the_checklist_in_the_agents_language(personas):
    personas.agent.language = "lv"
    personas.agent.save()
    html = web_client(personas.agent).get("/inbox/", HTTP_ACCEPT_LANGUAGE="lv").content.decode()
    translation.activate("en")
    for item in items():
        assert f'name="solve-item_{item.pk}"' in html
        assert item.text_for("lv") in html or item.text_for("en") in html
    assert 'data-bulk-status="solved"' in html


def test_bulk_solve_without_the_checklist_is_refused_and_nothing_changes(personas):
    one, two = make_ticket(personas), make_ticket(personas)
    client = web_client(personas.agent)
    response = bulk_solve(client, [one, two], ticked=items()[:1])
    assert response.status_code == 422
    html = response.content.decode()
    assert "To solve the ticket, answer yes to" in html
    assert items()[1].text_for("en") in html
    # What was ticked stays ticked.
    assert (
        f'name="solve-item_{items()[0].pk}" id="bulk_solve_solve-item_{items()[0].pk}" checked'
        in html
    )
    for ticket in (one, two):
        ticket.refresh_from_db()
        assert ticket.status != Status.SOLVED
    assert not SolveRecord.objects.exists()


def test_bulk_solve_with_the_checklist_solves_each_ticket_with_its_record(personas):
    one, two = make_ticket(personas), make_ticket(personas)
    client = web_client(personas.agent)
    response = bulk_solve(client, [one, two], ticked=items(), **{"solve-note": "Sent new parts"})
    assert response.status_code == 302
    assert any("2 tickets updated" in text for text in texts(response))
    for ticket in (one, two):
        ticket.refresh_from_db()
        assert ticket.status == Status.SOLVED
        record = SolveRecord.objects.get(ticket=ticket)
        assert record.actor == personas.agent and record.note == "Sent new parts"
        assert [row["answer"] for row in record.answers] == [True, True]
        assert SolvedTicket.objects.filter(ticket_id=ticket.pk).exists()  # follow-up, close
        event = TicketEvent.objects.get(ticket=ticket, field="status", new_value=Status.SOLVED)
        assert "✓ " + items()[0].text_for("en") in event.note


def test_one_ticket_that_cannot_be_solved_is_named_and_the_others_are_solved(personas):
    p = personas
    done = make_ticket(p)
    do_update_ticket(actor=p.agent, ticket=done, status=Status.CLOSED)
    fresh = make_ticket(p)
    foreign = make_ticket(p, customer=p.other_customer, team=p.other_team)
    response = bulk_solve(web_client(p.agent), [done, fresh, foreign], ticked=items())
    assert response.status_code == 302
    messages = texts(response)
    assert any(done.reference in text and "closed" in text for text in messages)
    assert any("1 ticket updated" in text and fresh.reference in text for text in messages)
    assert any("1 selected ticket was not found" in text for text in messages)
    fresh.refresh_from_db()
    foreign.refresh_from_db()
    assert fresh.status == Status.SOLVED
    assert foreign.status != Status.SOLVED and not SolveRecord.objects.filter(ticket=foreign)


def test_other_statuses_need_no_checklist(personas):
    one = make_ticket(personas)
    response = web_client(personas.agent).post(
        "/inbox/",
        {"ticket": [str(one.pk)], "action": "status", "status": "pending", "handoff_note": ""},
    )
    assert response.status_code == 302
    one.refresh_from_db()
    assert one.status == Status.PENDING
