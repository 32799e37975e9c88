"""Keyset (cursor) pagination: a page costs one indexed query, however deep it is.

The cursor is opaque to clients: base64 of the last row's (timestamp, id).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from django.db.models import Model, Q, QuerySet
from django.db.models.expressions import RawSQL

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


def after_cursor(field: str, moment: datetime, pk: int, *, descending: bool = True) -> Q:
    """Rows after (`moment`, `pk`) in (`field`, pk) order, written so that an index on
    `field` gives the range: `field <= moment AND (field < moment OR pk < pk)`."""
    op = "lt" if descending else "gt"
    return Q(**{f"{field}__{op}e": moment}) & (
        Q(**{f"{field}__{op}": moment}) | Q(**{f"pk__{op}": pk})
    )


def union_of(queryset: QuerySet[M], parts: Sequence[QuerySet[M]]) -> QuerySet[M]:
    """`queryset` narrowed to the primary keys that any of `parts` returns.

    Each part keeps its own ORDER BY and LIMIT (a SQL UNION of subqueries), so every
    part can stop early on its own index; the result is at most the parts' rows.
    """
    sql: list[str] = []
    params: list[object] = []
    for number, part in enumerate(parts):
        part_sql, part_params = part.values("pk").query.sql_with_params()
        sql.append(f"SELECT * FROM ({part_sql}) AS part_{number}")  # noqa: S608
        params.extend(part_params)
    # Only SQL compiled by Django from the parts, with their parameters kept apart.
    union = RawSQL(" UNION ".join(sql), params)  # noqa: S611
    return queryset.filter(pk__in=union)


def keyset_page(
    queryset: QuerySet[M],
    *,
    field: str,
    limit: int,
    cursor: str | None,
    descending: bool = True,
    alternatives: Sequence[Q] = (),
) -> tuple[list[M], str | None]:
    """One page of `queryset` ordered by (`field`, pk) and the cursor of the next page.

    `alternatives` (optional) are conditions whose OR covers every row of `queryset`,
    e.g. the branches of a visibility rule (`tickets.access.ticket_scopes`). With more
    than one, the page is read as one index walk per alternative, each stopping after
    `limit + 1` rows, instead of sorting every matching row. They can only narrow the
    result: the rows always come from `queryset`.
    """
    order = (f"-{field}", "-pk") if descending else (field, "pk")
    if cursor:
        moment, pk = decode_cursor(cursor)
        queryset = queryset.filter(after_cursor(field, moment, pk, descending=descending))
    queryset = queryset.order_by(*order)
    if len(alternatives) > 1:
        parts = [queryset.filter(alternative)[: limit + 1] for alternative in alternatives]
        queryset = union_of(queryset, parts)
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, None
    rows = rows[:limit]
    last = rows[-1]
    return rows, encode_cursor(getattr(last, field), last.pk)
