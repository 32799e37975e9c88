"""Request and response shapes of the customers API. Lengths match the model fields."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from frontdesk.core.api_types import BodyId, Email, InputSchema, SafeStr

MAX_NOTES = 100_000


class CustomerOut(Schema):
    id: int
    name: str
    email: str | None
    phone: str
    language: str
    time_zone: str
    organization_id: int | None
    notes: str | None = Field(description="Staff only; null for customer tokens.")
    created_at: datetime


class CustomerPage(Schema):
    items: list[CustomerOut]
    next: str | None


class CustomerCreateIn(InputSchema):
    email: Email | None = None
    name: SafeStr = Field("", max_length=200)
    phone: SafeStr = Field("", max_length=40)
    language: SafeStr = Field("", max_length=10)
    time_zone: SafeStr = Field("", max_length=64)
    organization_id: BodyId | None = None
    notes: SafeStr = Field("", max_length=MAX_NOTES)


class CustomerUpdateIn(InputSchema):
    """Only the fields sent are changed; null clears email and organization."""

    email: Email | None = None
    name: SafeStr | None = Field(None, max_length=200)
    phone: SafeStr | None = Field(None, max_length=40)
    language: SafeStr | None = Field(None, max_length=10)
    time_zone: SafeStr | None = Field(None, max_length=64)
    organization_id: BodyId | None = None
    notes: SafeStr | None = Field(None, max_length=MAX_NOTES)


class OrganizationOut(Schema):
    id: int
    name: str
    domain: str
    notes: str
    created_at: datetime


class OrganizationPage(Schema):
    items: list[OrganizationOut]
    next: str | None


class OrganizationCreateIn(InputSchema):
    name: SafeStr = Field(min_length=1, max_length=200)
    domain: SafeStr = Field("", max_length=200)
    notes: SafeStr = Field("", max_length=MAX_NOTES)


class OrganizationUpdateIn(InputSchema):
    name: SafeStr | None = Field(None, min_length=1, max_length=200)
    domain: SafeStr | None = Field(None, max_length=200)
    notes: SafeStr | None = Field(None, max_length=MAX_NOTES)
