"""The benchmark suite runs end to end at a tiny size (structure and zero errors only).

Not a timed test: speed targets live in the benchmark itself (docs/performance.md). It
seeds 300 tickets into its own SQLite data dir, starts `frontdesk web` and `frontdesk
worker` as `make bench` does, sends a few requests per operation and reads latest.json.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.run import HTTP_OPERATIONS

ROOT = Path(__file__).resolve().parent.parent


def test_it_runs_every_operation_without_errors(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BENCH_", "FRONTDESK_"))}
    env.pop("DATABASE_URL", None)  # its own SQLite data dir, even when the suite runs on PG
    env.update(
        BENCH_TICKETS="300",
        BENCH_DB="sqlite",
        BENCH_CONCURRENCY="1,2",
        BENCH_REQUESTS="6",
        BENCH_SECONDS="10",
        BENCH_WEB_WORKERS="1",
        BENCH_DATA_ROOT=str(tmp_path / "data"),
        BENCH_RESULTS_DIR=str(tmp_path / "results"),
    )
    done = subprocess.run(
        [sys.executable, "-m", "bench.run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=110,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    rows = json.loads((tmp_path / "results" / "latest.json").read_text())
    seen = {(row["name"], row["concurrency"]) for row in rows}
    expected = {(name, c) for name in HTTP_OPERATIONS for c in (1, 2)}
    assert seen == expected
    for row in rows:
        assert set(row) >= {"name", "concurrency", "p50_ms", "p95_ms", "p99_ms", "rps", "errors"}
        assert row["errors"] == 0, row
        assert row["requests"] > 0, row
        assert 0 < row["p50_ms"] <= row["p95_ms"] <= row["p99_ms"]
