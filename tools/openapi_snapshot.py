"""The committed snapshot of the REST API spec (`tests/openapi_snapshot.json`).

    .venv/bin/python tools/openapi_snapshot.py           # compare; exit 1 and list changes
    .venv/bin/python tools/openapi_snapshot.py --write   # store the live spec as the snapshot

The snapshot makes every change of the public API visible in review: a test
(`tests/test_openapi_snapshot.py`) fails with the list of added, removed and changed
paths and fields until the snapshot is rewritten on purpose. The spec is the one served
at `/api/v1/openapi.json`, normalised (sorted keys, indent 2) so the file diffs cleanly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "openapi_snapshot.json"
SPEC_URL = "/api/v1/openapi.json"
WRITE_COMMAND = ".venv/bin/python tools/openapi_snapshot.py --write"
MAX_LINES = 80


def normalise(spec: Any) -> str:
    return json.dumps(spec, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def live_spec() -> Any:
    """The spec the running code serves, by calling the view behind `SPEC_URL`."""
    from django.test import RequestFactory
    from django.urls import resolve

    match = resolve(SPEC_URL)
    response = match.func(RequestFactory().get(SPEC_URL), *match.args, **match.kwargs)
    assert response.status_code == 200, response.status_code
    return json.loads(response.content)


def stored_spec() -> Any:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8")) if SNAPSHOT.exists() else None


def _short(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "..."


def _keyed(items: list[Any]) -> dict[str, Any] | None:
    """A list of named things (parameters) as a dict by name, so order does not matter."""
    if items and all(isinstance(i, dict) and "name" in i for i in items):
        return {f"{i.get('in', '')}:{i['name']}".lstrip(":"): i for i in items}
    return None


def differences(old: Any, new: Any, where: tuple[str, ...] = ()) -> list[str]:
    """Readable lines: `+ added`, `- removed`, `~ changed` with the place in the spec."""
    place = " › ".join(where) or "(whole spec)"
    if isinstance(old, dict) and isinstance(new, dict):
        lines = []
        for key in sorted(old.keys() | new.keys()):
            if key not in new:
                lines.append(f"- removed  {' › '.join((*where, key))}")
            elif key not in old:
                lines.append(f"+ added    {' › '.join((*where, key))}")
            else:
                lines += differences(old[key], new[key], (*where, key))
        return lines
    if isinstance(old, list) and isinstance(new, list):
        old_keyed, new_keyed = _keyed(old), _keyed(new)
        if old_keyed is not None and new_keyed is not None:
            return differences(old_keyed, new_keyed, where)
        if all(not isinstance(i, dict | list) for i in (*old, *new)):
            gone = [i for i in old if i not in new]
            came = [i for i in new if i not in old]
            lines = [f"- removed  {place} › {_short(i)}" for i in gone]
            lines += [f"+ added    {place} › {_short(i)}" for i in came]
            if not lines and old != new:
                lines.append(f"~ changed  {place}: order {_short(old)} -> {_short(new)}")
            return lines
        if len(old) == len(new):
            lines = []
            for index, (a, b) in enumerate(zip(old, new, strict=True)):
                lines += differences(a, b, (*where, f"[{index}]"))
            return lines
    if old != new:
        return [f"~ changed  {place}: {_short(old)} -> {_short(new)}"]
    return []


def report(old: Any, new: Any) -> str:
    """The differences as text for a failing test or the command line ('' when equal)."""
    if old is None:
        return f"There is no snapshot at {SNAPSHOT.relative_to(ROOT)}.\nRun: {WRITE_COMMAND}\n"
    if normalise(old) == normalise(new):
        return ""
    lines = differences(old, new) or ["~ changed  (formatting only)"]
    shown = lines[:MAX_LINES]
    if len(lines) > MAX_LINES:
        shown.append(f"... and {len(lines) - MAX_LINES} more")
    return (
        "The REST API spec differs from the committed snapshot "
        f"({SNAPSHOT.relative_to(ROOT)}):\n\n"
        + "\n".join(shown)
        + "\n\nIf these changes are intended (check them: API clients depend on them), run\n"
        f"    {WRITE_COMMAND}\nand commit the snapshot with your change.\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="store the live spec")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdesk.settings")
    import django

    django.setup()
    spec = live_spec()
    if args.write:
        SNAPSHOT.write_text(normalise(spec), encoding="utf-8")
        print(f"wrote {SNAPSHOT.relative_to(ROOT)} ({len(spec.get('paths', {}))} paths)")
        return 0
    text = report(stored_spec(), spec)
    sys.stdout.write(text or "The API spec matches the snapshot.\n")
    return 1 if text else 0


if __name__ == "__main__":
    raise SystemExit(main())
