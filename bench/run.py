"""`make bench`: seed (or re-use) a data set, start Frontdesk as in production, measure.

    BENCH_TICKETS=1000000 BENCH_DB=sqlite .venv/bin/python -m bench.run

Settings (environment): BENCH_TICKETS (1000000), BENCH_DB (sqlite | postgres),
BENCH_CONCURRENCY ("1,8"), BENCH_REQUESTS (300 per operation and concurrency),
BENCH_SECONDS (20, the time limit of each of those runs),
BENCH_WEB_WORKERS (2), BENCH_JOB_WORKERS (1 on SQLite, 2 on PostgreSQL),
BENCH_DATA_ROOT (bench/.data), BENCH_RESULTS_DIR (bench/results),
BENCH_PG_URL (postgres://postgres@127.0.0.1:5432). See bench/README.md.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlparse

if __package__ in (None, ""):  # `python bench/run.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import load, report

ROOT = Path(__file__).resolve().parent.parent
META = "seed.json"
SEARCH_COMMON = [
    "order",
    "sipariş",
    "veikalā",
    "peniaze",
    "naročilo",
    "blouse wash",
    "refund",
    "iade",
    "zásielka",
    "dostava",
]
REPORT_PATH = "/api/v1/reports/tickets?days=30"
HTTP_OPERATIONS = (
    "inbox page",
    "inbox API",
    "search, common words (inbox page)",
    "search, rare words (inbox page)",
    "ticket page",
    "ticket API",
    "ticket messages API",
    "create ticket API",
    "report API",
)


@dataclasses.dataclass
class Options:
    tickets: int
    db: str
    concurrency: list[int]
    requests: int
    seconds: float
    web_workers: int
    job_workers: int
    data_root: Path
    results_dir: Path
    pg_url: str

    @classmethod
    def from_env(cls) -> Options:
        env = os.environ.get
        db = env("BENCH_DB", "sqlite").strip().lower()
        if db not in ("sqlite", "postgres"):
            raise SystemExit(f"bench: BENCH_DB={db!r}: use sqlite or postgres")
        return cls(
            tickets=int(env("BENCH_TICKETS", "1000000")),
            db=db,
            concurrency=[int(c) for c in env("BENCH_CONCURRENCY", "1,8").split(",") if c],
            requests=int(env("BENCH_REQUESTS", "300")),
            seconds=float(env("BENCH_SECONDS", "20")),
            web_workers=int(env("BENCH_WEB_WORKERS", "2")),
            job_workers=int(env("BENCH_JOB_WORKERS", "2" if db == "postgres" else "1")),
            data_root=Path(env("BENCH_DATA_ROOT", str(ROOT / "bench" / ".data"))),
            results_dir=Path(env("BENCH_RESULTS_DIR", str(ROOT / "bench" / "results"))),
            pg_url=env("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/"),
        )


def log(message: str) -> None:
    print(message, flush=True)


# --- the data set ----------------------------------------------------------------------


def prepare(options: Options) -> tuple[Path, dict[str, Any]]:
    """Point this process (and the servers) at the data set; seed it unless it is there."""
    data_dir = options.data_root / f"{options.db}-{options.tickets}"
    os.environ["FRONTDESK_DATA_DIR"] = str(data_dir)
    os.environ["FRONTDESK_DEBUG"] = "false"
    os.environ["DJANGO_SETTINGS_MODULE"] = "frontdesk.settings"
    database = f"frontdesk_bench_{options.tickets}"
    if options.db == "postgres":
        os.environ["DATABASE_URL"] = f"{options.pg_url}/{database}"
    else:
        os.environ.pop("DATABASE_URL", None)
    meta_path = data_dir / META
    if meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("tickets") == options.tickets:
            log(
                f"bench: re-using {data_dir} ({options.tickets} tickets, seeded "
                f"in {meta['seconds']['total']} s); applying new migrations, if any"
            )
            subprocess.run([*_frontdesk(), "migrate", "-v", "0"], check=True, env=os.environ.copy())
            _django()
            if options.db == "postgres":
                _vacuum()
            return data_dir, meta
    log(f"bench: seeding {options.tickets} tickets into {data_dir}")
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    if options.db == "postgres":
        _recreate_pg_database(options.pg_url, database)
    subprocess.run([*_frontdesk(), "migrate", "-v", "0"], check=True, env=os.environ.copy())
    _django()
    from bench.seed import seed

    result = seed(options.tickets, log=log)
    meta = dataclasses.asdict(result)
    meta_path.write_text(json.dumps(meta, ensure_ascii=False) + "\n")
    log(f"bench: seeded in {result.seconds['total']} s {result.seconds}")
    return data_dir, meta


def _vacuum() -> None:
    """What autovacuum does on a live server: statistics and the visibility map (a new
    migration's index is read alone only once the map says the rows are visible)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    connection.close()


def _django() -> None:
    import django

    django.setup()


def _frontdesk() -> list[str]:
    return [sys.executable, "-m", "frontdesk.cli"]


def _recreate_pg_database(server_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server_url}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# --- the servers -----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Servers:
    """`frontdesk web --workers N` and `frontdesk worker` processes, as in production."""

    def __init__(self, options: Options, data_dir: Path) -> None:
        self.options = options
        self.logs = data_dir / "logs"
        self.port = free_port()
        self.processes: list[subprocess.Popen[bytes]] = []

    def start(self) -> None:
        self.logs.mkdir(exist_ok=True)
        web = [
            "web",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--workers",
            str(self.options.web_workers),
        ]
        commands = [("web", web)] + [
            (f"worker-{n}", ["worker"]) for n in range(1, self.options.job_workers + 1)
        ]
        for name, args in commands:
            with open(self.logs / f"{name}.log", "ab") as out:
                self.processes.append(
                    subprocess.Popen(
                        [*_frontdesk(), *args],
                        stdout=out,
                        stderr=subprocess.STDOUT,
                        env=os.environ.copy(),
                        start_new_session=True,
                    )
                )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if any(p.poll() is not None for p in self.processes):
                raise SystemExit(f"bench: a server process exited; see {self.logs}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                    log(
                        f"bench: web ({self.options.web_workers} processes) + "
                        f"{self.options.job_workers} worker(s) on 127.0.0.1:{self.port}"
                    )
                    return
            except OSError:
                time.sleep(0.3)
        raise SystemExit("bench: the web server did not answer /healthz within 60 s")

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)  # its own session: our child and its own
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


# --- the operations --------------------------------------------------------------------


def operations(
    meta: dict[str, Any], token: str, manager_token: str
) -> list[tuple[str, load.Factory, bool]]:
    """(name, request factory, needs the session cookie) for every HTTP operation."""
    from frontdesk.ops.demo_texts import packs

    ids = meta["sample_ticket_ids"] or [1]
    rare = [*meta["rare_words"][:20], *meta["product_words"][:20]] or ["zzzz"]
    emails = meta["customer_emails"] or ["bench@example.com"]
    requests = [(code, r) for code, pack in packs().items() for r in pack.requests]
    run_tag = f"{int(time.time())}"

    def pick(items: list[Any], number: int) -> Any:
        return items[(number * 7919) % len(items)]  # spread, deterministic, any sign

    def inbox(number: int) -> load.Request:
        return load.Request("GET", "/inbox/")

    def inbox_api(number: int) -> load.Request:
        return load.json_request("GET", "/api/v1/tickets?status=open&limit=25", token)

    def search(words: list[str]) -> Callable[[int], load.Request]:
        def factory(number: int) -> load.Request:
            return load.Request("GET", f"/inbox/?view=all&q={quote(pick(words, number))}")

        return factory

    def ticket_page(number: int) -> load.Request:
        return load.Request("GET", f"/tickets/{pick(ids, number)}/")

    def ticket_api(number: int) -> load.Request:
        return load.json_request("GET", f"/api/v1/tickets/{pick(ids, number)}", token)

    def messages_api(number: int) -> load.Request:
        return load.json_request("GET", f"/api/v1/tickets/{pick(ids, number)}/messages", token)

    def create(number: int) -> load.Request:
        language, request = pick(requests, number)
        if number % 2:  # half from known customers, half from new addresses
            email = pick(emails, number)
        else:
            email = f"bench.{run_tag}.{number + 10**6}@example.com"
        payload = {
            "subject": request.subject,
            "body": request.body,
            "customer_email": email,
            "language": language,
            "team_id": meta["team_id"],
        }
        return load.json_request("POST", "/api/v1/tickets", token, payload)

    def report_api(number: int) -> load.Request:
        return load.json_request("GET", REPORT_PATH, manager_token)

    factories = [
        (inbox, True),
        (inbox_api, False),
        (search(SEARCH_COMMON), True),
        (search(rare), True),
        (ticket_page, True),
        (ticket_api, False),
        (messages_api, False),
        (create, False),
        (report_api, False),
    ]
    return [(name, f, s) for name, (f, s) in zip(HTTP_OPERATIONS, factories, strict=True)]


def main() -> int:
    options = Options.from_env()
    data_dir, meta = prepare(options)
    from django.db import connection

    from frontdesk.accounts.models import User
    from frontdesk.accounts.services import do_create_api_token
    from frontdesk.ops.maintenance import refresh_statistics

    token = do_create_api_token(user=User.objects.get(pk=meta["agent_id"]), name="bench")
    manager_token = do_create_api_token(user=_bench_manager(), name="bench")
    # What every worker does when it starts (and hourly): SQLite's planner statistics.
    # Done here first so that the measurements do not race the worker's first beat.
    refresh_statistics()
    connection.close()
    servers = Servers(options, data_dir)
    measurements: list[load.Measurement] = []
    try:
        servers.start()
        cookies = load.sign_in(servers.port, meta["agent_username"], meta["agent_password"])
        for name, factory, session in operations(meta, token, manager_token):
            for concurrency in options.concurrency:
                measurement = load.run(
                    name,
                    factory,
                    port=servers.port,
                    concurrency=concurrency,
                    requests=options.requests,
                    seconds=options.seconds,
                    cookies=cookies if session else None,
                )
                measurements.append(measurement)
                log(
                    f"bench: {name} c={concurrency}: {len(measurement.latencies_ms)} ok, "
                    f"{measurement.errors} errors, {measurement.rps:.0f} req/s"
                )
        summary = _report_summary(servers.port, manager_token)
        ack_backlog = _ack_backlog()
    finally:
        servers.stop()
    rows = [report.row(m) for m in measurements]
    context = {
        "db": options.db,
        "tickets": options.tickets,
        "seed_seconds": meta["seconds"],
        "messages": meta["messages"],
        "customers": meta["customers"],
        "agents": meta["agents"],
        "web_workers": options.web_workers,
        "job_workers": options.job_workers,
        "cpus": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "report": summary,
        "acknowledgements_still_queued": ack_backlog,
        "data_dir": str(data_dir),
    }
    path = report.write(options.results_dir, rows, context)
    print()
    print(
        f"Frontdesk benchmark: {options.tickets} tickets on {options.db}, "
        f"{os.cpu_count()} CPUs ({urlparse(os.environ.get('DATABASE_URL', 'sqlite:')).scheme})"
    )
    print(report.table(rows))
    print(f"\nwritten to {path}")
    failed = sum(r["errors"] for r in rows)
    if failed:
        for r in rows:
            for sample in r["error_samples"]:
                print(f"error in {r['name']}: {sample}", file=sys.stderr)
    return 1 if failed else 0


def _bench_manager() -> Any:
    """A manager for the report (reports are for managers and administrators)."""
    from frontdesk.accounts.choices import Role
    from frontdesk.accounts.models import User
    from frontdesk.accounts.services import do_create_staff_user

    existing = User.objects.filter(username="bench.manager").first()
    return existing or do_create_staff_user(username="bench.manager", role=Role.MANAGER)


def _report_summary(port: int, token: str) -> dict[str, Any]:
    """The report's answer once, for latest.meta.json (what the timed requests computed)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{REPORT_PATH}", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        body = json.loads(response.read())
    return {
        "groups": len(body["by_status_and_team"]),
        "tickets_30d": body["tickets"],
        "median_first_response_seconds": body["median_first_response_seconds"],
        "median_resolution_seconds": body["median_resolution_seconds"],
    }


def _ack_backlog() -> int:
    """Acknowledgement jobs the worker has not finished yet (after a short grace time)."""
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + 10
    while True:
        waiting = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()
        if not waiting or time.monotonic() > deadline:
            connection.close()
            return waiting
        time.sleep(0.5)


if __name__ == "__main__":
    raise SystemExit(main())
