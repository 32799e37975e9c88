"""Helpers to run the real `frontdesk` command against a throw-away SQLite data dir."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest


def frontdesk_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "frontdesk.cli", *args]


def frontdesk_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a subprocess: SQLite in data_dir even when the suite uses PG."""
    env = dict(os.environ)
    for name in ("DATABASE_URL", "EMAIL_HOST", "EMAIL_BACKEND", "REDIS_URL", "SECRET_KEY"):
        env.pop(name, None)
    env["FRONTDESK_DATA_DIR"] = str(data_dir)
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra)
    return env


def run_frontdesk(
    data_dir: Path, *args: str, timeout: float = 120, **extra: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        frontdesk_argv(*args),
        env=frontdesk_env(data_dir, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def free_port() -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def sqlite_db(data_dir: Path) -> Iterator[sqlite3.Connection]:
    """Read the subprocess's database directly (WAL allows a reader beside writers)."""
    conn = sqlite3.connect(data_dir / "frontdesk.sqlite3", timeout=20)
    try:
        yield conn
    finally:
        conn.close()


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """Last-resort cleanup for a test that failed half-way."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


@pytest.fixture(scope="module")
def migrated_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated SQLite data dir shared by a module's subprocess tests."""
    path = tmp_path_factory.mktemp("frontdesk-data")
    result = run_frontdesk(path, "migrate", "--verbosity", "0")
    assert result.returncode == 0, result.stderr
    return path
