"""Typed readers for environment configuration that fail loudly on bad values."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import cast
from urllib.parse import urlparse


class ConfigError(Exception):
    """A configuration value is wrong; the message is one line for the operator."""


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use true or false)")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int = 10**9) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number") from None
    if not minimum <= value <= maximum:
        raise ConfigError(f"{name}={value} is outside {minimum}..{maximum}")
    return value


def env_choice(name: str, default: str, allowed: set[str]) -> str:
    value = env_str(name, default).upper() or default
    if value not in allowed:
        raise ConfigError(f"{name}={value!r} is not one of {', '.join(sorted(allowed))}")
    return value


def env_time_zone(name: str, default: str) -> str:
    from zoneinfo import available_timezones

    value = env_str(name, default) or default
    if value not in available_timezones():
        raise ConfigError(f"{name}={value!r} is not a known time zone (e.g. Europe/Riga)")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    path = Path(env_str("FRONTDESK_DATA_DIR", "var")).expanduser().resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"FRONTDESK_DATA_DIR {path} cannot be created: {exc.strerror}") from None
    return path


def secret_key(directory: Path) -> str:
    """SECRET_KEY from the environment, else generated once into the data directory."""
    key = env_str("SECRET_KEY")
    if key:
        if len(key) < 32:
            raise ConfigError("SECRET_KEY must be at least 32 characters long")
        return key
    path = directory / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


def database(directory: Path) -> dict[str, object]:
    """The default database: SQLite (WAL) in the data dir, or DATABASE_URL."""
    url = env_str("DATABASE_URL")
    if not url:
        return sqlite_database(directory / "frontdesk.sqlite3")
    scheme = urlparse(url).scheme
    if scheme in {"sqlite", "sqlite3"}:
        path = urlparse(url).path
        if not path or path == "/":
            raise ConfigError("DATABASE_URL sqlite:/// needs a file path")
        return sqlite_database(Path(path[1:] if path.startswith("//") else path))
    if scheme in {"postgres", "postgresql", "pgsql"}:
        import dj_database_url

        try:
            config = dict(dj_database_url.parse(url, conn_max_age=0))
        except ValueError as exc:
            raise ConfigError(f"DATABASE_URL is not a valid PostgreSQL URL: {exc}") from None
        if not config.get("NAME"):
            raise ConfigError("DATABASE_URL must name a database, e.g. postgres://host/frontdesk")
        # A connection pool per process (psycopg_pool), as Django advises under ASGI:
        # a new connection per request cost ~3 ms, and persistent per-thread connections
        # (CONN_MAX_AGE) pile up, since ASGI runs each request's code in its own thread.
        options: dict[str, object] = {**cast(dict[str, object], config.get("OPTIONS") or {})}
        options["pool"] = {
            "min_size": 1,
            "max_size": env_int("FRONTDESK_DB_POOL_SIZE", 8, minimum=1, maximum=200),
            "timeout": 20,
        }
        config["OPTIONS"] = options
        config.setdefault("TEST", {})
        return config
    raise ConfigError(
        f"DATABASE_URL scheme {scheme!r} is not supported (use postgres:// or sqlite:///)"
    )


def sqlite_database(path: Path) -> dict[str, object]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        },
        "TEST": {"NAME": None},
    }


def redis_url() -> str:
    url = env_str("REDIS_URL")
    if url and urlparse(url).scheme not in {"redis", "rediss", "unix"}:
        raise ConfigError(f"REDIS_URL scheme must be redis://, rediss:// or unix://, got {url!r}")
    return url
