"""Who sees which ticket (X1): the access_* read path, with outsiders getting 404."""

from __future__ import annotations

import pytest
from django.http import Http404

from frontdesk.accounts.models import Workspace
from frontdesk.tickets.access import (
    access_attachment,
    access_ticket,
    events_for_actor,
    messages_for_actor,
    tickets_for_actor,
)
from frontdesk.tickets.services import (
    NewAttachment,
    do_add_collaborator,
    do_add_message,
    do_create_ticket,
)


@pytest.fixture
def ticket(personas):
    return do_create_ticket(
        actor=personas.customer,
        customer=personas.customer,
        subject="Dress size",
        body="I need it this afternoon",
        team=personas.team,
        acknowledge=False,
    )


def test_team_members_managers_and_admins_see_the_ticket(personas, ticket):
    for actor in (personas.agent, personas.light_agent, personas.manager, personas.admin):
        assert access_ticket(actor, ticket.pk) == ticket


def test_an_agent_of_another_team_gets_404(personas, ticket):
    with pytest.raises(Http404):
        access_ticket(personas.other_agent, ticket.pk)
    assert not tickets_for_actor(personas.other_agent).exists()


def test_the_workspace_setting_opens_all_tickets_to_all_agents(personas, ticket):
    Workspace.objects.update_or_create(pk=1, defaults={"agents_see_all_tickets": True})
    assert access_ticket(personas.other_agent, ticket.pk) == ticket


def test_assignee_and_collaborator_see_it_outside_their_team(personas, ticket):
    do_add_collaborator(actor=personas.agent, ticket=ticket, user=personas.other_agent)
    assert access_ticket(personas.other_agent, ticket.pk) == ticket


def test_a_customer_sees_only_their_own_tickets_and_no_internal_notes(personas, ticket):
    do_add_message(actor=personas.agent, ticket=ticket, body="secret: batch 42", internal=True)
    do_add_message(actor=personas.agent, ticket=ticket, body="We hold one for you.")
    assert access_ticket(personas.customer, ticket.pk) == ticket
    bodies = list(messages_for_actor(personas.customer, ticket).values_list("body", flat=True))
    assert "We hold one for you." in bodies and "secret: batch 42" not in bodies
    assert not events_for_actor(personas.customer, ticket).exists()
    with pytest.raises(Http404):
        access_ticket(personas.other_customer, ticket.pk)


def test_a_deactivated_agent_sees_nothing(personas, ticket):
    personas.agent.is_active = False
    personas.agent.save()
    with pytest.raises(Http404):
        access_ticket(personas.agent, ticket.pk)


def test_attachments_of_internal_notes_are_hidden_from_customers(
    personas, ticket, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    note = do_add_message(
        actor=personas.agent,
        ticket=ticket,
        body="invoice",
        internal=True,
        attachments=[NewAttachment("invoice.pdf", b"%PDF-1.4 x")],
    )
    attachment = note.attachments.get()
    assert access_attachment(personas.agent, attachment.pk) == attachment
    for outsider in (personas.customer, personas.other_customer, personas.other_agent):
        with pytest.raises(Http404):
            access_attachment(outsider, attachment.pk)


@pytest.mark.parametrize("bad_id", [0, -1, 2**70, "x"])
def test_bad_ids_are_404_not_errors(personas, bad_id):
    with pytest.raises(Http404):
        access_ticket(personas.admin, bad_id)
