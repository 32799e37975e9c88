from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field


class AuditActorOut(Schema):
    kind: str = Field(description="staff, customer, system or anonymous")
    id: int | None
    label: str = Field(description="Username; for a failed sign-in, the name typed.")


class AuditTargetOut(Schema):
    type: str = Field(description="Model label, e.g. accounts.User; empty when none.")
    id: str
    label: str


class AuditEntryOut(Schema):
    id: int
    at: datetime
    action: str = Field(description="Dotted, e.g. auth.sign_in_failed, member.role_changed.")
    actor: AuditActorOut
    target: AuditTargetOut
    ip: str
    user_agent: str
    before: Any = None
    after: Any = None


class AuditPage(Schema):
    items: list[AuditEntryOut]
    next: str | None = Field(description="Cursor of the next page; null on the last page.")
