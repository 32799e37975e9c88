"""Fail when a module grows past 800 lines (the house limit; tests and migrations excluded)."""

from __future__ import annotations

import sys
from pathlib import Path

LIMIT = 800


def main() -> int:
    root = Path(__file__).resolve().parent.parent / "frontdesk"
    too_big = []
    for path in sorted(root.rglob("*.py")):
        parts = set(path.parts)
        if "migrations" in parts or "tests" in parts or path.name.startswith("test_"):
            continue
        lines = sum(1 for _ in path.open(encoding="utf-8"))
        if lines > LIMIT:
            too_big.append(f"{path.relative_to(root.parent)}: {lines} lines (limit {LIMIT})")
    for line in too_big:
        print(line)
    return 1 if too_big else 0


if __name__ == "__main__":
    sys.exit(main())
