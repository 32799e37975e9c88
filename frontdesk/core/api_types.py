"""Pydantic field types shared by the API schemas: bounded ids and clean text."""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, Strict

MAX_ID = 2**63 - 1  # the largest BigAutoField value on every database


def _clean_text(value: str) -> str:
    """Drop NUL (PostgreSQL rejects it) and lone surrogates (not encodable as UTF-8)."""
    value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def _check_email(value: str) -> str:
    try:
        validate_email(value.strip())
    except DjangoValidationError:
        raise ValueError("Enter a valid email address.") from None
    return value.strip()


Id = Annotated[int, Field(ge=1, le=MAX_ID)]  # path and query parameters (text on the wire)
BodyId = Annotated[int, Strict(), Field(ge=1, le=MAX_ID)]  # JSON: a number, never "12" or 12.0
BodyBool = Annotated[bool, Strict()]  # JSON: true or false, never 0, 1 or "yes"
SafeStr = Annotated[str, AfterValidator(_clean_text)]
Email = Annotated[
    str,
    Field(max_length=254, json_schema_extra={"format": "email"}),
    AfterValidator(_clean_text),
    AfterValidator(_check_email),
]


class InputSchema(Schema):
    """Base of every request body: undocumented fields are refused (422), never stored."""

    model_config = ConfigDict(extra="forbid")
