"""`frontdesk backup DIR`: the database, the stored files and the keys, with a manifest.

A backup is a directory:

    manifest.json          what is inside: versions, migrations, row counts, every file
                           with its size and SHA-256
    database.sqlite3 | database.pgdump
    files/...              DATA_DIR/files (attachments), symbolic links followed
    keys/secret_key, keys/encryption_key*

Order matters for a backup taken while Frontdesk runs: the database first (one consistent
snapshot, see backup_db.py), then the files. Attachments are written before the row that
names them commits and are never rewritten, so every file the snapshot names is complete
on disk; files added after the snapshot are copied too and are harmless. Every file the
snapshot names must be in the backup with the checksum the database recorded, or the
backup fails: a backup that silently misses attachments is found out only on the day it
is needed. The backup is assembled under a hidden name and renamed into place at the end,
so DIR exists only when it is complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models

from frontdesk.core import config
from frontdesk.ops import backup_db
from frontdesk.ops.backup_db import BackupError, Snapshot, quote

FORMAT = 1
MANIFEST = "manifest.json"
BLOCK = 1024 * 1024
# Set aside by `restore` when it replaces a key; never part of a later backup.
REPLACED_MARK = ".replaced-"
ENV_KEYS = ("SECRET_KEY", "FRONTDESK_ENCRYPTION_KEY")

Say = Callable[[str], None]


@dataclass
class FileEntry:
    path: str  # inside the backup, POSIX: "files/attachments/2025/01/x.png", "keys/secret_key"
    kind: str  # database | file | key
    size: int
    sha256: str

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "size": self.size, "sha256": self.sha256}


@dataclass
class BackupReport:
    manifest: dict[str, Any]
    warnings: list[str] = field(default_factory=list)


def key_files(data_dir: Path) -> list[Path]:
    """`secret_key` and every `encryption_key*` in the data directory."""
    if not data_dir.is_dir():
        return []
    return sorted(
        path
        for path in data_dir.iterdir()
        if path.is_file()
        and REPLACED_MARK not in path.name
        and (path.name == "secret_key" or path.name.startswith("encryption_key"))
    )


def files_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def walk_files(root: Path) -> Iterator[str]:
    """Relative POSIX paths of every file under root, following symbolic links once."""
    if not root.exists():
        return
    visited: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in visited:  # a link loop
            dirnames[:] = []
            continue
        visited.add(real)
        dirnames.sort()
        for name in sorted(filenames):
            yield Path(dirpath, name).relative_to(root).as_posix()


def copy_file(source: Path, target: Path) -> tuple[int, str]:
    """Copy (following links) into a new private file; (size, SHA-256) of what was copied."""
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as reader:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as writer:
            while block := reader.read(BLOCK):
                digest.update(block)
                writer.write(block)
                size += len(block)
    return size, digest.hexdigest()


def file_digest(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as reader:
        while block := reader.read(BLOCK):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def stored_files(snapshot: Snapshot, tables: set[str]) -> dict[str, str]:
    """Every file a row of the snapshot names -> the SHA-256 the row recorded ("" if none)."""
    named: dict[str, str] = {}
    for model in apps.get_models():
        meta = model._meta
        if not meta.managed or meta.proxy or meta.db_table not in tables:
            continue
        checksum = next((f.column for f in meta.concrete_fields if f.name == "sha256"), None)
        for fld in meta.concrete_fields:
            if not isinstance(fld, models.FileField):
                continue
            extra = f", {quote(checksum)}" if checksum else ""
            column, table = quote(fld.column), quote(meta.db_table)  # from the models, quoted
            where = f"{column} IS NOT NULL AND {column} <> ''"
            sql = f"SELECT {column}{extra} FROM {table} WHERE {where}"  # noqa: S608
            for row in snapshot.rows(sql):
                named[str(row[0])] = str(row[1]) if checksum and row[1] else ""
    return named


def read_snapshot(snapshot: Snapshot) -> tuple[dict[str, list[str]], dict[str, int], set[str]]:
    tables = backup_db.tables(snapshot)
    counts = {}
    for table in tables:  # names from the catalogue, quoted
        counts[table] = int(snapshot.rows(f"SELECT count(*) FROM {quote(table)}")[0][0])  # noqa: S608
    migrations: dict[str, list[str]] = {}
    if "django_migrations" in tables:
        for app, name in snapshot.rows("SELECT app, name FROM django_migrations ORDER BY 1, 2"):
            migrations.setdefault(str(app), []).append(str(name))
    return migrations, counts, set(tables)


def _version() -> str:
    try:
        return metadata.version("frontdesk")
    except metadata.PackageNotFoundError:
        return "unknown"


def _still_named(name: str) -> bool:
    """Does the live database (not the snapshot) still name this file?"""
    for model in apps.get_models():
        for fld in model._meta.concrete_fields:
            if (
                isinstance(fld, models.FileField)
                and model._default_manager.filter(**{fld.name: name}).exists()
            ):
                return True
    return False


def _copy_files(
    work: Path, named: dict[str, str], *, allow_missing: bool, report: BackupReport
) -> list[FileEntry]:
    root = files_root()
    entries: list[FileEntry] = []
    copied: dict[str, str] = {}
    for relative in walk_files(root):
        try:
            size, sha = copy_file(root / relative, work / "files" / relative)
        except FileNotFoundError:
            # Deleted meanwhile (an erasure), or a link pointing nowhere: checked below
            # if the snapshot names it.
            if relative not in named:
                report.warnings.append(
                    f"skipped files/{relative}: it disappeared or is a broken link"
                )
            continue
        copied[relative] = sha
        entries.append(FileEntry(f"files/{relative}", "file", size, sha))
    missing, damaged = [], []
    for name, recorded in sorted(named.items()):
        if name not in copied:
            if _still_named(name):
                missing.append(name)
            else:
                report.warnings.append(f"files/{name} was deleted during the backup")
        elif recorded and copied[name] != recorded:
            damaged.append(name)
    problems = [f"missing: {root / name}" for name in missing]
    problems += [f"content differs from the recorded checksum: {root / name}" for name in damaged]
    if problems and not allow_missing:
        shown = "\n  ".join(problems[:20])
        more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
        raise BackupError(
            f"{len(problems)} stored file(s) named in the database could not be backed up:"
            f"\n  {shown}{more}\nRestore them from an older backup or storage snapshot, or "
            "run again with --allow-missing-files to back up everything else."
        )
    report.warnings.extend(problems)
    return entries


def _copy_keys(work: Path, report: BackupReport) -> list[FileEntry]:
    entries = []
    for path in key_files(Path(settings.DATA_DIR)):
        size, sha = copy_file(path, work / "keys" / path.name)
        entries.append(FileEntry(f"keys/{path.name}", "key", size, sha))
    for name in ENV_KEYS:
        if config.env_str(name):
            report.warnings.append(
                f"{name} is set in the environment and is not in the backup: keep it safe "
                "with the backup, a restore needs the same value"
            )
    return entries


def _prepare(target: Path) -> Path:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise BackupError(f"{target} already exists and is not empty; give a new directory")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = target.parent / f".{target.name}.partial-{os.getpid()}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(mode=0o700)
    return work


def make_backup(target: Path, *, allow_missing: bool = False, say: Say = print) -> BackupReport:
    """Write a complete backup into `target` (new or empty), or raise BackupError."""
    target = target.expanduser().absolute()
    work = _prepare(target)
    report = BackupReport(manifest={})
    try:
        dump_path = work / backup_db.dump_name()
        with backup_db.dump(dump_path) as snapshot:
            migrations, counts, tables = read_snapshot(snapshot)
            named = stored_files(snapshot, tables)
        size, sha = file_digest(dump_path)
        entries = [FileEntry(dump_path.name, "database", size, sha)]
        say(f"Database: {backup_db.vendor()}, {sum(counts.values())} rows, {size} bytes")
        files = _copy_files(work, named, allow_missing=allow_missing, report=report)
        say(f"Files: {len(files)} ({sum(f.size for f in files)} bytes)")
        keys = _copy_keys(work, report)
        say(f"Keys: {', '.join(PurePosixPath(k.path).name for k in keys) or 'none'}")
        report.manifest = {
            "format": FORMAT,
            "frontdesk_version": _version(),
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {"vendor": backup_db.vendor(), "file": dump_path.name},
            "migrations": migrations,
            "row_counts": counts,
            "files": [entry.as_json() for entry in [*entries, *files, *keys]],
            "warnings": report.warnings,
        }
        manifest = work / MANIFEST
        fd = os.open(manifest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as writer:
            json.dump(report.manifest, writer, indent=1, ensure_ascii=False)
        if target.exists():
            target.rmdir()
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return report
