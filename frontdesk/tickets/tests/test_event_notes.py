"""System notes in the history are stored as facts and worded for the reader: a Slovak
agent reads Slovak, with times in her own time zone, whatever was active when written."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import translation

from frontdesk.resolution.services import do_create_action_plan
from frontdesk.sla.sweep import do_sweep_sla
from frontdesk.sla.tests.sla_support import only_policies, ticket, utc
from frontdesk.tickets.choices import EventKind
from frontdesk.tickets.event_notes import note_text
from frontdesk.tickets.mentions import add_mentioned_collaborators
from frontdesk.tickets.models import TicketEvent
from frontdesk.tickets.tests.ticket_page_support import client_for, open_ticket, page_url

MONDAY = utc(2026, 11, 16, 9, 0)
UTC = ZoneInfo("UTC")


def _slovak_page(personas, ticket) -> str:
    agent = personas.agent
    agent.time_zone = "Europe/Bratislava"  # UTC+1 in November
    agent.save(update_fields=["time_zone"])
    response = client_for(agent).get(page_url(ticket), HTTP_ACCEPT_LANGUAGE="sk")
    assert response.status_code == 200
    return response.content.decode()


def test_a_committed_time_written_in_english_reads_in_slovak_in_the_agent_s_zone(personas):
    made = open_ticket(personas)
    with translation.override("en"):
        do_create_action_plan(
            actor=personas.agent,
            ticket=made,
            text="Call the courier",
            due_at=datetime(2030, 1, 15, 12, 0, tzinfo=UTC),
            now=datetime(2030, 1, 14, 9, 0, tzinfo=UTC),
        )
    event = TicketEvent.objects.get(ticket=made, field="action_plan")
    assert event.note.startswith("Committed time:")  # the wording of the moment stays
    page = _slovak_page(personas, made)
    assert "Prisľúbený čas:" in page and "Committed time" not in page
    assert "13:00 CET" in page  # 12:00 UTC in Bratislava


def test_a_mention_reads_in_the_reader_s_language(personas):
    made = open_ticket(personas)
    with translation.override("en"):
        add_mentioned_collaborators(
            actor=personas.agent, ticket=made, text=f"@{personas.other_agent.username} look"
        )
    event = TicketEvent.objects.get(ticket=made, kind=EventKind.COLLABORATOR)
    with translation.override("sk"):
        assert note_text(event) == "Spomenutý v internej poznámke."
    with translation.override("tr"):
        assert note_text(event) != event.note


def test_a_missed_deadline_reads_in_slovak_with_the_local_time(personas):
    only_policies(
        {"first_response_minutes": 60, "resolution_minutes": 600, "business_hours": False}
    )
    made = ticket(personas.customer, MONDAY, assignee=personas.agent, team=personas.team)
    with translation.override("en"):
        do_sweep_sla(now=MONDAY + timedelta(minutes=61))
    event = TicketEvent.objects.get(ticket=made, kind=EventKind.SLA_BREACHED)
    assert event.note == "First response due 2026-11-16 10:00 UTC"
    with translation.override("sk"):
        text = note_text(event, ZoneInfo("Europe/Bratislava"))
    assert text.startswith("Prvá odpoveď – termín") and "11:00 CET" in text
    assert "Prvá odpoveď – termín" in _slovak_page(personas, made)


def test_old_rows_with_text_only_are_shown_as_written(personas):
    made = open_ticket(personas)
    old = TicketEvent.objects.create(ticket=made, kind=EventKind.CHANGED, note="Legacy words")
    odd = TicketEvent.objects.create(
        ticket=made, kind=EventKind.CHANGED, note="Kept", facts={"code": "from-a-newer-version"}
    )
    broken = TicketEvent.objects.create(
        ticket=made, kind=EventKind.CHANGED, note="Also kept", facts={"code": "committed_time"}
    )
    with translation.override("sk"):
        assert [note_text(e) for e in (old, odd, broken)] == ["Legacy words", "Kept", "Also kept"]
