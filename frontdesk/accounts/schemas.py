"""Response shapes of the accounts API."""

from __future__ import annotations

from typing import Literal

from ninja import Schema


class MeOut(Schema):
    """Who the token acts as: a member of staff or a customer."""

    kind: Literal["staff", "customer"]
    id: int
    name: str
    email: str | None
    role: str | None
    team_ids: list[int]


class TeamOut(Schema):
    id: int
    name: str
    branch_id: int | None
    lead_id: int | None


class AgentOut(Schema):
    id: int
    username: str
    name: str
    email: str
    role: str
    language: str
    team_ids: list[int]
