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


# --- rate limits, trusted proxies, encryption keys (SECURITY.md 53, 55) -------------

_RATE_UNITS = {
    "s": 1,
    "sec": 1,
    "second": 1,
    "m": 60,
    "min": 60,
    "minute": 60,
    "h": 3600,
    "hour": 3600,
    "d": 86400,
    "day": 86400,
}


def parse_rate(text: str) -> tuple[int, int]:
    """`"600/min"` -> (600, 60); also `"30/10min"`, `"5/s"`, `"1000/hour"`, `"0/min"` (off)."""
    count_text, _, period = text.strip().lower().partition("/")
    digits = "".join(ch for ch in period if ch.isdigit())
    unit = period[len(digits) :].strip()
    if not count_text.strip().isdigit() or unit not in _RATE_UNITS:
        raise ValueError(f"{text!r} is not a rate such as 600/min")
    seconds = _RATE_UNITS[unit] * (int(digits) if digits else 1)
    if seconds < 1:
        raise ValueError(f"{text!r} has an empty period")
    return int(count_text), seconds


def env_rate(name: str, default: str) -> str:
    """A rate like `600/min` (requests per period; `0/min` switches the limit off)."""
    value = env_str(name, default) or default
    try:
        parse_rate(value)
    except ValueError:
        raise ConfigError(
            f"{name}={value!r} is not a rate (use e.g. 600/min, 20/10min, 5/s, 1000/hour)"
        ) from None
    return value


def env_networks(name: str) -> list[str]:
    """IP addresses or networks (CIDR), comma-separated; each is checked."""
    import ipaddress

    items = env_list(name, [])
    for item in items:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            raise ConfigError(f"{name}: {item!r} is not an IP address or network") from None
    return items


def encryption_keys(directory: Path) -> str:
    """FRONTDESK_ENCRYPTION_KEY (comma-separated keys, newest first), else the key file.

    The file `encryption_key` in the data directory is generated on first start (mode
    0600) and holds one key a line, newest first (`frontdesk rotate-encryption-key`).
    """
    raw = env_str("FRONTDESK_ENCRYPTION_KEY")
    if raw:
        keys = [key.strip() for key in raw.split(",") if key.strip()]
        if any(len(key) < 32 for key in keys):
            raise ConfigError("FRONTDESK_ENCRYPTION_KEY: each key must be at least 32 characters")
        return ",".join(keys)
    path = directory / ENCRYPTION_KEY_FILE
    if path.exists():
        keys = [line.strip() for line in path.read_text().splitlines() if line.strip()]
        if not keys:
            raise ConfigError(f"{path} is empty: restore it from your backup")
        return ",".join(keys)
    key = secrets.token_urlsafe(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process started at the same moment and wrote it
        return encryption_keys(directory)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key


ENCRYPTION_KEY_FILE = "encryption_key"
