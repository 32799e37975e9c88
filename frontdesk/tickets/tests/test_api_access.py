"""REST API: what an outsider may not see or touch (SECURITY.md checks 12-14)."""

from __future__ import annotations

import pytest

from frontdesk.tickets.choices import MessageKind, Status
from frontdesk.tickets.models import Macro, Ticket
from frontdesk.tickets.tests.api_support import client_for, make_ticket, post

pytestmark = pytest.mark.django_db


OUTSIDER_CALLS = [
    ("get", "/api/v1/tickets/{id}", None),
    ("patch", "/api/v1/tickets/{id}", {"status": "solved"}),
    ("get", "/api/v1/tickets/{id}/messages", None),
    ("post", "/api/v1/tickets/{id}/messages", {"body": "hello"}),
    ("get", "/api/v1/tickets/{id}/events", None),
    ("post", "/api/v1/tickets/{id}/merge", {"source_ids": ["{own}"]}),
    ("post", "/api/v1/tickets/{own}/merge", {"source_ids": ["{id}"]}),
    ("post", "/api/v1/tickets/{id}/escalate", {"reason": "angry"}),
    ("post", "/api/v1/tickets/{id}/transfer", {"team_id": "{team}", "handoff_note": "x"}),
    ("post", "/api/v1/tickets/{id}/collaborators", {"user_id": "{me}"}),
    ("post", "/api/v1/tickets/{id}/macros/{macro}/apply", {}),
]


@pytest.mark.parametrize(("method", "url", "body"), OUTSIDER_CALLS)
def test_it_hides_foreign_tickets_from_outsiders(personas, method, url, body):
    foreign = make_ticket(personas.customer, team=personas.team)
    own = make_ticket(personas.customer, team=personas.other_team)
    macro = Macro.objects.create(name="Hi", body="Hello {{customer.first_name}}")
    values = {
        "id": foreign.pk,
        "own": own.pk,
        "team": personas.other_team.pk,
        "me": personas.other_agent.pk,
        "macro": macro.pk,
    }

    def fill(value):
        if isinstance(value, str) and value.startswith("{"):
            return int(value.format(**values))
        if isinstance(value, list):
            return [fill(v) for v in value]
        return value

    outsider = client_for(personas.other_agent)
    kwargs = {}
    if body is not None:
        kwargs = {"data": {k: fill(v) for k, v in body.items()}, "content_type": "application/json"}
    before = Ticket.objects.values().get(pk=foreign.pk)
    response = getattr(outsider, method)(url.format(**values), **kwargs)
    assert response.status_code == 404
    assert response.json()["message"]
    assert "Broken zipper" not in response.content.decode()
    assert Ticket.objects.values().get(pk=foreign.pk) == before
    assert foreign.messages.count() == 1


def test_it_merges_visible_tickets_only(personas):
    target = make_ticket(personas.customer, team=personas.team)
    foreign = make_ticket(personas.customer, team=personas.other_team)
    agent = client_for(personas.agent)

    refused = post(agent, f"/api/v1/tickets/{target.pk}/merge", {"source_ids": [foreign.pk]})
    assert refused.status_code == 404
    foreign.refresh_from_db()
    assert foreign.merged_into_id is None
    assert foreign.status == Status.NEW
    assert foreign.messages.count() == 1
    assert target.messages.count() == 1

    merged = post(
        client_for(personas.admin),
        f"/api/v1/tickets/{target.pk}/merge",
        {"source_ids": [foreign.pk]},
    )
    assert merged.status_code == 200, merged.json()
    foreign.refresh_from_db()
    assert foreign.merged_into_id == target.pk
    assert target.messages.filter(kind=MessageKind.REPLY).count() == 2
