"""Search scope tokens: visibility is part of the full-text match, on SQLite and PostgreSQL.

Every check is made twice: through the real search (`visible` and the tokens) and by
the tokens alone (every ticket `visible`), so a token left behind after a change, or
missing, shows up here even though the access-checked queryset would hide it.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from frontdesk.accounts.models import Workspace
from frontdesk.tickets.access import tickets_for_actor
from frontdesk.tickets.models import Ticket
from frontdesk.tickets.search import rebuild_index, rescope_ticket, scope_for, search_ticket_ids
from frontdesk.tickets.services import (
    do_add_collaborator,
    do_add_message,
    do_create_ticket,
    do_merge_tickets,
    do_update_ticket,
)


def find(actor, query: str) -> set[int]:
    found = search_ticket_ids(
        query, visible=tickets_for_actor(actor), include_internal=True, scope=scope_for(actor)
    )
    return set(found)


def by_tokens(actor, query: str) -> set[int]:
    found = search_ticket_ids(
        query, visible=Ticket.objects.all(), include_internal=True, scope=scope_for(actor)
    )
    return set(found)


def seen(actor, query: str) -> set[int]:
    """Both ways at once: they must agree."""
    real, tokens = find(actor, query), by_tokens(actor, query)
    assert real == tokens, (real, tokens)
    return real


@pytest.fixture
def make(personas):
    def make(subject, team=None, customer=None, **kwargs):
        customer = customer or personas.customer
        return do_create_ticket(
            actor=customer,
            customer=customer,
            subject=subject,
            body="The umbrella handle snapped",
            team=team,
            acknowledge=False,
            **kwargs,
        )

    return make


def test_agents_find_their_teams_tickets_until_the_ticket_moves(personas, make):
    p = personas
    ticket = make("Broken umbrella", team=p.team)
    assert seen(p.agent, "umbrella") == {ticket.pk}
    assert seen(p.other_agent, "umbrella") == set()
    do_update_ticket(actor=p.manager, ticket=ticket, team=p.other_team, handoff_note="Theirs")
    assert seen(p.agent, "umbrella") == set()
    assert seen(p.other_agent, "umbrella") == {ticket.pk}
    assert seen(p.other_agent, "theirs") == {ticket.pk}  # the hand-off note too
    do_update_ticket(actor=p.manager, ticket=ticket, team=None, handoff_note="Nobody's")
    assert seen(p.other_agent, "umbrella") == set()


def test_agents_find_tickets_assigned_to_them_until_unassigned(personas, make):
    p = personas
    ticket = make("Broken umbrella", team=p.other_team)
    assert seen(p.agent, "umbrella") == set()
    do_update_ticket(actor=p.manager, ticket=ticket, assignee=p.agent)
    assert seen(p.agent, "umbrella") == {ticket.pk}
    do_add_message(actor=p.agent, ticket=ticket, body="Replacement parasol on its way")
    assert seen(p.agent, "parasol") == {ticket.pk}
    do_update_ticket(actor=p.manager, ticket=ticket, assignee=None, handoff_note="Back")
    assert seen(p.agent, "umbrella parasol") == set()
    created_assigned = make("Umbrella two", team=None, assignee=p.agent)
    assert seen(p.agent, "umbrella") == {created_assigned.pk}


def test_collaborators_find_the_ticket_while_they_collaborate(personas, make):
    p = personas
    ticket = make("Broken umbrella", team=p.other_team)
    assert seen(p.agent, "umbrella") == set()
    do_add_collaborator(actor=p.other_agent, ticket=ticket, user=p.agent)
    assert seen(p.agent, "umbrella") == {ticket.pk}
    # No service removes a collaborator yet; whatever does must rescope the ticket.
    ticket.collaborators.remove(p.agent)
    rescope_ticket(ticket.pk)
    assert seen(p.agent, "umbrella") == set()
    assert seen(p.other_agent, "umbrella") == {ticket.pk}


def test_merged_messages_take_the_targets_scope(personas, make):
    p = personas
    mine = make("Umbrella first", team=p.team)
    do_add_message(actor=p.agent, ticket=mine, body="Ferrule missing")
    theirs = make("Umbrella again", team=p.other_team)
    assert seen(p.other_agent, "ferrule") == set()
    do_merge_tickets(actor=p.manager, target=theirs, sources=[mine])
    assert seen(p.other_agent, "ferrule") == {theirs.pk}
    assert seen(p.agent, "ferrule") == set()
    assert seen(p.agent, "umbrella") == set()


def test_managers_admins_and_the_workspace_setting_need_no_scope(personas, make):
    p = personas
    ours, theirs, nobodys = (
        make("Umbrella A", p.team),
        make("Umbrella B", p.other_team),
        make("Umbrella C"),
    )
    everything = {ours.pk, theirs.pk, nobodys.pk}
    assert scope_for(p.admin) is None and scope_for(p.manager) is None
    assert seen(p.admin, "umbrella") == seen(p.manager, "umbrella") == everything
    assert seen(p.agent, "umbrella") == {ours.pk}
    assert scope_for(p.customer) is None  # customers: their own rule, in `visible`
    workspace = Workspace.current()
    workspace.agents_see_all_tickets = True
    workspace.save()
    assert scope_for(p.agent) is None
    assert find(p.agent, "umbrella") == everything


def test_scope_words_cannot_be_searched(personas, make):
    """The tokens live in their own column / as `#` lexemes: user words never match them."""
    p = personas
    make("Umbrella", team=p.team, assignee=p.agent)
    for word in (f"t{p.team.pk}", f"u{p.agent.pk}", "scope"):
        assert find(p.admin, word) == set()


def test_tokens_follow_the_visibility_rule_and_survive_a_rebuild(personas, make):
    """Whatever the mix, the tokens select exactly the tickets `tickets_for_actor` shows."""
    p = personas
    make("Umbrella 1", p.team)
    make("Umbrella 2", p.other_team, assignee=p.agent)
    shared = make("Umbrella 3", p.other_team, customer=p.other_customer)
    do_add_collaborator(actor=p.other_agent, ticket=shared, user=p.light_agent)
    make("Umbrella 4", None, assignee=p.other_agent)
    make("Umbrella 5")
    inactive = p.other_agent.__class__.objects.get(pk=p.other_agent.pk)

    def check() -> None:
        for actor in (p.agent, p.other_agent, p.light_agent, p.manager):
            rule = set(tickets_for_actor(actor).values_list("pk", flat=True))
            assert seen(actor, "umbrella") == rule, actor

    check()
    rebuild_index()
    check()
    inactive.is_active = False
    assert scope_for(inactive) == []


def test_an_sla_breach_that_moves_the_ticket_moves_its_scope(personas):
    from frontdesk.sla.sweep import do_sweep_sla
    from frontdesk.sla.tests.sla_support import only_policies, ticket, utc

    p = personas
    monday = utc(2026, 11, 16, 9, 0)
    only_policies(
        {
            "first_response_minutes": 60,
            "resolution_minutes": 600,
            "business_hours": False,
            "on_breach_reassign_to_team": p.other_team,
        }
    )
    made = ticket(p.customer, monday, assignee=p.agent, team=p.team)
    assert seen(p.agent, "kettle") == {made.pk}
    assert seen(p.other_agent, "kettle") == set()
    assert do_sweep_sla(now=monday + timedelta(minutes=61)).escalated == 1
    assert seen(p.agent, "kettle") == set()
    assert seen(p.other_agent, "kettle") == {made.pk}
