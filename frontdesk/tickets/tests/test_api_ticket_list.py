"""REST API: the ticket list — filters, keyset pagination, bad cursors, query budget."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from frontdesk.core.paging import encode_cursor
from frontdesk.tickets.choices import Priority, Status
from frontdesk.tickets.services import do_update_ticket
from frontdesk.tickets.tests.api_support import client_for, make_ticket

pytestmark = pytest.mark.django_db


def walk(client, url, limit):
    ids, pages, cursor = [], 0, None
    while True:
        query = f"{url}{'&' if '?' in url else '?'}limit={limit}"
        if cursor:
            query += f"&cursor={cursor}"
        response = client.get(query)
        assert response.status_code == 200, response.json()
        body = response.json()
        assert len(body["items"]) <= limit
        ids += [item["id"] for item in body["items"]]
        pages += 1
        cursor = body["next"]
        if cursor is None:
            return ids, pages


def test_pagination_walks_every_ticket_exactly_once(personas):
    start = timezone.now() - timedelta(days=1)
    tickets = []
    for i in range(11):
        # Pairs share a timestamp: the id breaks the tie.
        tickets.append(make_ticket(personas.customer, now=start + timedelta(minutes=i // 2)))
    expected = [t.pk for t in sorted(tickets, key=lambda t: (t.updated_at, t.pk), reverse=True)]

    admin = client_for(personas.admin)
    for limit in (1, 2, 3, 4, 11, 100):
        ids, pages = walk(admin, "/api/v1/tickets", limit)
        assert ids == expected
        assert pages == max(1, -(-11 // limit))


def test_it_rejects_bad_cursors_and_limits(personas):
    admin = client_for(personas.admin)
    for cursor in (
        "zzz",
        "!!!",
        encode_cursor(timezone.now(), 1)[:-3],
        "MXxub3w",
        "MnwyMDI0LTAxLTAxVDAwOjAwOjAwKzAwOjAwfDE",
        "x" * 300,
    ):
        response = admin.get(f"/api/v1/tickets?cursor={cursor}")
        assert response.status_code in (400, 422), cursor
        assert response.json()["errors"][0]["field"] == "cursor"
    assert admin.get("/api/v1/tickets?limit=0").status_code == 422
    assert admin.get("/api/v1/tickets?limit=101").status_code == 422
    assert admin.get("/api/v1/tickets?status=bogus").status_code == 422
    assert admin.get("/api/v1/tickets?assignee=someone").status_code == 422
    misspelt = admin.get("/api/v1/tickets?stauts=open")
    assert misspelt.status_code == 422
    assert misspelt.json()["errors"] == [{"field": "stauts", "message": "Unknown query parameter."}]


def test_filters_narrow_the_list(personas):
    admin_user = personas.admin
    riga = make_ticket(
        personas.customer, team=personas.team, tags=["refund"], priority=Priority.HIGH
    )
    mine = make_ticket(personas.customer, team=personas.team, assignee=personas.agent)
    ljubljana = make_ticket(personas.other_customer, team=personas.other_team)
    do_update_ticket(actor=admin_user, ticket=ljubljana, status=Status.PENDING)
    admin = client_for(admin_user)

    def ids(query):
        response = admin.get(f"/api/v1/tickets?{query}")
        assert response.status_code == 200, response.json()
        return {item["id"] for item in response.json()["items"]}

    assert ids("") == {riga.pk, mine.pk, ljubljana.pk}
    assert ids("status=pending") == {ljubljana.pk}
    assert ids("status=open") == {mine.pk}
    assert ids("priority=high") == {riga.pk}
    assert ids(f"team={personas.team.pk}") == {riga.pk, mine.pk}
    assert ids(f"assignee={personas.agent.pk}") == {mine.pk}
    assert ids("assignee=none") == {riga.pk, ljubljana.pk}
    assert ids("tag=refund") == {riga.pk}
    assert ids("tag=missing") == set()
    assert ids(f"customer={personas.other_customer.pk}") == {ljubljana.pk}
    assert ids(f"team={personas.team.pk}&assignee=none") == {riga.pk}


def test_agents_list_only_what_they_may_see(personas):
    riga = make_ticket(personas.customer, team=personas.team)
    make_ticket(personas.customer, team=personas.other_team)
    response = client_for(personas.agent).get("/api/v1/tickets")
    assert [item["id"] for item in response.json()["items"]] == [riga.pk]


def test_agents_page_through_every_visible_ticket_once(personas):
    """Team, assignment and collaboration are read as separate index walks: the pages
    still hold each visible ticket exactly once, in order, and nothing else."""
    p = personas
    start = timezone.now() - timedelta(days=1)
    visible = []
    for i in range(9):
        moment = start + timedelta(minutes=i // 2)  # pairs share a timestamp
        if i % 3 == 0:
            visible.append(make_ticket(p.customer, team=p.team, now=moment))
        elif i % 3 == 1:
            visible.append(
                make_ticket(p.other_customer, team=p.other_team, assignee=p.agent, now=moment)
            )
        else:
            ticket = make_ticket(p.other_customer, team=p.other_team, now=moment)
            ticket.collaborators.add(p.agent)
            visible.append(ticket)
        make_ticket(p.other_customer, team=p.other_team, now=moment)  # never shown
    mine_twice = make_ticket(p.customer, team=p.team, assignee=p.agent, now=start)
    mine_twice.collaborators.add(p.agent)  # matches all three branches
    visible.append(mine_twice)
    expected = [t.pk for t in sorted(visible, key=lambda t: (t.updated_at, t.pk), reverse=True)]
    agent = client_for(p.agent)
    for limit in (1, 2, 3, 4, 10, 25):
        ids, _pages = walk(agent, "/api/v1/tickets", limit)
        assert ids == expected, limit
    new = [t.pk for t in visible if t.status == Status.NEW]
    ids, _pages = walk(agent, "/api/v1/tickets?status=new", 2)
    assert ids == [pk for pk in expected if pk in new] and len(new) >= 3


@pytest.mark.parametrize("who", ["admin", "agent", "customer"])
def test_a_page_costs_a_bounded_number_of_queries(personas, who, django_assert_max_num_queries):
    for i in range(30):
        team = personas.team if i % 2 else personas.other_team
        ticket = make_ticket(personas.customer, team=team, tags=[f"tag{i % 3}", "all"])
        ticket.collaborators.add(personas.manager)
    client = client_for(getattr(personas, who))
    # Warm up: the token's first last_used_at write and the workspace row are one-offs.
    client.get("/api/v1/tickets?limit=1")
    # token lookup, workspace settings, the page, its tags, its collaborators, SLA targets
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/tickets?limit=25")
    assert response.status_code == 200
    assert len(response.json()["items"]) in (15, 25)
    with django_assert_max_num_queries(6):
        assert (
            client.get(f"/api/v1/tickets?cursor={response.json()['next'] or ''}").status_code == 200
        )
