"""The staff inbox: tabs, visibility, filters, search, order, pages, query budget."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from frontdesk.tickets.choices import Channel, Priority, Status
from frontdesk.tickets.queries import PAGE_SIZE
from frontdesk.tickets.services import do_escalate_ticket, do_update_ticket
from frontdesk.tickets.tests.inbox_support import make_ticket


def refs(response) -> list[str]:
    """Ticket references in the order the list shows them."""
    import re

    return re.findall(r'<span class="ref">(FD-[0-9A-Z]+)</span>', response.content.decode())


def inbox(client: Client, **params: str):
    return client.get("/inbox/", params, headers={"HX-Request": "true"})


@pytest.fixture
def world(personas):
    p = personas
    p.mine = make_ticket(p.customer, "Mine to do", team=p.team, assignee=p.agent)
    p.unassigned = make_ticket(p.customer, "Nobody has it", team=p.team)
    p.foreign = make_ticket(p.other_customer, "Ljubljana secret kettle", team=p.other_team)
    p.no_team = make_ticket(p.other_customer, "Lost without a team")
    return p


def test_it_renders_the_full_page_for_a_plain_request(client: Client, world) -> None:
    client.force_login(world.agent)
    response = client.get("/inbox/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="inbox-filters"' in html and 'id="inbox-list"' in html
    assert f'href="/tickets/{world.mine.pk}/"' in html
    assert "<script>" not in html and "style=" not in html and "hx-on" not in html
    assert response["Vary"].count("HX-Request") == 1


def test_it_returns_only_the_list_to_htmx(client: Client, world) -> None:
    client.force_login(world.agent)
    html = inbox(client).content.decode()
    assert "<html" not in html and "inbox-table" in html


@pytest.mark.parametrize("view", ["mine", "unassigned", "teams", "all", "escalated"])
def test_it_never_shows_another_teams_tickets(client: Client, world, view: str) -> None:
    do_escalate_ticket(actor=world.manager, ticket=world.foreign, reason="Angry")
    client.force_login(world.agent)
    shown = refs(inbox(client, view=view))
    assert world.foreign.reference not in shown
    assert world.no_team.reference not in shown


def test_it_keeps_search_inside_what_the_agent_may_see(client: Client, world) -> None:
    client.force_login(world.agent)
    assert refs(inbox(client, view="all", q="kettle")) == []
    assert refs(inbox(client, view="all", q=world.foreign.reference)) == []
    client.force_login(world.other_agent)
    assert refs(inbox(client, view="all", q="kettle")) == [world.foreign.reference]


def test_it_finds_a_ticket_by_its_reference(client: Client, world) -> None:
    client.force_login(world.agent)
    assert refs(inbox(client, view="all", q=world.unassigned.reference)) == [
        world.unassigned.reference
    ]


def test_it_splits_tickets_into_tabs(client: Client, world) -> None:
    client.force_login(world.agent)
    assert refs(inbox(client, view="mine")) == [world.mine.reference]
    assert refs(inbox(client, view="unassigned")) == [world.unassigned.reference]
    assert set(refs(inbox(client, view="teams"))) == {
        world.mine.reference,
        world.unassigned.reference,
    }


def test_managers_see_everything_and_escalations_first(client: Client, world) -> None:
    do_escalate_ticket(actor=world.agent, ticket=world.unassigned, reason="Needs a refund")
    client.force_login(world.manager)
    shown = refs(inbox(client))
    assert shown[0] == world.unassigned.reference
    assert set(shown) == {
        t.reference for t in (world.mine, world.unassigned, world.foreign, world.no_team)
    }
    assert refs(inbox(client, view="escalated")) == [world.unassigned.reference]


def test_solved_tickets_leave_the_working_tabs(client: Client, world) -> None:
    do_update_ticket(actor=world.agent, ticket=world.mine, status=Status.SOLVED)
    client.force_login(world.agent)
    assert refs(inbox(client, view="mine")) == []
    assert world.mine.reference in refs(inbox(client, view="all"))
    assert refs(inbox(client, view="all", status="active")) == [world.unassigned.reference]


def test_it_filters(client: Client, personas) -> None:
    p = personas
    urgent = make_ticket(p.customer, "Urgent one", team=p.team, priority=Priority.URGENT)
    phone = make_ticket(p.customer, "By phone", team=p.team, channel=Channel.PHONE)
    tagged = make_ticket(p.customer, "Tagged", team=p.team, tags=["refund"])
    riga = make_ticket(p.customer, "In Riga", team=p.team, branch=p.branch, language="lv")
    client.force_login(p.agent)
    assert refs(inbox(client, view="all", priority="urgent")) == [urgent.reference]
    assert refs(inbox(client, view="all", channel="phone")) == [phone.reference]
    assert refs(inbox(client, view="all", tag="refund")) == [tagged.reference]
    assert refs(inbox(client, view="all", branch=str(p.branch.pk))) == [riga.reference]
    assert refs(inbox(client, view="all", language="lv")) == [riga.reference]
    assert len(refs(inbox(client, view="all", team=str(p.team.pk)))) == 4
    assert refs(inbox(client, view="all", team=str(p.other_team.pk))) == []


def test_it_ignores_nonsense_filters(client: Client, world) -> None:
    client.force_login(world.agent)
    response = inbox(client, view="evil", status="x", team="abc", page="-3", sort="pk; drop")
    assert response.status_code == 200
    assert refs(response) == [world.mine.reference]


def test_it_sorts_by_deadline_priority_and_age(client: Client, personas) -> None:
    from frontdesk.sla.models import SlaPolicy

    # Without SLA targets "deadline" falls back to priority, then age (SLA order: sla tests).
    SlaPolicy.objects.update(active=False)
    p = personas
    now = timezone.now()
    old_low = make_ticket(
        p.customer, "old low", team=p.team, priority=Priority.LOW, now=now - timedelta(days=3)
    )
    new_urgent = make_ticket(
        p.customer,
        "new urgent",
        team=p.team,
        priority=Priority.URGENT,
        now=now - timedelta(hours=1),
    )
    old_normal = make_ticket(p.customer, "old normal", team=p.team, now=now - timedelta(days=2))
    new_normal = make_ticket(p.customer, "new normal", team=p.team, now=now - timedelta(hours=2))
    client.force_login(p.agent)
    by_deadline = [new_urgent, old_normal, new_normal, old_low]
    assert refs(inbox(client, view="all")) == [t.reference for t in by_deadline]
    oldest = [old_low, old_normal, new_normal, new_urgent]
    assert refs(inbox(client, view="all", sort="oldest")) == [t.reference for t in oldest]
    assert refs(inbox(client, view="all", sort="newest")) == [t.reference for t in oldest[::-1]]
    assert refs(inbox(client, view="all", sort="priority"))[0] == new_urgent.reference


def test_it_pages_without_counting(client: Client, personas) -> None:
    p = personas
    for number in range(PAGE_SIZE + 3):
        make_ticket(p.customer, f"Ticket {number}", team=p.team)
    client.force_login(p.agent)
    first = inbox(client, view="all")
    assert len(refs(first)) == PAGE_SIZE
    assert "page=2" in first.content.decode()
    second = inbox(client, view="all", page="2")
    assert len(refs(second)) == 3
    assert not set(refs(first)) & set(refs(second))


def test_the_inbox_runs_a_bounded_number_of_queries(
    client: Client, personas, django_assert_max_num_queries
) -> None:
    p = personas
    client.force_login(p.agent)

    def fill(count: int) -> None:
        for number in range(count):
            make_ticket(p.customer, f"Load {number}", team=p.team, tags=["a", f"t{number % 3}"])

    fill(5)
    client.get("/inbox/")  # first visit creates the workspace settings row
    # The shown rows' SLA due times cost one query by id; the list of every tag left
    # (typed with suggestions now); the total of a list that runs beyond one page is
    # counted by a request of its own (/inbox/count/), so the large list costs the same.
    with django_assert_max_num_queries(11) as small:
        assert client.get("/inbox/", {"view": "all"}).status_code == 200
    with django_assert_max_num_queries(6) as small_list:
        assert inbox(client, view="all").status_code == 200
    fill(55)
    with django_assert_max_num_queries(11) as large:
        assert client.get("/inbox/", {"view": "all"}).status_code == 200
    with django_assert_max_num_queries(6) as large_list:
        assert inbox(client, view="all").status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large_list.captured_queries) == len(small_list.captured_queries)
    with django_assert_max_num_queries(5):  # session, user, workspace, one capped count
        assert client.get("/inbox/count/", {"view": "all"}).status_code == 200
    # The list's 7 + the agent's search scope (search.scope_for); on PostgreSQL + the search's
    # work_mem, one window of candidates and its visibility check (postgres.search);
    # inside this test's transaction its atomic block is a SAVEPOINT/RELEASE pair too.
    with django_assert_max_num_queries(15):
        inbox(client, view="all", q="load")
