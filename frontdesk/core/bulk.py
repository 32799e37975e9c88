"""Many rows of one model at once, without model instances."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection, models


class Insert:
    """Rows of `model` as tuples of `fields` (the SLA sweep writes tens of thousands):
    COPY on PostgreSQL, executemany on SQLite. Fields not given get their defaults."""

    def __init__(self, model: type[models.Model], fields: Sequence[str]) -> None:
        concrete = {f.name: f for f in model._meta.concrete_fields if not f.primary_key}
        given = [concrete[name] for name in fields]
        rest = [f for name, f in concrete.items() if name not in fields]
        quote = connection.ops.quote_name
        self.table = quote(model._meta.db_table)
        self.columns = ", ".join(quote(f.column) for f in [*given, *rest])
        self.tail = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)

    def write(self, rows: list[tuple[Any, ...]]) -> None:
        if not rows:
            return
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                raw = cursor.cursor  # psycopg's own cursor: COPY streams the rows
                with raw.copy(f"COPY {self.table} ({self.columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + self.tail)
            else:
                marks = ", ".join(["%s"] * (len(rows[0]) + len(self.tail)))
                sql = f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})"  # noqa: S608
                cursor.executemany(sql, [row + self.tail for row in rows])
