"""Configuration from the environment: clear one-line errors, safe production settings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest


def run_frontdesk(args: list[str], env: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    full_env.update({"FRONTDESK_DATA_DIR": str(tmp_path)}, **env)
    return subprocess.run(
        [sys.executable, "-m", "frontdesk", *args],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {"FRONTDESK_HTTPS": "true", "SECRET_KEY": secrets.token_urlsafe(50)}
    result = run_frontdesk(["check", "--deploy", "--fail-level", "WARNING"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "0 silenced" in result.stdout


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"DATABASE_URL": "mysql://localhost/x"}, "DATABASE_URL scheme"),
        ({"FRONTDESK_HTTPS": "perhaps"}, "FRONTDESK_HTTPS"),
        ({"EMAIL_PORT": "smtp"}, "EMAIL_PORT"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"REDIS_URL": "http://localhost"}, "REDIS_URL"),
        ({"TIME_ZONE": "Mars/Olympus"}, "TIME_ZONE"),
        ({"LOG_LEVEL": "chatty"}, "LOG_LEVEL"),
    ],
)
def test_a_bad_value_stops_with_one_line(tmp_path, env, complaint):
    result = run_frontdesk(["check"], env, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and complaint in lines[0]
    assert "Traceback" not in result.stderr


def test_the_secret_key_is_generated_once_into_the_data_dir(tmp_path):
    assert run_frontdesk(["check"], {}, tmp_path).returncode == 0
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"
    assert run_frontdesk(["check"], {}, tmp_path).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key
