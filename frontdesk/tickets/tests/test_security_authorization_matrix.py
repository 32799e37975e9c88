"""The generated authorization matrix (SECURITY.md 12, 13): every URL pattern and every
OpenAPI operation that names a ticket or one of its children (message, attachment,
action plan, SLA target, reference) is called by outsiders - an agent of another team
(pages and token), another customer (portal session and token) - with every method.
Each call is refused (404, or 403/405/401), shows none of the ticket's words, and
changes nothing. The patterns are read from the URL resolver and the OpenAPI document,
so a new route joins the matrix by itself.

The live-inbox WebSocket is the one channel: tickets/tests/test_live_inbox.py and
test_branch_restriction.py check that a socket never names a ticket its user may not see.
"""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from frontdesk.core.tests.test_security_headers import fill, url_patterns
from frontdesk.portal.tests.support import signed_in
from frontdesk.resolution.services import do_create_action_plan
from frontdesk.sla.models import SlaTarget
from frontdesk.tickets.models import Attachment, Message, Ticket, TicketEvent
from frontdesk.tickets.services import NewAttachment, do_add_message, do_create_ticket
from frontdesk.tickets.tests.api_support import client_for

MARKER = "Zebrafish"  # a word only the foreign ticket holds
SCOPED = {"ticket_id", "message_id", "attachment_id", "plan_id", "target_id", "reference"}
METHODS = ("get", "post", "patch", "put", "delete")
REFUSED = {400, 401, 403, 404, 405}


@pytest.fixture
def foreign(personas, settings, tmp_path) -> dict[str, object]:
    """Ayşe's ticket of the Riga team, with a reply, a note, a file and a plan."""
    settings.MEDIA_ROOT = tmp_path
    ticket = do_create_ticket(
        actor=personas.customer,
        customer=personas.customer,
        subject=f"{MARKER} order 77",
        body=f"My {MARKER} tank leaks.",
        team=personas.team,
        assignee=personas.agent,
        acknowledge=False,
        attachments=[NewAttachment(f"{MARKER}.txt", f"{MARKER} receipt".encode(), "text/plain")],
    )
    do_add_message(actor=personas.agent, ticket=ticket, body=f"{MARKER} note", internal=True)
    reply = do_add_message(actor=personas.agent, ticket=ticket, body=f"{MARKER} answer")
    plan = do_create_action_plan(
        actor=personas.agent,
        ticket=ticket,
        text=f"Call about the {MARKER}",
        due_at=timezone.now() + timedelta(days=1),
    )
    target = SlaTarget.objects.filter(ticket=ticket).first()
    return {
        "ticket_id": ticket.pk,
        "reference": ticket.reference,
        "message_id": reply.pk,
        "attachment_id": Attachment.objects.get(message__ticket=ticket).pk,
        "plan_id": plan.pk,
        "target_id": target.pk if target else 999_999,
    }


def snapshot(ticket_id: int) -> tuple:
    ticket = Ticket.objects.values().get(pk=ticket_id)
    ticket.pop("updated_at", None)
    return (
        ticket,
        Message.objects.filter(ticket_id=ticket_id).count(),
        TicketEvent.objects.filter(ticket_id=ticket_id).count(),
        sorted(
            Attachment.objects.filter(message__ticket_id=ticket_id).values_list(
                "pk", "scan_state", "released_at"
            )
        ),
        list(Ticket.objects.get(pk=ticket_id).collaborators.values_list("pk", flat=True)),
    )


def page_routes() -> list[str]:
    return sorted(
        route
        for route in url_patterns()
        if not route.startswith(("/admin/", "/api/"))
        and SCOPED & set(re.findall(r"<(?:\w+:)?(\w+)>", route))
    )


def assert_refused(what: str, response, *, sign_in_ok: bool = False) -> None:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert MARKER.encode() not in body, what
    if response.status_code == 302:
        assert sign_in_ok and "sign-in" in response["Location"], (what, response["Location"])
        return
    assert response.status_code in REFUSED, (what, response.status_code)


def test_the_matrix_covers_the_ticket_routes() -> None:
    routes = page_routes()
    for route in (
        "/tickets/<int:ticket_id>/",
        "/attachments/<int:attachment_id>",
        "/requests/<str:reference>/",
        "/tickets/<int:ticket_id>/messages/<int:message_id>/original/",
        "/tickets/<int:ticket_id>/action-plans/<int:plan_id>/done",
    ):
        assert route in routes
    assert len(routes) >= 20


@pytest.mark.parametrize("who", ["other_agent", "other_customer", "anonymous"])
def test_no_page_shows_or_changes_a_foreign_ticket(personas, foreign, who) -> None:
    if who == "other_customer":
        client = signed_in(personas.other_customer)
    else:
        client = Client()
        if who == "other_agent":
            client.force_login(personas.other_agent)
    before = snapshot(foreign["ticket_id"])  # type: ignore[arg-type]
    for route in page_routes():
        path = fill(route, foreign)
        for method in METHODS:
            response = getattr(client, method)(path)
            assert_refused(f"{who} {method.upper()} {path}", response, sign_in_ok=True)
    assert snapshot(foreign["ticket_id"]) == before  # type: ignore[arg-type]


def api_operations() -> list[tuple[str, str, list[str]]]:
    """(method, path, the body's field names) of every operation on a ticket or its child."""
    spec = json.loads(Client().get("/api/v1/openapi.json").content)
    schemas = spec.get("components", {}).get("schemas", {})
    operations = []
    for path, methods in spec["paths"].items():
        if not set(re.findall(r"\{(\w+)\}", path)) & SCOPED:
            continue
        for method, operation in methods.items():
            if method not in METHODS:
                continue
            content = operation.get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema", {})
            if "$ref" in schema:
                schema = schemas[schema["$ref"].rsplit("/", 1)[1]]
            operations.append((method, path, sorted(schema.get("properties", {}))))
    return sorted(operations)


def test_the_matrix_covers_the_api_operations() -> None:
    operations = {(method, path): fields for method, path, fields in api_operations()}
    assert ("get", "/api/v1/tickets/{ticket_id}") in operations
    assert "source_ids" in operations[("post", "/api/v1/tickets/{ticket_id}/merge")]
    assert len(operations) >= 15


def _body(fields: list[str], foreign: dict[str, object], personas) -> dict[str, object]:
    """A valid body, so no route refuses for bad input before it checks access."""
    plausible = {
        "body": "hello",
        "status": "solved",
        "subject": "Mine now",
        "team_id": personas.other_team.pk,
        "handoff_note": "x",
        "reason": "angry",
        "user_id": personas.other_agent.pk,
        "source_ids": [foreign["ticket_id"]],
        "answers": [],
        "text": "plan",
        "due_at": (timezone.now() + timedelta(days=1)).isoformat(),
        "breach_reason": "x",
        "priority": "urgent",
        "internal": False,
        "tags": ["vip"],
        "assignee_id": personas.other_agent.pk,
        "follow_up": False,
    }
    return {name: plausible[name] for name in fields if name in plausible}


@pytest.mark.parametrize("who", ["other_agent", "other_customer"])
def test_no_api_operation_shows_or_changes_a_foreign_ticket(personas, foreign, who) -> None:
    api = client_for(getattr(personas, who))
    own = do_create_ticket(
        actor=None,
        customer=personas.other_customer,
        subject="Own",
        body="mine",
        team=personas.other_team,
        acknowledge=False,
    )
    before = snapshot(foreign["ticket_id"])  # type: ignore[arg-type]
    for method, template, fields in api_operations():
        path = re.sub(r"\{(\w+)\}", lambda m: str(foreign.get(m.group(1), 1)), template)
        kwargs = {}
        if method != "get":
            kwargs = {
                "data": _body(fields, foreign, personas),
                "content_type": "application/json",
            }
        response = getattr(api, method)(path, **kwargs)
        assert_refused(f"{who} {method.upper()} {path}", response)
        # The reverse: the foreign ticket as the optional relation of an own ticket.
        if "{ticket_id}" in template and method != "get":
            own_path = path.replace(f"/tickets/{foreign['ticket_id']}", f"/tickets/{own.pk}", 1)
            getattr(api, method)(own_path, **kwargs)
    assert snapshot(foreign["ticket_id"]) == before  # type: ignore[arg-type]


@pytest.mark.parametrize("who", ["other_agent", "admin"])
def test_a_child_is_found_only_through_its_own_ticket(personas, foreign, who) -> None:
    """Routes naming a ticket and a child (message, plan): the child of another ticket is
    404 through a ticket the caller may open - even for an administrator, who sees both."""
    own = do_create_ticket(
        actor=None,
        customer=personas.other_customer,
        subject="Own",
        body="mine",
        team=personas.other_team,
        acknowledge=False,
    )
    mixed = {**foreign, "ticket_id": own.pk, "reference": own.reference}
    client = Client()
    client.force_login(getattr(personas, who))
    api = client_for(getattr(personas, who))
    before = snapshot(foreign["ticket_id"])  # type: ignore[arg-type]
    routes = [r for r in page_routes() if "<int:ticket_id>" in r and r.count("<") > 1]
    assert routes
    for route in routes:
        for method in METHODS:
            response = getattr(client, method)(fill(route, mixed))
            assert response.status_code in (404, 405), (route, method, response.status_code)
            assert MARKER.encode() not in response.content
    for method, template, fields in api_operations():
        if "{ticket_id}" not in template or template.count("{") < 2:
            continue
        path = re.sub(r"\{(\w+)\}", lambda m: str(mixed.get(m.group(1), 1)), template)
        kwargs = {"data": _body(fields, foreign, personas), "content_type": "application/json"}
        response = getattr(api, method)(path, **({} if method == "get" else kwargs))
        assert response.status_code == 404, (method, path, response.status_code)
    assert snapshot(foreign["ticket_id"]) == before  # type: ignore[arg-type]
