"""Keyset (cursor) pagination: a page costs one indexed query, however deep it is.

The cursor is opaque to clients: base64 of the last row's (timestamp, id).
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import TypeVar

from django.db.models import Model, Q, QuerySet

from frontdesk.core.api_errors import BadRequest

M = TypeVar("M", bound=Model)

_VERSION = "1"
MAX_CURSOR_LENGTH = 200


def encode_cursor(moment: datetime, pk: int) -> str:
    raw = f"{_VERSION}|{moment.isoformat()}|{pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        if len(cursor) > MAX_CURSOR_LENGTH:
            raise ValueError("too long")
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        version, moment_text, pk_text = raw.split("|")
        moment = datetime.fromisoformat(moment_text)
        pk = int(pk_text)
        if version != _VERSION or moment.tzinfo is None or not 0 < pk < 2**63:
            raise ValueError("bad cursor")
    except (ValueError, TypeError, OverflowError, binascii.Error, UnicodeDecodeError):
        raise BadRequest(
            "This cursor is not valid: pass the 'next' value of the previous page as it is.",
            field="cursor",
        ) from None
    return moment, pk


def keyset_page(
    queryset: QuerySet[M],
    *,
    field: str,
    limit: int,
    cursor: str | None,
    descending: bool = True,
) -> tuple[list[M], str | None]:
    """One page of `queryset` ordered by (`field`, pk) and the cursor of the next page."""
    if descending:
        queryset = queryset.order_by(f"-{field}", "-pk")
    else:
        queryset = queryset.order_by(field, "pk")
    if cursor:
        moment, pk = decode_cursor(cursor)
        op = "lt" if descending else "gt"
        queryset = queryset.filter(
            Q(**{f"{field}__{op}": moment}) | Q(**{field: moment, f"pk__{op}": pk})
        )
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, encode_cursor(getattr(last, field), last.pk)
