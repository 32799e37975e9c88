"""Raw SQL (SECURITY.md 25): every statement Frontdesk writes by hand sits in a file
reviewed for it (values as parameters; only table and column names from the code, the
search words reduced to \\w+ and quoted), `.extra()` and `.raw()` are not used, and
user-chosen sort and filter names pass an allow-list.

When the first test fails: read the new statement; if every value it takes from outside
is a parameter (`%s`) and every name in it comes from the code, add the file below."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from frontdesk.tickets.models import Ticket
from frontdesk.tickets.tests.api_support import client_for, make_ticket

ROOT = Path(__file__).resolve().parents[2]  # the frontdesk package
RAW_SQL = re.compile(
    r"\.execute(many)?\(|\bRawSQL\(|\.extra\(|\.raw\(|connection\.cursor\(|\.copy\(\s*f?[\"']COPY"
)
# Reviewed: values are parameters; interpolated text is table/column names and %s lists.
REVIEWED = {
    "core/bulk.py",  # COPY / executemany: table and column names of the model
    "core/paging.py",  # RawSQL UNION of querysets' own SQL and params
    "core/ratelimit.py",  # a Redis pipeline's execute(), not SQL
    "ops/backup_db.py",  # PRAGMA, pg_tables, pg_export_snapshot: no outside values
    "ops/maintenance.py",  # PRAGMA analysis_limit from a constant, ANALYZE
    "sla/alert_emails.py",  # UPDATE ... RETURNING, table name from the model
    "sla/sweep.py",  # lock_timeout constant; ids as parameters
    "sla/sweep_pg.py",  # constant CTEs; every value a parameter
    "tickets/reports.py",  # window and branch ids as parameters; column from a Literal
    "tickets/search/postgres.py",  # words are \w+, passed as parameters to to_tsquery
    "tickets/search/sqlite.py",  # words quoted for FTS5 and passed as one parameter
}
NEVER = re.compile(r"\.extra\(|\.raw\(")


def raw_sql_sites() -> dict[str, list[str]]:
    sites: dict[str, list[str]] = {}
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if RAW_SQL.search(line):
                sites.setdefault(str(relative), []).append(f"{number}: {line.strip()}")
    return sites


def test_raw_sql_lives_only_in_reviewed_files() -> None:
    unreviewed = {name: lines for name, lines in raw_sql_sites().items() if name not in REVIEWED}
    assert unreviewed == {}


def test_extra_and_raw_querysets_are_not_used() -> None:
    found = [
        f"{name}:{line}"
        for name, lines in raw_sql_sites().items()
        for line in lines
        if NEVER.search(line.split(":", 1)[1])
    ]
    assert found == []


def test_the_guard_sees_raw_sql() -> None:
    for line in (
        "cursor.execute(f\"SELECT * FROM t WHERE name = '{name}'\")",
        "Ticket.objects.extra(where=[clause])",
        'Ticket.objects.raw("SELECT 1")',
        "RawSQL(sql, params)",
    ):
        assert RAW_SQL.search(line), line


HOSTILE = ["' OR 1=1 --", '"; DROP TABLE tickets_ticket; --', "pk", "-customer__email"]


@pytest.mark.parametrize("value", HOSTILE)
def test_sort_and_filter_names_from_the_inbox_url_fall_back_to_the_defaults(
    client: Client, personas, value
) -> None:
    make_ticket(personas.customer, team=personas.team, subject="Zipper")
    client.force_login(personas.agent)

    def shown(**params: str) -> bool:
        response = client.get("/inbox/", params)
        assert response.status_code == 200, params
        return "Zipper" in response.content.decode()

    assert shown(view="teams") and not shown()  # Anna's default tab is "mine"
    assert not shown(view=value)  # an unknown tab is the default tab
    for name in ("sort", "status", "priority", "channel", "language", "team", "page"):
        assert shown(view="teams", **{name: value}), name  # an unknown value: no filter
    # The search box takes the text as words, whatever it holds.
    assert client.get("/inbox/", {"q": value}).status_code == 200
    assert Ticket.objects.count() == 1


@pytest.mark.parametrize("value", HOSTILE)
def test_api_filters_refuse_or_ignore_hostile_values(personas, value) -> None:
    ticket = make_ticket(personas.customer, team=personas.team)
    api = client_for(personas.agent)
    for name in ("status", "priority", "team", "assignee", "cursor", "limit", "q"):
        response = api.get("/api/v1/tickets", {name: value})
        assert response.status_code in (200, 400, 422), (name, response.status_code)
        if response.status_code == 200:
            assert {t["id"] for t in response.json()["items"]} <= {ticket.pk}
    assert Ticket.objects.count() == 1
