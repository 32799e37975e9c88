"""Where does one request's time go? cProfile and the SQL of a page, in-process.

    BENCH_TICKETS=100000 .venv/bin/python -m bench.profile /inbox/ "/inbox/?view=all&q=order"
    BENCH_TICKETS=100000 .venv/bin/python -m bench.profile --api /api/v1/tickets?status=open

Uses a seeded data set (run the benchmark first), signs in as the bench agent with
Django's test client (the API with a fresh token), requests each path a few times
warm, then prints the slowest SQL (with EXPLAIN QUERY PLAN / EXPLAIN on the slowest)
and the top functions by cumulative time.
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import META, Options


def main(argv: list[str]) -> int:
    api = "--api" in argv
    paths = [a for a in argv if not a.startswith("--")]
    options = Options.from_env()
    data_dir = options.data_root / f"{options.db}-{options.tickets}"
    meta = json.loads((data_dir / META).read_text())
    os.environ.update(FRONTDESK_DATA_DIR=str(data_dir), DJANGO_SETTINGS_MODULE="frontdesk.settings")
    if options.db == "postgres":
        os.environ["DATABASE_URL"] = f"{options.pg_url}/frontdesk_bench_{options.tickets}"
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from frontdesk.accounts.models import User
    from frontdesk.accounts.services import do_create_api_token

    agent = User.objects.get(pk=meta["agent_id"])
    client = Client(SERVER_NAME="127.0.0.1")
    headers = {}
    if api:
        headers["Authorization"] = "Bearer " + do_create_api_token(user=agent, name="profile")
    else:
        client.force_login(agent)
    for path in paths:
        for _ in range(3):
            client.get(path, headers=headers)
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(path, headers=headers)
            total = (time.perf_counter() - started) * 1000
        sql_ms = sum(float(q["time"]) for q in queries.captured_queries) * 1000
        print(
            f"\n=== {path}: HTTP {response.status_code}, {total:.1f} ms, "
            f"{len(queries.captured_queries)} queries, {sql_ms:.1f} ms in SQL"
        )
        slowest = sorted(queries.captured_queries, key=lambda q: -float(q["time"]))
        for query in slowest[:5]:
            print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:600]}")
        if slowest and not slowest[0]["sql"].upper().startswith(("SAVEPOINT", "RELEASE")):
            explain = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
            with connection.cursor() as cursor:
                cursor.execute(explain + slowest[0]["sql"])
                print("  plan of the slowest:")
                for row in cursor.fetchall():
                    print("   ", " ".join(str(c) for c in row))
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(5):
            client.get(path, headers=headers)
        profiler.disable()
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(
            os.environ.get("PROFILE_SORT", "cumulative")
        ).print_stats(25)
        print("\n".join(out.getvalue().splitlines()[:45]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
