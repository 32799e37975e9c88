"""REST API v1: reports. Thin: access_reports, then the report's own query."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from frontdesk.core.api_errors import errors
from frontdesk.tickets.reports import MAX_DAYS, access_reports, ticket_summary

router = Router(tags=["reports"])

Days = Annotated[int, Field(ge=1, le=MAX_DAYS)]


class GroupOut(Schema):
    status: str
    team_id: int | None
    team: str = Field(description="The team's name; empty for tickets without a team.")
    tickets: int


class TicketSummaryOut(Schema):
    since: datetime
    days: int
    tickets: int = Field(description="Tickets created in the window.")
    by_status_and_team: list[GroupOut]
    median_first_response_seconds: float | None = Field(
        description="Median time from creation to the first agent reply; empty: none yet."
    )
    median_resolution_seconds: float | None = Field(
        description="Median time from creation to solved; empty: none solved yet."
    )


@router.get(
    "/reports/tickets",
    response={200: TicketSummaryOut, **errors(401, 403, 422)},
    summary="Tickets created in the last N days: counts and median times",
)
def ticket_report(request: HttpRequest, days: Days = 30) -> TicketSummaryOut:
    """For managers and administrators: tickets created in the last `days` days (30 unless
    given) counted by status and team, with the median first-response and resolution
    times in seconds (calendar time). A manager restricted to some branches gets the
    figures of those branches' tickets only."""
    reader = access_reports(request.auth)  # type: ignore[attr-defined]
    summary = ticket_summary(reader=reader, days=days)
    return TicketSummaryOut(
        since=summary.since,
        days=summary.days,
        tickets=summary.tickets,
        by_status_and_team=[GroupOut(**vars(group)) for group in summary.groups],
        median_first_response_seconds=summary.median_first_response_seconds,
        median_resolution_seconds=summary.median_resolution_seconds,
    )
