"""REST API: the checklist, solving, action plans; outsiders and customers kept out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from frontdesk.resolution.models import ActionPlan, ChecklistItem, SolveRecord
from frontdesk.resolution.services import do_create_action_plan
from frontdesk.resolution.tests.support import JSON, api_client, make_ticket, yes_to_all
from frontdesk.tickets.choices import Status
from frontdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def answers(mapping: dict[int, bool]) -> list[dict]:
    return [{"item_id": pk, "answer": value} for pk, value in mapping.items()]


def test_it_lists_the_checklist_in_the_callers_language(personas):
    personas.agent.language = "sk"
    personas.agent.save()
    agent = api_client(personas.agent)
    items = agent.get("/api/v1/solve-checklist").json()
    assert [item["language"] for item in items] == ["sk", "sk"]
    assert items[0]["text"] == "Bol problém úplne vyriešený?"
    assert all(item["required"] for item in items)
    turkish = agent.get("/api/v1/solve-checklist", {"language": "tr"}).json()
    assert turkish[0]["text"] == "Sorun tamamen çözüldü mü?"
    unknown = agent.get("/api/v1/solve-checklist", {"language": "xx"}).json()
    assert unknown[0]["text"] == "Was the problem fully solved?"
    assert api_client(personas.customer).get("/api/v1/solve-checklist").status_code == 403


def test_solving_needs_every_required_answer(personas):
    ticket = make_ticket(personas)
    agent = api_client(personas.agent)
    url = f"/api/v1/tickets/{ticket.pk}/solve"
    first, second = ChecklistItem.objects.order_by("position")
    incomplete = agent.post(
        url, {"answers": answers({first.pk: True, second.pk: False})}, content_type=JSON
    )
    assert incomplete.status_code == 422
    body = incomplete.json()
    assert body["errors"][0]["field"] == "answers"
    assert "anything else I can help you with" in body["errors"][0]["message"]
    assert Ticket.objects.get(pk=ticket.pk).status == Status.NEW

    twice = agent.post(
        url, {"answers": answers({first.pk: True}) * 2 + answers({second.pk: True})},
        content_type=JSON,
    )  # fmt: skip
    assert twice.status_code == 422

    solved = agent.post(
        url, {"answers": answers(yes_to_all()), "note": "New kettle sent."}, content_type=JSON
    )
    assert solved.status_code == 200, solved.json()
    body = solved.json()
    assert body["ticket"]["status"] == "solved" and body["ticket"]["solved_at"]
    assert body["actor_id"] == personas.agent.pk and body["note"] == "New kettle sent."
    assert [a["answer"] for a in body["answers"]] == [True, True]
    assert body["answers"][0]["text"] == "Was the problem fully solved?"
    again = agent.post(url, {"answers": answers(yes_to_all())}, content_type=JSON)
    assert again.status_code == 409


def test_the_patch_cannot_solve_past_the_checklist(personas):
    ticket = make_ticket(personas)
    agent = api_client(personas.agent)
    refused = agent.patch(f"/api/v1/tickets/{ticket.pk}", {"status": "solved"}, content_type=JSON)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "status"
    assert f"/api/v1/tickets/{ticket.pk}/solve" in refused.json()["message"]
    assert Ticket.objects.get(pk=ticket.pk).status == Status.NEW
    # Other statuses go through as before.
    pending = agent.patch(f"/api/v1/tickets/{ticket.pk}", {"status": "pending"}, content_type=JSON)
    assert pending.status_code == 200 and pending.json()["status"] == "pending"
    # Without required items there is nothing to walk through.
    ChecklistItem.objects.update(required=False)
    solved = agent.patch(f"/api/v1/tickets/{ticket.pk}", {"status": "solved"}, content_type=JSON)
    assert solved.status_code == 200 and solved.json()["status"] == "solved"


def test_action_plans_through_the_api(personas):
    ticket = make_ticket(personas)
    agent = api_client(personas.agent)
    url = f"/api/v1/tickets/{ticket.pk}/action-plans"
    due = (timezone.now() + timedelta(days=1)).isoformat()
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    refused = agent.post(url, {"text": "Call the supplier", "due_at": past}, content_type=JSON)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "due_at"
    created = agent.post(url, {"text": "Call the supplier", "due_at": due}, content_type=JSON)
    assert created.status_code == 201, created.json()
    plan = created.json()
    assert plan["author_id"] == personas.agent.pk and plan["done_at"] is None
    assert [p["id"] for p in agent.get(url).json()] == [plan["id"]]
    done = agent.post(f"{url}/{plan['id']}/done")
    assert done.status_code == 200 and done.json()["done_at"]
    assert done.json()["done_by_id"] == personas.agent.pk
    assert agent.post(f"{url}/{plan['id']}/done").status_code == 200  # again: no change


OUTSIDER_CALLS = [
    ("post", "/api/v1/tickets/{id}/solve", {"answers": []}),
    ("get", "/api/v1/tickets/{id}/action-plans", None),
    ("post", "/api/v1/tickets/{id}/action-plans", {"text": "x", "due_at": "2999-01-01T10:00Z"}),
    ("post", "/api/v1/tickets/{id}/action-plans/{plan}/done", None),
    ("post", "/api/v1/tickets/{own}/action-plans/{plan}/done", None),
]


@pytest.mark.parametrize(("method", "url", "body"), OUTSIDER_CALLS)
def test_outsiders_get_404_and_change_nothing(personas, method, url, body):
    foreign = make_ticket(personas)  # the Riga team's
    own = make_ticket(personas, team=personas.other_team)
    plan = do_create_action_plan(
        actor=personas.agent,
        ticket=foreign,
        text="Call back",
        due_at=timezone.now() + timedelta(days=1),
    )
    if body and "answers" in body:
        body = {"answers": answers(yes_to_all())}
    values = {"id": foreign.pk, "own": own.pk, "plan": plan.pk}
    oskar = api_client(personas.other_agent)
    kwargs = {"data": body, "content_type": JSON} if body is not None else {}
    response = getattr(oskar, method)(url.format(**values), **kwargs)
    assert response.status_code == 404
    assert "Call back" not in response.content.decode()
    assert Ticket.objects.get(pk=foreign.pk).status == Status.NEW
    assert not SolveRecord.objects.exists()
    assert ActionPlan.objects.get().done_at is None
    assert ActionPlan.objects.count() == 1


def test_customers_get_403_on_their_own_tickets_and_404_on_others(personas):
    own = make_ticket(personas)
    others = make_ticket(personas, customer=personas.other_customer)
    customer = api_client(personas.customer)
    for ticket, status in ((own, 403), (others, 404)):
        solve = customer.post(
            f"/api/v1/tickets/{ticket.pk}/solve",
            {"answers": answers(yes_to_all())},
            content_type=JSON,
        )
        assert solve.status_code == status
        assert customer.get(f"/api/v1/tickets/{ticket.pk}/action-plans").status_code == status
    assert Ticket.objects.get(pk=own.pk).status == Status.NEW
