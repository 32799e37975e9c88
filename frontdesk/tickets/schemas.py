"""Request and response shapes of the tickets API. Lengths match the model fields."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Schema
from pydantic import Field

from frontdesk.core.api_types import BodyBool, BodyId, Email, InputSchema, SafeStr
from frontdesk.tickets.choices import Channel, EventKind, Priority, Status, TicketType

MAX_BODY = 100_000  # characters of one message sent through the API
MAX_TAGS = 50

TagName = Annotated[SafeStr, Field(min_length=1, max_length=50)]
STAFF_ONLY = "Staff only: a customer token that sends this field gets 403."


class CustomerRef(Schema):
    id: int
    name: str
    email: str | None


class SlaTargetOut(Schema):
    kind: str = Field(description="first_response, next_response or resolution.")
    due_at: datetime | None = Field(description="Empty while the target is paused.")
    state: str = Field(description="running, paused, achieved or breached.")
    achieved_at: datetime | None
    breached_at: datetime | None


class TicketOut(Schema):
    """A ticket. Fields marked staff-only are null for customer tokens."""

    id: int
    reference: str
    subject: str
    status: Status
    priority: Priority
    type: TicketType
    channel: Channel
    language: str
    customer: CustomerRef
    team_id: int | None = Field(description="Staff only.")
    assignee_id: int | None = Field(description="Staff only.")
    tags: list[str] | None = Field(description="Staff only.")
    collaborator_ids: list[int] | None = Field(description="Staff only.")
    transfer_count: int | None = Field(description="Staff only.")
    escalated: bool | None = Field(description="Staff only.")
    escalated_at: datetime | None = Field(description="Staff only.")
    sensitive: bool | None = Field(
        None, description="Staff only. Seen only by the roles the workspace names and the assignee."
    )
    merged_into_id: int | None
    created_at: datetime
    updated_at: datetime
    first_response_at: datetime | None
    solved_at: datetime | None
    closed_at: datetime | None
    sla: list[SlaTargetOut] = Field(default=[], description="SLA targets; staff only.")


class TicketPage(Schema):
    items: list[TicketOut]
    next: str | None = Field(description="Cursor of the next page; null on the last page.")


class TicketCreateIn(InputSchema):
    subject: SafeStr = Field(min_length=1, max_length=250)
    body: SafeStr = Field(min_length=1, max_length=MAX_BODY)
    """A new ticket. Fields marked staff-only are refused (403) from a customer token."""

    customer_email: Email | None = Field(
        None,
        description="Required for staff tokens; a customer token always opens for itself "
        "(another address is refused with 403).",
    )
    customer_name: SafeStr = Field(
        "", max_length=200, description="For a new customer; ignored for customer tokens."
    )
    language: SafeStr = Field("", max_length=10, description="Language code, e.g. 'tr'.")
    priority: Priority = Field(Priority.NORMAL, description=STAFF_ONLY)
    channel: Channel = Field(Channel.API, description=STAFF_ONLY)
    type: TicketType = Field(TicketType.QUESTION, description=STAFF_ONLY)
    team_id: BodyId | None = Field(None, description=STAFF_ONLY)
    tags: list[TagName] = Field([], max_length=MAX_TAGS, description=STAFF_ONLY)


class TicketUpdateIn(InputSchema):
    """Only the fields sent are changed; null unassigns (assignee_id, team_id)."""

    status: Status | None = None
    priority: Priority | None = None
    type: TicketType | None = None
    subject: SafeStr | None = Field(None, min_length=1, max_length=250)
    assignee_id: BodyId | None = None
    team_id: BodyId | None = None
    tags: list[TagName] | None = Field(None, max_length=MAX_TAGS)
    sensitive: BodyBool | None = Field(
        None, description="Only the roles allowed to see sensitive tickets may change it (403)."
    )
    handoff_note: SafeStr = Field(
        "", max_length=MAX_BODY, description="Required when the ticket moves away from someone."
    )


class TransferIn(InputSchema):
    assignee_id: BodyId | None = None
    team_id: BodyId | None = None
    handoff_note: SafeStr = Field("", max_length=MAX_BODY)


class EscalateIn(InputSchema):
    reason: SafeStr = Field(min_length=1, max_length=MAX_BODY)


class CollaboratorIn(InputSchema):
    user_id: BodyId
    note: SafeStr = Field("", max_length=MAX_BODY)


class MergeIn(InputSchema):
    source_ids: list[BodyId] = Field(min_length=1, max_length=50)


class AttachmentOut(Schema):
    id: int
    filename: str
    content_type: str
    size: int


class MessageOut(Schema):
    id: int
    ticket_id: int
    internal: bool
    author_type: str
    author_name: str
    channel: str
    body: str
    body_html: str
    created_at: datetime
    attachments: list[AttachmentOut]


class MessagePage(Schema):
    items: list[MessageOut]
    next: str | None


class MessageIn(InputSchema):
    body: SafeStr = Field(min_length=1, max_length=MAX_BODY)
    internal: BodyBool = Field(
        False,
        description="An internal note, never shown to the customer. Staff only: a customer "
        "token that sends true gets 403.",
    )


class EventOut(Schema):
    id: int
    kind: EventKind
    field: str
    old_value: str
    new_value: str
    note: str
    actor_user_id: int | None
    actor_customer_id: int | None
    actor: str
    created_at: datetime


class EventPage(Schema):
    items: list[EventOut]
    next: str | None


class MacroOut(Schema):
    id: int
    name: str
    body: str
    language: str
    team_id: int | None


class MacroApplyIn(InputSchema):
    internal: BodyBool = False
