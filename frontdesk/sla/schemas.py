"""API schemas of the SLA settings: business calendars, policies, team and branch hours."""

from __future__ import annotations

from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, Strict

from frontdesk.core.api_types import BodyBool, BodyId, InputSchema, SafeStr
from frontdesk.sla.choices import BreachNotify
from frontdesk.sla.policy_services import MAX_LIVE_SECONDS, MAX_MINUTES, MAX_POSITION
from frontdesk.tickets.choices import Channel, Priority, TicketType

Name = Annotated[SafeStr, Field(min_length=1, max_length=120)]
Text = Annotated[SafeStr, Field(max_length=64)]
Ranges = Annotated[list[Annotated[SafeStr, Field(max_length=20)]], Field(max_length=10)]
WeeklyHours = Annotated[
    dict[Annotated[SafeStr, Field(max_length=12)], Ranges],
    Field(
        max_length=7,
        description='Opening ranges per weekday, e.g. {"mon": ["09:00-17:00"], '
        '"sat": ["22:00-06:00"]} (overnight ranges run into the next day).',
        examples=[{"mon": ["09:00-17:00"], "fri": ["09:00-15:00"]}],
    ),
]
ClosedDays = Annotated[
    list[Annotated[SafeStr, Field(max_length=20)]],
    Field(max_length=1000, description="Extra closed days, ISO dates (2026-12-24)."),
]
Minutes = Annotated[int, Strict(), Field(ge=0, le=MAX_MINUTES)]
LiveSeconds = Annotated[int, Strict(), Field(ge=0, le=MAX_LIVE_SECONDS)]
Position = Annotated[int, Strict(), Field(ge=0, le=MAX_POSITION)]
Percent = Annotated[int, Strict(), Field(ge=0, le=99)]
PriorityOrAny = Literal["", *Priority.values]  # type: ignore[valid-type]
ChannelOrAny = Literal["", *Channel.values]  # type: ignore[valid-type]
TypeOrAny = Literal["", *TicketType.values]  # type: ignore[valid-type]
Notify = Literal[*BreachNotify.values]  # type: ignore[valid-type]


class CalendarOut(Schema):
    id: int
    name: str
    time_zone: str
    weekly_hours: dict[str, list[str]]
    always_open: bool
    holiday_country: str = Field(description="ISO 3166 code; empty: no public holidays.")
    holiday_subdivision: str
    closed_days: list[str]
    is_default: bool = Field(description="Used by teams and branches without their own.")
    team_ids: list[int] = Field(description="Teams whose own hours these are.")
    branch_ids: list[int] = Field(description="Branches whose hours these are.")


class CalendarIn(InputSchema):
    name: Name
    time_zone: Text = "UTC"
    weekly_hours: WeeklyHours = {}
    always_open: BodyBool = False
    holiday_country: Annotated[SafeStr, Field(max_length=2)] = ""
    holiday_subdivision: Annotated[SafeStr, Field(max_length=10)] = ""
    closed_days: ClosedDays = []
    is_default: BodyBool = False


class CalendarPatch(InputSchema):
    name: Name | None = None
    time_zone: Text | None = None
    weekly_hours: WeeklyHours | None = None
    always_open: BodyBool | None = None
    holiday_country: Annotated[SafeStr, Field(max_length=2)] | None = None
    holiday_subdivision: Annotated[SafeStr, Field(max_length=10)] | None = None
    closed_days: ClosedDays | None = None
    is_default: BodyBool | None = None


class HoursIn(InputSchema):
    calendar_id: BodyId | None = Field(
        description="The calendar to use; null: use the branch's or the default calendar."
    )


class HoursOut(Schema):
    calendar_id: int | None


class PolicyOut(Schema):
    id: int
    name: str
    position: int
    active: bool
    priority: str
    channel: str
    ticket_type: str
    organization_id: int | None
    branch_id: int | None
    calendar_id: int | None = Field(description="null: the hours of the ticket's team/branch.")
    first_response_minutes: int | None
    next_response_minutes: int | None
    resolution_minutes: int | None
    business_hours: bool
    pause_on_hold: bool
    chat_greeting_seconds: int | None
    phone_hold_seconds: int | None
    warn_at_percent: int
    on_breach_notify: str
    on_breach_raise_priority: bool
    on_breach_reassign_to_team_id: int | None


class PolicyPatch(InputSchema):
    """Fields to change; a condition left empty ("" or null) matches any ticket."""

    name: Name | None = None
    position: Position | None = Field(None, description="Lower is tried first.")
    active: BodyBool | None = None
    priority: PriorityOrAny | None = None
    channel: ChannelOrAny | None = None
    ticket_type: TypeOrAny | None = None
    organization_id: BodyId | None = None
    branch_id: BodyId | None = None
    calendar_id: BodyId | None = None
    first_response_minutes: Minutes | None = None
    next_response_minutes: Minutes | None = None
    resolution_minutes: Minutes | None = None
    business_hours: BodyBool | None = None
    pause_on_hold: BodyBool | None = None
    chat_greeting_seconds: LiveSeconds | None = None
    phone_hold_seconds: LiveSeconds | None = None
    warn_at_percent: Percent | None = None
    on_breach_notify: Notify | None = None
    on_breach_raise_priority: BodyBool | None = None
    on_breach_reassign_to_team_id: BodyId | None = None


class PolicyIn(PolicyPatch):
    name: Name  # type: ignore[assignment]
