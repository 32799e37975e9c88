"""Request and response shapes of the finishing-the-job API."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field

from frontdesk.core.api_types import BodyBool, BodyId, InputSchema, SafeStr
from frontdesk.resolution.services import MAX_NOTE, MAX_PLAN_TEXT
from frontdesk.tickets.schemas import TicketOut


class ChecklistItemOut(Schema):
    id: int
    position: int
    required: bool = Field(description="A ticket is solved only when this is answered yes.")
    text: str = Field(description="The wording in the requested language (else English).")
    language: str


class AnswerIn(InputSchema):
    item_id: BodyId
    answer: BodyBool


class SolveIn(InputSchema):
    answers: list[AnswerIn] = Field(
        max_length=100, description="One answer per checklist item (GET /solve-checklist)."
    )
    note: SafeStr = Field("", max_length=MAX_NOTE, description="What solved it (optional).")
    follow_up: BodyBool | None = Field(
        None,
        description="Is a follow-up needed? Ask the customer “did it work?” on `follow_up_on`. "
        "Absent: the workspace's default answer (Settings → Solving).",
    )
    follow_up_on: date | None = Field(
        None,
        description="The day of the follow-up, in the business's time zone (sent when the "
        "business opens that day, from 9:00). Absent: the workspace's default day.",
    )


class AnswerOut(Schema):
    item_id: int
    text: str = Field(description="The wording as shown when the ticket was solved.")
    required: bool
    answer: bool


class SolveOut(Schema):
    id: int
    ticket_id: int
    actor_id: int | None
    language: str
    answers: list[AnswerOut]
    note: str
    follow_up_on: date | None = Field(description="The follow-up day; none: no follow-up.")
    created_at: datetime
    ticket: TicketOut


class ActionPlanIn(InputSchema):
    text: SafeStr = Field(min_length=1, max_length=MAX_PLAN_TEXT)
    due_at: datetime = Field(description="The committed time, with its time zone.")


class ActionPlanOut(Schema):
    id: int
    ticket_id: int
    author_id: int | None
    text: str
    due_at: datetime
    reminded_at: datetime | None
    done_at: datetime | None
    done_by_id: int | None
    created_at: datetime
