"""Full-text search on SQLite FTS5 and PostgreSQL: words, prefixes, languages, visibility."""

from __future__ import annotations

import pytest

from frontdesk.tickets.access import is_staff, tickets_for_actor
from frontdesk.tickets.search import rebuild_index, scope_for, search_ticket_ids, terms
from frontdesk.tickets.services import (
    do_add_collaborator,
    do_add_message,
    do_create_ticket,
    do_merge_tickets,
    do_update_ticket,
)


def find(actor, query: str, **kwargs) -> list[int]:
    return search_ticket_ids(
        query,
        visible=tickets_for_actor(actor),
        include_internal=is_staff(actor),
        scope=scope_for(actor),
        **kwargs,
    )


@pytest.fixture
def tickets(personas):
    def make(customer, subject, body, team, language=""):
        return do_create_ticket(
            actor=customer,
            customer=customer,
            subject=subject,
            body=body,
            team=team,
            language=language,
            acknowledge=False,
        )

    blouse = make(
        personas.customer, "Bluz yıkamada dağıldı", "Fişim var, param iade", personas.team, "tr"
    )
    mower = make(
        personas.other_customer,
        "Kosilnica ne dela",
        "Pokvarjena kosilnica",
        personas.other_team,
        "sl",
    )
    dress = make(
        personas.customer,
        "Dress size 38 needed today",
        "Returns of the old one?",
        personas.team,
        "en",
    )
    return blouse, mower, dress


def test_it_finds_words_in_subjects_and_messages_with_prefixes(personas, tickets):
    blouse, mower, dress = tickets
    assert find(personas.admin, "dağıldı") == [blouse.pk]
    assert find(personas.admin, "kosil") == [mower.pk]  # prefix
    assert find(personas.admin, "dress 38") == [dress.pk]  # every word must match
    assert find(personas.admin, "dress kosilnica") == []


def test_it_finds_later_replies_and_ranks_subject_hits_first(personas, tickets):
    blouse, _mower, dress = tickets
    do_add_message(actor=personas.agent, ticket=blouse, body="We will send a new dress instead")
    assert find(personas.admin, "dress") == [dress.pk, blouse.pk]


def test_agents_find_only_what_they_may_see(personas, tickets):
    _blouse, mower, _dress = tickets
    assert find(personas.agent, "kosilnica") == []
    assert find(personas.other_agent, "kosilnica") == [mower.pk]


def test_customers_do_not_find_internal_notes_or_other_customers(personas, tickets):
    blouse, _mower, _dress = tickets
    do_add_message(
        actor=personas.agent, ticket=blouse, body="manufacturer batch zx81", internal=True
    )
    assert find(personas.agent, "zx81") == [blouse.pk]
    hidden = search_ticket_ids(
        "zx81", visible=tickets_for_actor(personas.customer), include_internal=False
    )
    assert hidden == []
    others = search_ticket_ids(
        "kosilnica", visible=tickets_for_actor(personas.customer), include_internal=False
    )
    assert others == []


def test_search_syntax_in_the_query_is_just_text(personas, tickets):
    for query in ['"', "NEAR(", "a* OR b", "subject:x", "') OR 1=1 --", "&|!:*", "\x00"]:
        assert isinstance(find(personas.admin, query), list)
    assert terms("  ") == []


def test_subject_changes_and_merges_keep_the_index_right(personas, tickets):
    blouse, _mower, dress = tickets
    do_update_ticket(actor=personas.manager, ticket=dress, subject="Evening gown alteration")
    assert find(personas.admin, "gown") == [dress.pk]
    assert find(personas.admin, "38") == []
    do_merge_tickets(actor=personas.manager, target=blouse, sources=[dress])
    assert find(personas.admin, "returns") == [blouse.pk]


def test_the_index_can_be_rebuilt_from_the_tables(personas, tickets):
    blouse, mower, dress = tickets
    rebuild_index()
    assert find(personas.admin, "kosilnica") == [mower.pk]
    assert find(personas.admin, "dağıldı") == [blouse.pk]
    assert find(personas.admin, "dress") == [dress.pk]


def test_a_limited_search_keeps_the_newest_matches_the_agent_may_see(personas):
    """The search reads matches newest first and stops at the limit: tickets the agent
    may not see never take a place, and those seen through assignment or collaboration
    count like the team's own."""
    p = personas

    def make(customer, subject, team, **kwargs):
        return do_create_ticket(
            actor=customer,
            customer=customer,
            subject=subject,
            body="Teapot spout cracked",
            team=team,
            acknowledge=False,
            **kwargs,
        )

    old = make(p.customer, "Teapot one", p.team)
    assigned = make(p.other_customer, "Teapot two", p.other_team, assignee=p.agent)
    shared = make(p.other_customer, "Teapot three", p.other_team)
    do_add_collaborator(actor=p.other_agent, ticket=shared, user=p.agent)
    hidden = [make(p.other_customer, f"Teapot hidden {n}", p.other_team) for n in range(3)]
    assert set(find(p.agent, "teapot")) == {old.pk, assigned.pk, shared.pk}
    assert set(find(p.agent, "teapot", limit=2)) == {assigned.pk, shared.pk}
    assert set(find(p.other_agent, "teapot", limit=3)) == {h.pk for h in hidden}
    assert find(p.agent, "teapot", limit=1, offset=1) in ([assigned.pk], [shared.pk])
