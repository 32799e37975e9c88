"""The database half of a backup: one consistent snapshot, dumped and read, per vendor.

SQLite: the online backup API copies the live database in one step while web and worker
processes keep writing (WAL readers do not block writers); the copy is then read for the
manifest. PostgreSQL: one REPEATABLE READ transaction exports its snapshot, `pg_dump -Fc
--snapshot` dumps exactly that snapshot and the manifest's row counts are read inside the
same transaction, so the dump and its manifest describe the same moment.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from django.db import connection, connections, transaction

POSTGRES_BIN = Path("/usr/lib/postgresql")


class BackupError(Exception):
    """The backup or restore cannot go on; the message is one paragraph for the operator."""


class Snapshot(Protocol):
    """Read-only SQL against the moment the dump was taken."""

    def rows(self, sql: str) -> Sequence[tuple[Any, ...]]: ...


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def vendor() -> str:
    return connection.vendor


def dump_name() -> str:
    return "database.sqlite3" if vendor() == "sqlite" else "database.pgdump"


def tables(snapshot: Snapshot) -> list[str]:
    if vendor() == "sqlite":
        sql = (
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    else:
        sql = "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
    return [str(name) for (name,) in snapshot.rows(sql)]


# SQLite


class _SqliteSnapshot:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def rows(self, sql: str) -> Sequence[tuple[Any, ...]]:
        return self.conn.execute(sql).fetchall()


def _sqlite_path() -> Path:
    return Path(str(connection.settings_dict["NAME"]))


@contextmanager
def _sqlite_dump(target: Path) -> Iterator[Snapshot]:
    connection.ensure_connection()
    live = connection.connection
    copy = sqlite3.connect(target)
    try:
        # pages=-1 (the default): the whole database in one step, one read transaction.
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        yield _SqliteSnapshot(copy)
    finally:
        copy.close()


def _sqlite_restore(source: Path) -> None:
    connections.close_all()
    target = _sqlite_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    backup = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    live = sqlite3.connect(target, timeout=20)
    try:
        backup.backup(live)
        live.execute("PRAGMA journal_mode=WAL")
    finally:
        backup.close()
        live.close()


# PostgreSQL


class _PostgresSnapshot:
    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def rows(self, sql: str) -> Sequence[tuple[Any, ...]]:
        self.cursor.execute(sql)
        return list(self.cursor.fetchall())


def server_major() -> int:
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def pg_tool(name: str, major: int) -> str:
    """The server's major version of a client tool, else the nearest newer one, else PATH."""
    found: list[tuple[int, Path]] = []
    if POSTGRES_BIN.is_dir():
        for entry in POSTGRES_BIN.iterdir():
            binary = entry / "bin" / name
            if entry.name.isdigit() and binary.is_file():
                found.append((int(entry.name), binary))
    for version, binary in sorted(found):
        if version >= major:
            return str(binary)
    on_path = shutil.which(name)
    if on_path:
        return on_path
    raise BackupError(
        f"{name} was not found. Install the PostgreSQL {major} client tools "
        f"(Debian: apt-get install postgresql-client-{major})."
    )


def _pg_env() -> dict[str, str]:
    """libpq settings through the environment, so the password never shows in `ps`."""
    db = connection.settings_dict
    env = dict(os.environ)
    pairs = {
        "PGHOST": db.get("HOST"),
        "PGPORT": db.get("PORT"),
        "PGUSER": db.get("USER"),
        "PGPASSWORD": db.get("PASSWORD"),
        "PGDATABASE": db.get("NAME"),
    }
    options = db.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if options.get(option):
            pairs[variable] = options[option]
    for variable, value in pairs.items():
        if value:
            env[variable] = str(value)
        else:
            env.pop(variable, None)
    return env


def _run(argv: list[str], what: str) -> None:
    result = subprocess.run(  # noqa: S603 - our own argv, no shell
        argv, env=_pg_env(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip()[-2000:]
        raise BackupError(f"{what} failed (exit {result.returncode}): {detail}")


@contextmanager
def _postgres_dump(target: Path) -> Iterator[Snapshot]:
    tool = pg_tool("pg_dump", server_major())
    with transaction.atomic(), connection.cursor() as cursor:
        # Must be the transaction's first statement; the snapshot lives as long as it does.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot_id,) = cursor.fetchone()
        _run(
            [tool, "--format=custom", f"--snapshot={snapshot_id}", f"--file={target}"],
            "pg_dump",
        )
        yield _PostgresSnapshot(cursor)


def _postgres_restore(source: Path) -> None:
    tool = pg_tool("pg_restore", server_major())
    connections.close_all()
    close_pool = getattr(connection, "close_pool", None)
    if close_pool is not None:
        close_pool()
    # One transaction: a restore that fails half-way leaves the database as it was.
    _run(
        [
            tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(source),
        ],
        "pg_restore",
    )


def dump(target: Path) -> Any:
    """`with dump(path) as snapshot:` writes the dump, then reads the same moment."""
    os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))  # private from birth
    if vendor() == "sqlite":
        return _sqlite_dump(target)
    if vendor() == "postgresql":
        return _postgres_dump(target)
    raise BackupError(f"backups of a {vendor()} database are not supported")


def restore(source: Path) -> None:
    if vendor() == "sqlite":
        _sqlite_restore(source)
    else:
        _postgres_restore(source)


def installation_tables() -> list[str]:
    return list(connection.introspection.table_names())
