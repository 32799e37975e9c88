"""REST API v1: tickets, their messages, events and macros. Thin: access_*, do_*, render."""

from __future__ import annotations

from typing import Annotated, Any, cast

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status as HttpStatus
from pydantic import Field

from frontdesk.accounts.api import require_staff, staff_user, team_by_id
from frontdesk.accounts.models import User
from frontdesk.core.api_errors import errors
from frontdesk.core.api_types import Id, SafeStr
from frontdesk.core.errors import Forbidden, Invalid
from frontdesk.core.paging import MAX_CURSOR_LENGTH, keyset_page
from frontdesk.customers.models import Customer
from frontdesk.customers.services import do_get_or_create_customer
from frontdesk.tickets import services
from frontdesk.tickets.access import (
    Actor,
    access_macro,
    access_ticket,
    events_for_actor,
    is_staff,
    macros_for_actor,
    messages_for_actor,
    tickets_and_scopes_for_actor,
)
from frontdesk.tickets.choices import Channel, Priority, Status, TicketType
from frontdesk.tickets.macros import render_macro
from frontdesk.tickets.models import Message, Ticket, TicketEvent
from frontdesk.tickets.schemas import (
    CollaboratorIn,
    CustomerRef,
    EscalateIn,
    EventPage,
    MacroApplyIn,
    MacroOut,
    MergeIn,
    MessageIn,
    MessageOut,
    MessagePage,
    SlaTargetOut,
    TicketCreateIn,
    TicketOut,
    TicketPage,
    TicketUpdateIn,
    TransferIn,
)
from frontdesk.tickets.sensitive import do_set_ticket_sensitive

router = Router(tags=["tickets"])

Cursor = Annotated[SafeStr, Field(max_length=MAX_CURSOR_LENGTH)]
Limit = Annotated[int, Field(ge=1, le=100)]
AssigneeFilter = Annotated[str, Field(pattern=r"^(none|[1-9][0-9]{0,17})$")]
TagFilter = Annotated[SafeStr, Field(min_length=1, max_length=50)]


def _actor(request: HttpRequest) -> Actor:
    return cast(Actor, request.auth)  # type: ignore[attr-defined]


def ticket_out(ticket: Ticket, actor: Actor) -> TicketOut:
    staff = is_staff(actor)
    customer = ticket.customer
    return TicketOut(
        id=ticket.pk,
        reference=ticket.reference,
        subject=ticket.subject,
        status=Status(ticket.status),
        priority=Priority(ticket.priority),
        type=TicketType(ticket.type),
        channel=Channel(ticket.channel),
        language=ticket.language,
        customer=CustomerRef(id=customer.pk, name=customer.name, email=customer.email),
        team_id=ticket.team_id if staff else None,
        assignee_id=ticket.assignee_id if staff else None,
        tags=[tag.name for tag in ticket.tags.all()] if staff else None,
        collaborator_ids=[user.pk for user in ticket.collaborators.all()] if staff else None,
        transfer_count=ticket.transfer_count if staff else None,
        escalated=ticket.is_escalated if staff else None,
        escalated_at=ticket.escalated_at if staff else None,
        sensitive=ticket.sensitive if staff else None,
        merged_into_id=ticket.merged_into_id,
        created_at=ticket.created_at,
        updated_at=ticket.updated_at,
        first_response_at=ticket.first_response_at,
        solved_at=ticket.solved_at,
        closed_at=ticket.closed_at,
        sla=_sla_out(ticket) if staff else [],
    )


def _sla_out(ticket: Ticket) -> list[SlaTargetOut]:
    """The ticket's SLA targets through the reverse relation the sla app declares."""
    targets = getattr(ticket, "sla_targets", None)
    return [SlaTargetOut.model_validate(t) for t in targets.all()] if targets is not None else []


def message_out(message: Message) -> dict[str, Any]:
    if message.author_user is not None:
        author = message.author_user.get_full_name() or message.author_user.username
    elif message.author_customer is not None:
        author = message.author_customer.display_name
    else:
        author = "Frontdesk"
    return {
        "id": message.pk,
        "ticket_id": message.ticket_id,
        "internal": message.internal,
        "author_type": message.author_type,
        "author_name": author,
        "channel": message.channel,
        "body": message.body,
        "body_html": message.body_html,
        "created_at": message.created_at,
        "attachments": [
            {"id": a.pk, "filename": a.filename, "content_type": a.content_type, "size": a.size}
            for a in message.attachments.all()
        ],
    }


def event_out(event: TicketEvent) -> dict[str, Any]:
    return {
        "id": event.pk,
        "kind": event.kind,
        "field": event.field,
        "old_value": event.old_value,
        "new_value": event.new_value,
        "note": event.note,
        "actor_user_id": event.actor_user_id,
        "actor_customer_id": event.actor_customer_id,
        "actor": event.actor_label,
        "created_at": event.created_at,
    }


def _language(code: str) -> str:
    code = code.strip().lower()
    if code and code not in {c for c, _name in settings.LANGUAGES}:
        raise Invalid(f"Unsupported language {code!r}.", field="language")
    return code


# Fields that route a ticket or choose its SLA policy (channel and type are conditions of
# policies): a customer token that sends any of them, even with the default value, gets 403.
STAFF_ONLY_CREATE_FIELDS = ("priority", "channel", "type", "team_id", "tags")


def _customer_for_new_ticket(actor: Actor, payload: TicketCreateIn, language: str) -> Customer:
    if isinstance(actor, Customer):
        for field in STAFF_ONLY_CREATE_FIELDS:
            if field in payload.model_fields_set:
                raise Forbidden(f"Customers cannot set {field}.", field=field)
        email = (payload.customer_email or "").strip().lower()
        if email and email != (actor.email or "").lower():
            raise Forbidden(
                "A customer token opens tickets only for itself.", field="customer_email"
            )
        return actor
    if not payload.customer_email:
        raise Invalid("The customer's email is required.", field="customer_email")
    return do_get_or_create_customer(
        email=payload.customer_email, name=payload.customer_name, language=language
    )


@router.post("/tickets", response={201: TicketOut, **errors(403, 409)})
def create_ticket(request: HttpRequest, payload: TicketCreateIn) -> HttpStatus[TicketOut]:
    """Open a ticket for a customer found or created by email; the customer is acknowledged.

    A customer token opens tickets only for itself, with channel `api`, type `question` and
    normal priority: sending `priority`, `channel`, `type`, `team_id` or `tags` is refused
    with 403 (they choose routing and SLA targets), and `customer_name` is ignored.
    """
    actor = _actor(request)
    language = _language(payload.language)
    with transaction.atomic():
        customer = _customer_for_new_ticket(actor, payload, language)
        ticket = services.do_create_ticket(
            actor=actor,
            customer=customer,
            subject=payload.subject,
            body=payload.body,
            channel=payload.channel,
            priority=payload.priority,
            type=payload.type,
            team=team_by_id(payload.team_id, field="team_id"),
            tags=payload.tags,
            language=language,
        )
    return HttpStatus(201, ticket_out(ticket, actor))


@router.get("/tickets", response={200: TicketPage, **errors()})
def list_tickets(
    request: HttpRequest,
    status: Status | None = None,
    priority: Priority | None = None,
    team: Id | None = None,
    assignee: Annotated[AssigneeFilter | None, Query(description="Agent id or 'none'.")] = None,
    tag: TagFilter | None = None,
    customer: Id | None = None,
    limit: Limit = 25,
    cursor: Cursor | None = None,
) -> dict[str, Any]:
    """Visible tickets, most recently updated first, one cursor page at a time."""
    actor = _actor(request)
    tickets, scopes = tickets_and_scopes_for_actor(actor)
    if status:
        tickets = tickets.filter(status=status)
    if priority:
        tickets = tickets.filter(priority=priority)
    if team:
        tickets = tickets.filter(team_id=team)
    if assignee == "none":
        tickets = tickets.filter(assignee__isnull=True)
    elif assignee:
        tickets = tickets.filter(assignee_id=int(assignee))
    if tag:
        tickets = tickets.filter(tags__name=tag)
    if customer:
        tickets = tickets.filter(customer_id=customer)
    tickets = tickets.select_related("customer").prefetch_related(
        "tags", "collaborators", "sla_targets"
    )
    # One index walk per visibility branch (team, assignee, collaborator), not a sort
    # of every visible ticket.
    rows, next_cursor = keyset_page(
        tickets, field="updated_at", limit=limit, cursor=cursor, alternatives=scopes
    )
    return {"items": [ticket_out(t, actor) for t in rows], "next": next_cursor}


@router.get("/tickets/{ticket_id}", response={200: TicketOut, **errors(404)})
def get_ticket(request: HttpRequest, ticket_id: Id) -> TicketOut:
    actor = _actor(request)
    return ticket_out(access_ticket(actor, ticket_id), actor)


def _update(actor: Actor, ticket: Ticket, changes: dict[str, Any], note: str) -> Ticket:
    kwargs: dict[str, Any] = {}
    for field in ("status", "priority", "type", "subject", "tags"):
        if changes.get(field) is not None:
            kwargs[field] = changes[field]
    if "assignee_id" in changes:
        kwargs["assignee"] = staff_user(changes["assignee_id"], field="assignee_id")
    if "team_id" in changes:
        kwargs["team"] = team_by_id(changes["team_id"], field="team_id")
    with transaction.atomic():  # the sensitive mark and the other fields, or nothing
        if changes.get("sensitive") is not None:
            ticket = do_set_ticket_sensitive(
                actor=actor, ticket=ticket, sensitive=changes["sensitive"]
            )
        return services.do_update_ticket(actor=actor, ticket=ticket, handoff_note=note, **kwargs)


@router.patch("/tickets/{ticket_id}", response={200: TicketOut, **errors(403, 404)})
def update_ticket(request: HttpRequest, ticket_id: Id, payload: TicketUpdateIn) -> TicketOut:
    """Change the fields sent; moving the ticket away from someone needs a hand-off note."""
    actor = _actor(request)
    ticket = access_ticket(actor, ticket_id)
    require_staff(actor)
    changes = payload.model_dump(exclude_unset=True)
    return ticket_out(_update(actor, ticket, changes, payload.handoff_note), actor)


@router.post("/tickets/{ticket_id}/transfer", response={200: TicketOut, **errors(403, 404)})
def transfer_ticket(request: HttpRequest, ticket_id: Id, payload: TransferIn) -> TicketOut:
    """Move the ticket to another agent and/or team, with a hand-off note."""
    actor = _actor(request)
    ticket = access_ticket(actor, ticket_id)
    require_staff(actor)
    changes = payload.model_dump(exclude_unset=True, include={"assignee_id", "team_id"})
    if not changes:
        raise Invalid("Name the agent (assignee_id) or the team (team_id).", field="assignee_id")
    return ticket_out(_update(actor, ticket, changes, payload.handoff_note), actor)


@router.post("/tickets/{ticket_id}/escalate", response={200: TicketOut, **errors(403, 404, 409)})
def escalate_ticket(request: HttpRequest, ticket_id: Id, payload: EscalateIn) -> TicketOut:
    actor = _actor(request)
    ticket = access_ticket(actor, ticket_id)
    ticket = services.do_escalate_ticket(actor=actor, ticket=ticket, reason=payload.reason)
    return ticket_out(ticket, actor)


@router.post("/tickets/{ticket_id}/collaborators", response={200: TicketOut, **errors(403, 404)})
def add_collaborator(request: HttpRequest, ticket_id: Id, payload: CollaboratorIn) -> TicketOut:
    """Ask a colleague for help: they can then see and work on the ticket."""
    actor = _actor(request)
    ticket = access_ticket(actor, ticket_id)
    require_staff(actor)
    user = staff_user(payload.user_id, field="user_id")
    assert user is not None
    services.do_add_collaborator(actor=actor, ticket=ticket, user=user, note=payload.note)
    return ticket_out(ticket, actor)


@router.post("/tickets/{ticket_id}/merge", response={200: TicketOut, **errors(403, 404, 409)})
def merge_tickets(request: HttpRequest, ticket_id: Id, payload: MergeIn) -> TicketOut:
    """Merge the tickets `source_ids` into this one; every one must be visible to you."""
    actor = _actor(request)
    target = access_ticket(actor, ticket_id)
    sources = [access_ticket(actor, pk) for pk in dict.fromkeys(payload.source_ids)]
    target = services.do_merge_tickets(actor=actor, target=target, sources=sources)
    return ticket_out(target, actor)


@router.get("/tickets/{ticket_id}/messages", response={200: MessagePage, **errors(404)})
def list_messages(
    request: HttpRequest, ticket_id: Id, limit: Limit = 50, cursor: Cursor | None = None
) -> dict[str, Any]:
    """The conversation, oldest first. Customers never see internal notes."""
    actor = _actor(request)
    ticket = access_ticket(actor, ticket_id)
    rows, next_cursor = keyset_page(
        messages_for_actor(actor, ticket),
        field="created_at",
        limit=limit,
        cursor=cursor,
        descending=False,
    )
    return {"items": [message_out(m) for m in rows], "next": next_cursor}


@router.post("/tickets/{ticket_id}/messages", response={201: MessageOut, **errors(403, 404)})
def add_message(
    request: HttpRequest, ticket_id: Id, payload: MessageIn
) -> HttpStatus[dict[str, Any]]:
    """Add a public reply or, for staff, an internal note."""
    actor = _actor(request)
    ticket = access_ticket(actor, ticket_id)
    message = services.do_add_message(
        actor=actor, ticket=ticket, body=payload.body, internal=payload.internal
    )
    return HttpStatus(201, message_out(message))


@router.get("/tickets/{ticket_id}/events", response={200: EventPage, **errors(403, 404)})
def list_events(
    request: HttpRequest, ticket_id: Id, limit: Limit = 100, cursor: Cursor | None = None
) -> dict[str, Any]:
    """The ticket's history, oldest first (staff only)."""
    actor = _actor(request)
    ticket = access_ticket(actor, ticket_id)
    require_staff(actor)
    rows, next_cursor = keyset_page(
        events_for_actor(actor, ticket),
        field="created_at",
        limit=limit,
        cursor=cursor,
        descending=False,
    )
    return {"items": [event_out(e) for e in rows], "next": next_cursor}


@router.get("/macros", response={200: list[MacroOut], **errors(403)})
def list_macros(request: HttpRequest) -> list[Any]:
    """The macros (canned replies) available to you."""
    require_staff(_actor(request))
    return list(macros_for_actor(_actor(request))[:500])


@router.post(
    "/tickets/{ticket_id}/macros/{macro_id}/apply",
    response={201: MessageOut, **errors(403, 404)},
)
def apply_macro(
    request: HttpRequest, ticket_id: Id, macro_id: Id, payload: MacroApplyIn
) -> HttpStatus[dict[str, Any]]:
    """Fill in the macro's placeholders and post it on the ticket."""
    actor = _actor(request)
    ticket = access_ticket(actor, ticket_id)
    agent: User = require_staff(actor)
    macro = access_macro(actor, macro_id)
    body = render_macro(macro, ticket=ticket, agent=agent)
    message = services.do_add_message(
        actor=actor, ticket=ticket, body=body, internal=payload.internal
    )
    return HttpStatus(201, message_out(message))
