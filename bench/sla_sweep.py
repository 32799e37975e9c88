"""`make bench-sla`: one SLA sweep over a million open tickets, 1 % of them due (issue 6).

    BENCH_SLA_TICKETS=1000000 BENCH_DB=sqlite .venv/bin/python -m bench.sla_sweep

Data set (seeded once, re-used while `<data dir>/seed.json` matches): BENCH_SLA_TICKETS
open tickets (real rows of tickets_ticket) created over 30 days, each with a first-response
and a resolution target (real rows of sla_slatarget) on a calendar-time policy that warns
at 80 % and notifies the team lead on a breach; 20 teams with a lead, 200 agents (80 %
of tickets assigned), 2 managers, 10,000 customers. Priorities are mixed, with their own
targets (first response 1 h / 4 h / 8 h / 24 h, resolution 8 h / 1 d / 3 d / 5 d).

The sweep runs as if the worker had been down for a while (3.6 hours at a million
tickets): **1 % of the tickets have a target that fell due** meanwhile (about 10,000
targets; each is breached by the sweep, with an event and alerts to the assignee and the
team lead) and the targets that passed 80 % meanwhile are warned (event, alert to the
assignee). Targets due earlier were handled by earlier sweeps; later ones are not read.

Layouts (BENCH_SLA_LAYOUT): `time` (default) stores targets in creation order, as the
app does, so what falls due together sits in a few ranges of the table; `spread` puts
the due 1 % (first responses of ticket ids ending in 00) and 1 % to warn (ids ending in
50) evenly over the whole table: the worst case for the disk (due rows on their own
pages).

Every run starts from a copy of the seeded database (a file copy on SQLite, CREATE
DATABASE … TEMPLATE on PostgreSQL; not timed) and times one `do_sweep_sla()` in this
process. Rows are loaded with executemany (SQLite, load PRAGMAs) or COPY (PostgreSQL),
secondary indexes dropped during the load and rebuilt after. SQLite is not ANALYZEd
(the sweep's queries are planned by its indexes alone); PostgreSQL is (autovacuum
would). A re-used data set is migrated first.

Settings (environment): BENCH_SLA_TICKETS (1000000), BENCH_DB (sqlite | postgres),
BENCH_SLA_LAYOUT (time | spread), BENCH_SLA_RUNS (3), BENCH_DATA_ROOT (bench/.data),
BENCH_RESULTS_DIR (bench/results), BENCH_PG_URL (postgres://postgres@127.0.0.1:5432;
databases frontdesk_bench_sla_<layout>_<n> and …_run).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # `python bench/sla_sweep.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = 5  # bump when the data set's shape changes: re-seeds
CHUNK = 50_000
TEAMS = 20
AGENTS_PER_TEAM = 10
CUSTOMERS = 10_000
SPAN = timedelta(days=30)
WARN_PERCENT = 80
# priority: (first response, resolution) in minutes
TARGETS = {"urgent": (60, 480), "high": (240, 1440), "normal": (480, 4320), "low": (1440, 7200)}
OVERDUE, NEAR = 0, 50  # spread: ticket_id % 100 of the tickets due and those to warn
LOADED = ("tickets_ticket", "sla_slatarget")
UNUSABLE = "!"  # like set_unusable_password()


def log(message: str) -> None:
    print(message, flush=True)


@dataclass
class Options:
    tickets: int
    db: str
    layout: str
    runs: int
    data_root: Path
    results_dir: Path
    pg_url: str

    @classmethod
    def from_env(cls) -> Options:
        env = os.environ.get
        db = env("BENCH_DB", "sqlite").strip().lower()
        if db not in ("sqlite", "postgres"):
            raise SystemExit(f"bench: BENCH_DB={db!r}: use sqlite or postgres")
        layout = env("BENCH_SLA_LAYOUT", "time").strip().lower()
        if layout not in ("time", "spread"):
            raise SystemExit(f"bench: BENCH_SLA_LAYOUT={layout!r}: use time or spread")
        return cls(
            tickets=int(env("BENCH_SLA_TICKETS", "1000000")),
            db=db,
            layout=layout,
            runs=max(1, int(env("BENCH_SLA_RUNS", "3"))),
            data_root=Path(env("BENCH_DATA_ROOT", str(ROOT / "bench" / ".data"))),
            results_dir=Path(env("BENCH_RESULTS_DIR", str(ROOT / "bench" / "results"))),
            pg_url=env("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/"),
        )

    @property
    def name(self) -> str:
        return f"sla-{self.layout}-{self.db}-{self.tickets}"

    @property
    def database(self) -> str:
        return f"frontdesk_bench_sla_{self.layout}_{self.tickets}"


# --- the data set ----------------------------------------------------------------------


def prepare(options: Options) -> dict[str, Any]:
    """Point Django at the data set and seed it unless it is there; returns its meta."""
    data_dir = options.data_root / options.name
    os.environ["FRONTDESK_DATA_DIR"] = str(data_dir)
    os.environ["FRONTDESK_DEBUG"] = "false"
    os.environ["DJANGO_SETTINGS_MODULE"] = "frontdesk.settings"
    if options.db == "postgres":
        os.environ["DATABASE_URL"] = f"{options.pg_url}/{options.database}"
    else:
        os.environ.pop("DATABASE_URL", None)
    meta_path = data_dir / "seed.json"
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("schema") == SCHEMA:
            log(f"bench-sla: re-using {data_dir} (seeded in {meta['seconds']} s)")
            _django()
            from django.core.management import call_command

            call_command("migrate", verbosity=0)  # new migrations since it was seeded
            return meta
    log(f"bench-sla: seeding {options.tickets} tickets ({options.layout}) into {data_dir}")
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    if options.db == "postgres":
        _pg(options, f'DROP DATABASE IF EXISTS "{options.database}" WITH (FORCE)')
        _pg(options, f'CREATE DATABASE "{options.database}"')
    _django()
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    meta = seed(options)
    meta.update(schema=SCHEMA, tickets=options.tickets, layout=options.layout)
    meta["seconds"] = round(time.perf_counter() - started, 1)
    meta_path.write_text(json.dumps(meta) + "\n")
    log(f"bench-sla: seeded in {meta['seconds']} s")
    return meta


def _disconnect() -> None:
    """Really close this process's connections: with the PostgreSQL pool (settings), a
    plain close() returns them to the pool, and CREATE DATABASE … TEMPLATE refuses a
    template that still has sessions. The next query builds a new pool."""
    from django.db import connection

    connection.close()
    close_pool = getattr(connection, "close_pool", None)
    if close_pool is not None:
        close_pool()


def _django() -> None:
    import django

    django.setup()


def _pg(options: Options, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{options.pg_url}/postgres", autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


class Table:
    """Rows of one model as tuples in its column order: defaults once, then per-row values."""

    def __init__(self, model: Any, connection: Any) -> None:
        fields = model._meta.concrete_fields
        self.columns = [f.column for f in fields]
        self.index = {f.attname: n for n, f in enumerate(fields)}
        self.defaults = [
            None if f.primary_key else f.get_db_prep_save(f.get_default(), connection)
            for f in fields
        ]

    def row(self, values: dict[str, Any]) -> tuple[Any, ...]:
        row = list(self.defaults)
        for name, value in values.items():
            row[self.index[name]] = value
        return tuple(row)


def _write(vendor: str, cursor: Any, table: str, columns: list[str], rows: list[tuple]) -> None:
    """The fastest bulk insert of each database: executemany (SQLite), COPY (PostgreSQL)."""
    names = ", ".join(columns)
    if vendor == "sqlite":
        marks = ", ".join("?" * len(columns))
        cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)  # noqa: S608
    else:
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


class Clock:
    """Who is due when: `time` (creation order) or `spread` (due rows all over)."""

    def __init__(self, layout: str, tickets: int, now: datetime, at: Any) -> None:
        self.layout, self.now, self.at = layout, now, at
        self.step = SPAN / tickets
        # The sweep outage: long enough for targets of 1 % of the tickets to fall due.
        self.outage = self.step * tickets / 200
        self.rng = random.Random(6)

    def ticket(self, ticket_id: int) -> tuple[datetime, str]:
        """When the ticket was created, and its priority."""
        priority = self.rng.choice(list(TARGETS))
        if self.layout == "time":
            return self.now - SPAN + ticket_id * self.step, priority
        return self.now - self.rng.uniform(0, 1) * SPAN, priority

    def target(
        self, ticket_id: int, created: datetime, minutes: int, first: bool
    ) -> dict[str, Any]:
        """The target's columns as earlier sweeps and the services would have left them."""
        at, now = self.at, self.now
        target = timedelta(minutes=minutes)
        due = created + target
        if self.layout == "spread":  # move the chosen 2 % into place, the rest away
            slot = ticket_id % 100
            if first and slot == OVERDUE:
                due = now - self.rng.uniform(0.01, 0.99) * self.outage
            elif first and slot == NEAR:
                due = now + self.rng.uniform(0.01, 0.99) * target / 5
            elif now - self.outage <= due < now + target / 5:
                due += target / 5 + self.outage
        due = due.replace(microsecond=0)
        warn = due - target / 5
        swept_until = now - self.outage  # the last sweep before the outage
        fields: dict[str, Any] = {
            "due_at": at(due),
            "started_at": at(due - target),
            "target_seconds": minutes * 60,
        }
        if due < swept_until:  # handled before: answered in time, or missed
            if first and self.rng.random() < 0.85:
                return {**fields, "state": "achieved", "achieved_at": at(due - target / 2)}
            return {**fields, "state": "breached", "breached_at": at(due), "warned_at": at(warn)}
        warned = at(warn) if warn < swept_until else None
        return {**fields, "state": "running", "warn_at": at(warn), "warned_at": warned}


def seed(options: Options) -> dict[str, Any]:
    from django.db import connection, transaction

    from frontdesk.sla.models import SlaTarget
    from frontdesk.tickets.models import Ticket

    tickets = options.tickets
    now = datetime.now(UTC).replace(microsecond=0)
    with transaction.atomic():
        people = _people()
    vendor = connection.vendor
    clock = Clock(options.layout, tickets, now, connection.ops.adapt_datetimefield_value)
    rng = random.Random(7)
    connection.ensure_connection()
    raw_cursor = connection.connection.cursor()
    if vendor == "sqlite":  # a throwaway load: no journal, no fsync, a big cache
        for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-400000"):
            raw_cursor.execute(f"PRAGMA {pragma}")
    indexes = _drop_indexes(connection)
    ticket_table, target_table = Table(Ticket, connection), Table(SlaTarget, connection)
    target_id = 0
    for start in range(0, tickets, CHUNK):
        ticket_rows, target_rows = [], []
        for ticket_id in range(start + 1, min(start + CHUNK, tickets) + 1):
            created, priority = clock.ticket(ticket_id)
            team, agents = people["teams"][ticket_id % TEAMS]
            assignee = None if rng.random() < 0.2 else rng.choice(agents)
            ticket_rows.append(
                ticket_table.row(
                    {
                        "id": ticket_id,
                        "reference": f"SLA-{ticket_id:09d}",
                        "subject": f"Benchmark ticket {ticket_id}",
                        "status": "open" if assignee else "new",
                        "priority": priority,
                        "customer_id": rng.choice(people["customers"]),
                        "team_id": team,
                        "assignee_id": assignee,
                        "created_at": clock.at(created),
                        "updated_at": clock.at(created),
                    }
                )
            )
            first_minutes, resolution_minutes = TARGETS[priority]
            for kind, minutes in (
                ("first_response", first_minutes),
                ("resolution", resolution_minutes),
            ):
                target_id += 1
                columns = clock.target(ticket_id, created, minutes, kind == "first_response")
                target_rows.append(
                    target_table.row(
                        {
                            "id": target_id,
                            "ticket_id": ticket_id,
                            "policy_id": people["policy_id"],
                            "kind": kind,
                            **columns,
                        }
                    )
                )
        with transaction.atomic():
            _write(vendor, raw_cursor, "tickets_ticket", ticket_table.columns, ticket_rows)
            _write(vendor, raw_cursor, "sla_slatarget", target_table.columns, target_rows)
        log(f"bench-sla: {min(start + CHUNK, tickets)}/{tickets} tickets")
    mark = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)
    log(f"bench-sla: {len(indexes)} indexes rebuilt ({time.perf_counter() - mark:.1f} s)")
    with connection.cursor() as cursor:
        if vendor == "sqlite":
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
        else:
            for table in LOADED:
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"(SELECT max(id) FROM {table}))"
                )
            cursor.execute("ANALYZE")
    connection.close()
    return {"now": now.isoformat(), "targets": target_id}


def _people() -> dict[str, Any]:
    from frontdesk.accounts.choices import Role
    from frontdesk.accounts.models import Team, User
    from frontdesk.customers.models import Customer
    from frontdesk.sla.models import BusinessCalendar, SlaPolicy

    teams = []
    for number in range(TEAMS):
        team = Team.objects.create(name=f"SLA bench team {number + 1}")
        agents = User.objects.bulk_create(
            User(username=f"sla.agent.{number}.{n}", role=Role.AGENT, password=UNUSABLE)
            for n in range(AGENTS_PER_TEAM)
        )
        team.members.add(*agents)
        team.lead = agents[0]
        team.save()
        teams.append((team.pk, [agent.pk for agent in agents]))
    for n in range(2):
        User.objects.create(username=f"sla.manager.{n}", role=Role.MANAGER, password=UNUSABLE)
    customers = Customer.objects.bulk_create(
        (
            Customer(name=f"Customer {n}", email=f"sla.customer.{n}@example.com")
            for n in range(CUSTOMERS)
        ),
        batch_size=2000,
    )
    SlaPolicy.objects.update(active=False)
    policy = SlaPolicy.objects.create(
        name="Benchmark policy",
        position=1,
        calendar=BusinessCalendar.objects.create(name="Benchmark 24/7", always_open=True),
        business_hours=False,
        first_response_minutes=60,
        resolution_minutes=480,
        warn_at_percent=WARN_PERCENT,
    )
    return {"teams": teams, "customers": [c.pk for c in customers], "policy_id": policy.pk}


def _drop_indexes(connection: Any) -> list[tuple[str, str]]:
    """Drop the secondary indexes of the loaded tables; returns how to build them again."""
    marks = ", ".join(["%s"] * len(LOADED))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # noqa: S608
                f"AND tbl_name IN ({marks})",
                list(LOADED),
            )
        else:
            cursor.execute(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i "  # noqa: S608
                f"WHERE i.schemaname = 'public' AND i.tablename IN ({marks}) AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
                list(LOADED),
            )
        indexes = [(name, sql) for name, sql in cursor.fetchall()]
        for name, _sql in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    return indexes


# --- the runs --------------------------------------------------------------------------


class Copies:
    """A fresh copy of the seeded database for each run (not timed)."""

    def __init__(self, options: Options) -> None:
        from django.db import connection

        self.options = options
        self.seeded = connection.settings_dict["NAME"]
        if options.db == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        _disconnect()

    def fresh(self) -> None:
        from django.db import connection

        _disconnect()
        if self.options.db == "sqlite":
            copy = Path(self.seeded).with_name("run.sqlite3")
            for suffix in ("-wal", "-shm"):
                Path(f"{copy}{suffix}").unlink(missing_ok=True)
            shutil.copyfile(self.seeded, copy)
            connection.settings_dict["NAME"] = str(copy)
        else:
            copy_name = f"{self.options.database}_run"
            _pg(self.options, f'DROP DATABASE IF EXISTS "{copy_name}" WITH (FORCE)')
            # FILE_COPY: a file-level copy between two checkpoints. PostgreSQL 15's default
            # (WAL_LOG) writes the whole 1 GB template into the WAL, and the checkpoints
            # that follow ran during the timed sweep (runs 0.9-1.4 s instead of ~0.95).
            _pg(
                self.options,
                f'CREATE DATABASE "{copy_name}" TEMPLATE "{self.options.database}" '
                "STRATEGY FILE_COPY",
            )
            connection.settings_dict["NAME"] = copy_name
        with connection.cursor() as cursor:  # connect before the clock starts
            cursor.execute("SELECT 1")
            if self.options.db == "postgres":
                cursor.execute("CHECKPOINT")  # no checkpoint of the copy during the sweep
        os.sync()  # nor the copy's writeback competing with it for the disk


def plans(now: datetime) -> dict[str, str]:
    """The query plans of the sweep's two reads (they must use the due-time indexes)."""
    from django.db import connection

    from frontdesk.sla import sweep

    found = {}
    for name, queryset in (("breaches", sweep._overdue(now)), ("warnings", sweep._to_warn(now))):
        sql, params = queryset.values_list("pk", "ticket_id")[: sweep.BATCH].query.sql_with_params()
        explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
        with connection.cursor() as cursor:
            cursor.execute(explain + sql, params)
            found[name] = " | ".join(str(row[-1]).strip() for row in cursor.fetchall())
    return found


def main() -> int:
    options = Options.from_env()
    meta = prepare(options)
    from django.db import connection

    from frontdesk.sla.sweep import do_sweep_sla

    now = datetime.fromisoformat(meta["now"])
    copies = Copies(options)
    runs = []
    for number in range(1, options.runs + 1):
        copies.fresh()
        if number == 1:
            query_plans = plans(now)
        started = time.perf_counter()
        result = do_sweep_sla(now=now)
        seconds = time.perf_counter() - started
        # The same sweep again: nothing is due any more, so this is what a sweep costs
        # at this size when there is nothing to do (index range reads only).
        started = time.perf_counter()
        nothing = do_sweep_sla(now=now)
        idle_seconds = time.perf_counter() - started
        assert not any(asdict(nothing).values()), nothing
        runs.append({"seconds": round(seconds, 3), "idle_seconds": round(idle_seconds, 4)})
        runs[-1].update(asdict(result))
        log(f"bench-sla: run {number}: {seconds:.3f} s {asdict(result)}, idle {idle_seconds:.4f} s")
    connection.close()
    median = statistics.median(run["seconds"] for run in runs)
    summary = {
        "db": options.db,
        "layout": options.layout,
        "tickets": options.tickets,
        "targets": meta["targets"],
        "runs": runs,
        "median_seconds": round(median, 3),
        "median_idle_seconds": round(statistics.median(r["idle_seconds"] for r in runs), 4),
        "plans": query_plans,
        "cpus": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }
    options.results_dir.mkdir(parents=True, exist_ok=True)
    path = options.results_dir / f"{options.name}.json"
    path.write_text(json.dumps(summary, indent=2) + "\n")
    print()
    print(
        f"SLA sweep: {options.tickets} open tickets ({meta['targets']} targets, "
        f"{options.layout} layout) on {options.db}"
    )
    for name, plan in query_plans.items():
        print(f"  plan {name}: {plan}")
    each = ", ".join(str(run["seconds"]) for run in runs)
    idle = statistics.median(run["idle_seconds"] for run in runs)
    print(f"  median of {len(runs)}: {median:.3f} s   (runs: {each})")
    print(f"  a sweep with nothing due: {idle * 1000:.1f} ms (median)")
    print(f"written to {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
