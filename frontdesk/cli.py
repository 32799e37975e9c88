"""The `frontdesk` command: every Django management command, plus serve/web/worker/token."""

from __future__ import annotations

import os
import sys


def _take_data_dir(argv: list[str]) -> list[str]:
    """`--data-dir DIR` anywhere on the line sets FRONTDESK_DATA_DIR before settings load."""
    out: list[str] = []
    args = iter(argv)
    for arg in args:
        if arg == "--data-dir":
            value = next(args, None)
            if value is None:
                sys.stderr.write("frontdesk: --data-dir needs a directory\n")
                raise SystemExit(2)
            os.environ["FRONTDESK_DATA_DIR"] = value
        elif arg.startswith("--data-dir="):
            os.environ["FRONTDESK_DATA_DIR"] = arg.split("=", 1)[1]
        else:
            out.append(arg)
    return out


def main(argv: list[str] | None = None) -> int:
    argv = _take_data_dir(list(sys.argv if argv is None else argv))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "frontdesk.settings")
    from django.core.management import execute_from_command_line

    if len(argv) < 2:
        argv = [*argv, "help"]
    # `frontdesk ingest-email` is Django's `ingest_email`.
    if not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    execute_from_command_line(argv)
    return 0


def child_command(*args: str) -> list[str]:
    """The argv that runs `frontdesk ARGS...` in a child process with this same Python."""
    return [sys.executable, "-m", "frontdesk.cli", *args]


if __name__ == "__main__":
    raise SystemExit(main())
