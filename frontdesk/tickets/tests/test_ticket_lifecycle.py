"""Ticket life through the services: states, reopen, transfers, escalation, merge (T1-T6)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import override_settings

from frontdesk.core.errors import Conflict, Forbidden, Invalid
from frontdesk.tickets.choices import AckState, EventKind, MessageKind, Status
from frontdesk.tickets.models import Message, Ticket
from frontdesk.tickets.services import (
    NewAttachment,
    do_add_collaborator,
    do_add_message,
    do_create_ticket,
    do_deescalate_ticket,
    do_escalate_ticket,
    do_merge_tickets,
    do_update_ticket,
)

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def open_ticket(personas, **kwargs) -> Ticket:
    kwargs.setdefault("team", personas.team)
    return do_create_ticket(
        actor=personas.customer,
        customer=personas.customer,
        subject=kwargs.pop("subject", "The blouse fell apart in the wash"),
        body=kwargs.pop("body", "I bought it two days ago and have the receipt."),
        acknowledge=kwargs.pop("acknowledge", False),
        **kwargs,
    )


def test_it_opens_a_ticket_with_the_customers_first_message(personas):
    ticket = open_ticket(personas, tags=["Returns", "blouse"])
    assert ticket.status == Status.NEW
    assert ticket.reference.startswith("FD-") and len(ticket.reference) == 10
    message = ticket.messages.get()
    assert message.author_customer == personas.customer and message.kind == MessageKind.REPLY
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["blouse", "returns"]
    assert ticket.events.get().kind == EventKind.CREATED


def test_it_refuses_a_ticket_without_subject_or_message(personas):
    with pytest.raises(Invalid) as err:
        open_ticket(personas, subject="   ")
    assert err.value.field == "subject"
    with pytest.raises(Invalid):
        open_ticket(personas, body="")
    with pytest.raises(Invalid):
        open_ticket(personas, priority="whenever")
    assert not Ticket.objects.exists()


def test_it_strips_header_breaking_characters_from_the_subject(personas):
    ticket = open_ticket(personas, subject="Hello\r\nBcc: victim@example.com")
    assert "\n" not in ticket.subject and "\r" not in ticket.subject


def test_it_records_first_response_and_opens_on_agent_reply(personas):
    ticket = open_ticket(personas)
    do_add_message(actor=personas.agent, ticket=ticket, body="We are sorry! Let me check.")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.first_response_at is not None
    changes = ticket.events.filter(kind=EventKind.CHANGED, field="status")
    assert list(changes.values_list("old_value", "new_value")) == [("new", "open")]


def test_an_internal_note_is_not_a_first_response(personas):
    ticket = open_ticket(personas)
    do_add_message(actor=personas.agent, ticket=ticket, body="Check the batch", internal=True)
    ticket.refresh_from_db()
    assert ticket.first_response_at is None and ticket.status == Status.NEW


def test_a_customer_reply_reopens_a_solved_ticket(personas):
    ticket = open_ticket(personas, assignee=personas.agent)
    do_update_ticket(actor=personas.agent, ticket=ticket, status=Status.SOLVED)
    ticket.refresh_from_db()
    assert ticket.solved_at is not None
    do_add_message(actor=personas.customer, ticket=ticket, body="It broke again.")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN and ticket.reopen_count == 1 and ticket.solved_at is None
    assert ticket.events.filter(kind=EventKind.REOPENED).count() == 1


def test_a_customer_reply_to_a_pending_ticket_puts_it_back_in_the_queue(personas):
    ticket = open_ticket(personas, assignee=personas.agent)
    do_update_ticket(actor=personas.agent, ticket=ticket, status=Status.PENDING)
    do_add_message(actor=personas.customer, ticket=ticket, body="Here is the receipt.")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN and ticket.reopen_count == 0


def test_customers_cannot_write_internal_notes_and_light_agents_cannot_reply(personas):
    ticket = open_ticket(personas)
    with pytest.raises(Forbidden):
        do_add_message(actor=personas.customer, ticket=ticket, body="x", internal=True)
    with pytest.raises(Forbidden):
        do_add_message(actor=personas.light_agent, ticket=ticket, body="Hi!")
    note = do_add_message(actor=personas.light_agent, ticket=ticket, body="FYI", internal=True)
    assert note.kind == MessageKind.NOTE


def test_every_change_is_an_event_with_who_and_old_and_new(personas):
    ticket = open_ticket(personas)
    do_update_ticket(actor=personas.manager, ticket=ticket, priority="high", tags=["vip-no"])
    events = {e.field: e for e in ticket.events.filter(kind=EventKind.CHANGED)}
    assert (events["priority"].old_value, events["priority"].new_value) == ("normal", "high")
    assert events["priority"].actor_user == personas.manager
    assert events["tags"].new_value == "vip-no"


def test_a_ticket_cannot_go_back_to_new(personas):
    ticket = open_ticket(personas, assignee=personas.agent)
    with pytest.raises(Invalid):
        do_update_ticket(actor=personas.agent, ticket=ticket, status=Status.NEW)


def test_the_first_assignment_is_not_a_transfer(personas):
    ticket = open_ticket(personas)
    do_update_ticket(actor=personas.manager, ticket=ticket, assignee=personas.agent)
    ticket.refresh_from_db()
    assert ticket.transfer_count == 0 and ticket.status == Status.OPEN


def test_a_transfer_needs_a_hand_off_note_and_is_counted(personas):
    ticket = open_ticket(personas, assignee=personas.agent)
    with pytest.raises(Invalid) as err:
        do_update_ticket(actor=personas.agent, ticket=ticket, assignee=personas.other_agent)
    assert err.value.field == "handoff_note"
    ticket.refresh_from_db()
    assert ticket.assignee == personas.agent
    do_update_ticket(
        actor=personas.agent,
        ticket=ticket,
        assignee=personas.other_agent,
        team=personas.other_team,
        handoff_note="Receipt checked; she wants a refund, policy says no for washed items.",
    )
    ticket.refresh_from_db()
    assert ticket.assignee == personas.other_agent and ticket.team == personas.other_team
    assert ticket.transfer_count == 1
    transfer = ticket.events.filter(kind=EventKind.TRANSFER, field="assignee").get()
    assert "Receipt checked" in transfer.note
    handoff = ticket.messages.get(kind=MessageKind.NOTE)
    assert "Receipt checked" in handoff.body


def test_escalation_needs_a_reason_and_only_managers_close_it(personas):
    ticket = open_ticket(personas)
    with pytest.raises(Invalid):
        do_escalate_ticket(actor=personas.agent, ticket=ticket, reason=" ")
    do_escalate_ticket(actor=personas.agent, ticket=ticket, reason="Customer asks for a refund")
    ticket.refresh_from_db()
    assert ticket.is_escalated and ticket.escalation_reason == "Customer asks for a refund"
    with pytest.raises(Conflict):
        do_escalate_ticket(actor=personas.agent, ticket=ticket, reason="again")
    with pytest.raises(Forbidden):
        do_deescalate_ticket(actor=personas.agent, ticket=ticket)
    do_deescalate_ticket(actor=personas.manager, ticket=ticket, note="Gift card approved")
    ticket.refresh_from_db()
    assert not ticket.is_escalated


def test_merging_moves_the_messages_and_closes_the_duplicate(personas):
    target = open_ticket(personas)
    duplicate = open_ticket(personas, subject="Blouse again", body="Did you get my mail?")
    do_merge_tickets(actor=personas.agent, target=target, sources=[duplicate])
    duplicate.refresh_from_db()
    assert duplicate.status == Status.CLOSED and duplicate.merged_into == target
    bodies = list(target.messages.values_list("body", flat=True))
    assert "Did you get my mail?" in bodies
    assert duplicate.messages.get().body.startswith("Merged into")
    assert target.events.filter(kind=EventKind.MERGED).count() == 1
    with pytest.raises(Conflict):
        do_merge_tickets(actor=personas.agent, target=target, sources=[duplicate])


def test_only_tickets_of_one_customer_merge(personas):
    target = open_ticket(personas)
    foreign = do_create_ticket(
        actor=personas.other_customer,
        customer=personas.other_customer,
        subject="Lawn mower",
        body="Broken",
        acknowledge=False,
    )
    with pytest.raises(Invalid):
        do_merge_tickets(actor=personas.manager, target=target, sources=[foreign])
    foreign.refresh_from_db()
    assert foreign.merged_into is None and foreign.messages.count() == 1


def test_a_collaborator_is_recorded_once(personas):
    ticket = open_ticket(personas)
    do_add_collaborator(actor=personas.agent, ticket=ticket, user=personas.other_agent)
    do_add_collaborator(actor=personas.agent, ticket=ticket, user=personas.other_agent)
    assert list(ticket.collaborators.all()) == [personas.other_agent]
    assert ticket.events.filter(kind=EventKind.COLLABORATOR).count() == 1


@override_settings(TASKS=IMMEDIATE_TASKS)
def test_the_acknowledgement_is_sent_once_on_commit(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(personas, acknowledge=True)
    ticket.refresh_from_db()
    assert ticket.ack_state == AckState.SENT and ticket.acknowledged_at is not None
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert ticket.reference in sent.subject and sent.to == ["ayse@example.com"]
    assert sent.extra_headers["Auto-Submitted"] == "auto-replied"
    # a second job for the same ticket (a retry, another worker) sends nothing
    from frontdesk.tickets.acknowledgement import send_acknowledgement

    assert send_acknowledgement(ticket.pk) == "skipped"
    assert len(mail.outbox) == 1
    assert Message.objects.filter(ticket=ticket, author_type="system").count() == 1


def test_imports_do_not_acknowledge(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        ticket = open_ticket(personas, acknowledge=False)
    # Only the live inbox update runs on commit: no acknowledgement job.
    from frontdesk.tickets import live

    assert all(getattr(c, "func", None) is live.publish_ticket_changed for c in callbacks)
    assert ticket.ack_state == AckState.NONE


def test_attachments_are_stored_under_a_server_chosen_key(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FRONTDESK_UPLOAD_TYPES = {"portal": ["default", "image/svg+xml"]}  # not by default
    ticket = open_ticket(
        personas,
        attachments=[NewAttachment("../../etc/passwd.svg", b"<svg onload=alert(1)></svg>")],
    )
    attachment = ticket.messages.get().attachments.get()
    assert attachment.filename == "passwd.svg"
    assert attachment.content_type == "image/svg+xml"
    assert ".." not in attachment.file.name and attachment.file.name.startswith("attachments/")
    assert (tmp_path / attachment.file.name).read_bytes().startswith(b"<svg")


def test_an_oversized_attachment_is_refused_and_nothing_is_kept(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FRONTDESK_MAX_ATTACHMENT_BYTES = 10
    with pytest.raises(Invalid) as err:
        open_ticket(personas, attachments=[NewAttachment("big.txt", b"x" * 11)])
    assert err.value.field == "attachments"
    assert not Ticket.objects.exists()
