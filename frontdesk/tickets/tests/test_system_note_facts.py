"""Text the system writes into messages and the escalation reason is stored as facts and
worded for the reader: a Slovak agent reads a hand-off note, a merge, an automatic reply
and an SLA escalation in Slovak, whatever language was active when they were written."""

from __future__ import annotations

import html
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from frontdesk.inbox.models import Mailbox
from frontdesk.inbox.services import do_ingest_email
from frontdesk.inbox.tests.mail_factory import raw_email
from frontdesk.privacy.erasure import erase_tickets
from frontdesk.sla.choices import BreachNotify
from frontdesk.sla.sweep import do_sweep_sla
from frontdesk.sla.tests.sla_support import only_policies, ticket, utc
from frontdesk.tickets.choices import AuthorType, MessageKind
from frontdesk.tickets.event_notes import escalation_text, message_text
from frontdesk.tickets.models import Message, Ticket
from frontdesk.tickets.outbound import message_id_for
from frontdesk.tickets.services import do_escalate_ticket, do_merge_tickets, do_update_ticket
from frontdesk.tickets.tests.ticket_page_support import (  # noqa: F401 (fixture)
    client_for,
    fresh_cache,
    open_ticket,
    page_url,
)

pytestmark = pytest.mark.django_db
MONDAY = utc(2026, 11, 16, 9, 0)


def _slovak_page(user, ticket: Ticket) -> str:
    response = client_for(user).get(page_url(ticket), HTTP_ACCEPT_LANGUAGE="sk")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_hand_off_note_written_in_english_reads_in_slovak(personas):
    made = open_ticket(personas, assignee=personas.agent)
    with translation.override("en"):
        do_update_ticket(
            actor=personas.agent,
            ticket=made,
            assignee=personas.other_agent,
            handoff_note="She has the receipt; card 4111 1111 1111 1111 on file.",
        )
    note = Message.objects.get(ticket=made, kind=MessageKind.NOTE)
    assert note.body.startswith("Hand-off note: She has the receipt")  # as written
    assert "4111 1111 1111 1111" not in note.body + str(note.facts)  # masked in both
    page = _slovak_page(personas.agent, made)
    assert '<div class="message-body">Odovzdávacia poznámka: She has the receipt' in page
    assert "Hand-off note:" not in page


def test_an_sla_escalation_written_in_english_reads_in_slovak(personas):
    only_policies(
        {
            "first_response_minutes": 60,
            "resolution_minutes": 600,
            "business_hours": False,
            "on_breach_notify": BreachNotify.MANAGERS,
            "on_breach_reassign_to_team": personas.other_team,
        }
    )
    made = ticket(personas.customer, MONDAY, assignee=personas.agent, team=personas.team)
    with translation.override("en"):
        do_sweep_sla(now=MONDAY + timedelta(minutes=61))
    made.refresh_from_db()
    english = "Deadline missed (First response): escalated by the SLA policy “policy 0”."
    assert made.escalation_reason == english
    hand_off = Message.objects.get(ticket=made, author_type=AuthorType.SYSTEM)
    assert hand_off.body == english
    slovak = "Termín zmeškaný (Prvá odpoveď): eskalované podľa politiky SLA „policy 0“."
    page = _slovak_page(personas.manager, made)
    assert f'<span class="pre">{slovak}</span>' in page  # the escalation notice
    assert f'<div class="message-body">{slovak}</div>' in page  # the hand-off note
    assert "Deadline missed" not in page


def test_a_merge_and_an_automatic_reply_read_in_slovak(personas):
    Mailbox.objects.create(name="Support", address="support@example.com", team=personas.team)
    duplicate, kept = open_ticket(personas), open_ticket(personas, subject="Same blouse")
    with translation.override("en"):
        do_merge_tickets(actor=personas.agent, target=kept, sources=[duplicate])
        do_ingest_email(
            raw_email(
                subject=f"Out of office Re: [{kept.reference}]",
                body="I am away until Monday.",
                headers={"Auto-Submitted": "auto-replied"},
                in_reply_to=message_id_for(kept, "ack"),
            )
        )
    merged = Message.objects.get(ticket=duplicate, author_type=AuthorType.SYSTEM)
    auto = Message.objects.get(ticket=kept, author_type=AuthorType.SYSTEM)
    assert merged.body == f"Merged into {kept.reference}."
    assert auto.body == "Automatic reply from ayse@example.com:\n\nI am away until Monday."
    with translation.override("sk"):
        assert message_text(merged) == f"Zlúčené do {kept.reference}."
        assert message_text(auto) == (
            "Automatická odpoveď od ayse@example.com:\n\nI am away until Monday."
        )
    page = _slovak_page(personas.agent, kept)
    assert "Automatická odpoveď od ayse@example.com:" in page


def test_what_people_wrote_and_older_rows_show_as_written(personas):
    made = open_ticket(personas)
    old = Message.objects.create(
        ticket=made,
        kind=MessageKind.NOTE,
        author_type=AuthorType.SYSTEM,
        channel=made.channel,
        body="Hand-off note: written before facts existed",
        created_at=timezone.now(),
    )
    do_escalate_ticket(actor=personas.agent, ticket=made, reason="Deadline missed, she says")
    made.refresh_from_db()
    with translation.override("sk"):
        assert message_text(old) == "Hand-off note: written before facts existed"
        assert escalation_text(made) == "Deadline missed, she says"


def test_an_erased_ticket_keeps_no_words_in_its_facts(personas):
    made = open_ticket(personas, assignee=personas.agent)
    do_update_ticket(
        actor=personas.agent,
        ticket=made,
        assignee=personas.other_agent,
        handoff_note="Her address is Brīvības iela 1",
    )
    erase_tickets([made.pk], now=timezone.now())
    note = Message.objects.get(ticket=made, kind=MessageKind.NOTE)
    assert note.facts is None
    with translation.override("sk"):
        assert message_text(note) == "[erased]"
    assert not made.events.exclude(facts=None).exists()
