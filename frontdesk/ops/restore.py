"""`frontdesk restore DIR`: check the backup against its manifest, then put it back.

Nothing is touched before every file of the backup matches the size and SHA-256 in its
manifest, the backup's database vendor matches this installation, and the backup was not
made by a newer Frontdesk (a migration this code does not know). An installation that
already holds data is replaced only with `--force`. Then: the database (SQLite through
the backup API, PostgreSQL with `pg_restore --clean --single-transaction`), the files,
the keys (a different key already in the data directory is kept beside it as
`NAME.replaced-TIMESTAMP`), and finally `frontdesk migrate` in a fresh process that reads
the restored keys.
"""

from __future__ import annotations

import json
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.migrations.loader import MigrationLoader

from frontdesk.cli import child_command
from frontdesk.ops import backup_db
from frontdesk.ops.backup import (
    FORMAT,
    MANIFEST,
    REPLACED_MARK,
    Say,
    copy_file,
    file_digest,
    files_root,
    walk_files,
)
from frontdesk.ops.backup_db import BackupError

# Rows in any of these mean someone uses this installation.
IN_USE = ("accounts.User", "customers.Customer", "tickets.Ticket", "inbox.InboundEmail")


def _safe_path(relative: str) -> PurePosixPath:
    """A manifest path that stays inside the backup (and later inside the data dir)."""
    path = PurePosixPath(relative)
    if path.is_absolute() or not path.parts or any(p in ("", ".", "..") for p in path.parts):
        raise BackupError(f"the manifest names an unsafe path: {relative!r}")
    return path


def read_manifest(source: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((source / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{source} has no {MANIFEST}: not a Frontdesk backup") from None
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source / MANIFEST} cannot be read: {exc}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{source} has a backup format this version cannot read")
    return manifest


def verify(source: Path) -> dict[str, Any]:
    """The manifest, once every file it lists is present with its size and SHA-256."""
    manifest = read_manifest(source)
    entries = manifest.get("files") or []
    problems: list[str] = []
    kinds = {"database": 0, "file": 0, "key": 0}
    for entry in entries:
        relative = _safe_path(str(entry.get("path", "")))
        kind = entry.get("kind")
        if kind not in kinds:
            raise BackupError(f"the manifest lists {relative} with an unknown kind {kind!r}")
        wrong_file = kind == "file" and relative.parts[0] != "files"
        wrong_key = kind == "key" and (relative.parts[0] != "keys" or len(relative.parts) != 2)
        if wrong_file or wrong_key:
            raise BackupError(f"the manifest lists {relative} in the wrong place")
        kinds[kind] += 1
        path = source / relative
        if not path.is_file():
            problems.append(f"missing: {relative}")
            continue
        size, sha = file_digest(path)
        if size != entry.get("size") or sha != entry.get("sha256"):
            problems.append(f"changed since the backup was made: {relative}")
    database = manifest.get("database") or {}
    if kinds["database"] != 1 or not any(
        e.get("kind") == "database" and e.get("path") == database.get("file") for e in entries
    ):
        problems.append("the manifest does not list exactly one database file")
    if problems:
        shown = "\n  ".join(problems[:20])
        raise BackupError(
            f"the backup in {source} does not match its manifest; nothing was restored:\n  {shown}"
        )
    return manifest


def _check_compatible(manifest: dict[str, Any]) -> None:
    vendor = manifest["database"].get("vendor")
    if vendor != backup_db.vendor():
        raise BackupError(
            f"the backup holds a {vendor} database, this installation uses "
            f"{backup_db.vendor()} (set DATABASE_URL accordingly)"
        )
    loader = MigrationLoader(None, ignore_no_migrations=True)
    unknown = [
        f"{app}.{name}"
        for app, names in (manifest.get("migrations") or {}).items()
        if app in loader.migrated_apps
        for name in names
        if (app, name) not in loader.disk_migrations
    ]
    if unknown:
        raise BackupError(
            "the backup was made by a newer Frontdesk (unknown migrations: "
            f"{', '.join(unknown[:5])}); install that version first"
        )


def in_use() -> list[str]:
    """What makes this installation non-empty (empty list: safe to restore into)."""
    reasons = []
    tables = set(backup_db.installation_tables())
    for label in IN_USE:
        model = apps.get_model(label)
        if model._meta.db_table in tables and model._default_manager.exists():
            reasons.append(f"{model._meta.verbose_name_plural} in the database")
    if next(walk_files(files_root()), None) is not None:
        reasons.append(f"files in {files_root()}")
    return reasons


def _restore_files(source: Path, manifest: dict[str, Any]) -> int:
    root = files_root().resolve()  # a symbolic link to shared storage: write through it
    count = 0
    for entry in manifest["files"]:
        if entry["kind"] != "file":
            continue
        relative = PurePosixPath(*_safe_path(entry["path"]).parts[1:])
        target = root / relative
        temporary = target.with_name(f".{target.name}.restoring-{os.getpid()}")
        if temporary.exists():
            temporary.unlink()
        _size, sha = copy_file(source / entry["path"], temporary)
        if sha != entry["sha256"]:
            temporary.unlink()
            raise BackupError(f"{entry['path']} changed while it was being restored")
        temporary.replace(target)
        count += 1
    return count


def _restore_keys(source: Path, manifest: dict[str, Any]) -> list[str]:
    data_dir = Path(settings.DATA_DIR)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    restored = []
    for entry in manifest["files"]:
        if entry["kind"] != "key":
            continue
        name = _safe_path(entry["path"]).name
        target = data_dir / name
        if target.exists():
            if file_digest(target)[1] == entry["sha256"]:
                restored.append(name)
                continue
            target.rename(data_dir / f"{name}{REPLACED_MARK}{stamp}")
        copy_file(source / entry["path"], target)
        restored.append(name)
    return restored


def _migrate() -> None:
    result = subprocess.run(  # noqa: S603
        child_command("migrate", "--no-input", "--verbosity", "1"),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(
            "the backup was restored but `frontdesk migrate` failed; run it again after "
            f"fixing this:\n{(result.stderr or result.stdout).strip()[-2000:]}"
        )


def restore_backup(source: Path, *, force: bool = False, say: Say = print) -> dict[str, Any]:
    source = source.expanduser().absolute()
    manifest = verify(source)
    say(f"Checked {len(manifest['files'])} files against the manifest of {source}")
    _check_compatible(manifest)
    reasons = in_use()
    if reasons and not force:
        raise BackupError(
            "this installation is not empty (" + "; ".join(reasons) + "). Restoring would "
            "replace it; stop every web and worker process and run again with --force."
        )
    backup_db.restore(source / manifest["database"]["file"])
    counts = manifest.get("row_counts") or {}
    say(f"Database restored ({sum(counts.values())} rows)")
    say(f"Files restored: {_restore_files(source, manifest)}")
    say(f"Keys restored: {', '.join(_restore_keys(source, manifest)) or 'none'}")
    _migrate()
    say("Migrations applied. Start Frontdesk again.")
    return manifest
