"""Results: the printed table and bench/results/latest.json (one object per operation)."""

from __future__ import annotations

import json
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.load import Measurement, percentile


def row(measurement: Measurement) -> dict[str, Any]:
    values = measurement.latencies_ms
    return {
        "name": measurement.name,
        "concurrency": measurement.concurrency,
        "requests": len(values),
        "p50_ms": round(percentile(values, 0.50), 2),
        "p95_ms": round(percentile(values, 0.95), 2),
        "p99_ms": round(percentile(values, 0.99), 2),
        "rps": round(measurement.rps, 1),
        "errors": measurement.errors,
        "error_samples": measurement.error_samples,
    }


def table(rows: list[dict[str, Any]]) -> str:
    header = ("operation", "c", "n", "p50 ms", "p95 ms", "p99 ms", "req/s", "errors")
    lines = [header] + [
        (
            r["name"],
            str(r["concurrency"]),
            str(r["requests"]),
            f"{r['p50_ms']:.1f}",
            f"{r['p95_ms']:.1f}",
            f"{r['p99_ms']:.1f}",
            f"{r['rps']:.1f}",
            str(r["errors"]),
        )
        for r in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]

    def fmt(line: tuple[str, ...]) -> str:
        cells = [line[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(line[1:], widths[1:], strict=True)
        ]
        return "| " + " | ".join(cells) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([fmt(lines[0]), rule, *(fmt(line) for line in lines[1:])])


def write(directory: Path, rows: list[dict[str, Any]], meta: dict[str, Any]) -> Path:
    """latest.json: a list with one object per operation (name, concurrency, p50_ms, p95_ms,
    p99_ms, rps, errors, plus requests and error samples); the run's context goes beside it
    in latest.meta.json."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "latest.json"
    path.write_text(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    context = {
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        **meta,
    }
    (directory / "latest.meta.json").write_text(json.dumps(context, indent=2) + "\n")
    return path
