"""The settings `frontdesk/settings.py` produces for a production environment.

The settings module reads the environment once, at import, so the production values are
read in a fresh interpreter with a production-like environment (HTTPS on, a long
SECRET_KEY, real host names) and handed to the tests as plain values, which they apply
with `override_settings`. What the tests check is then what settings.py really gives.
"""

from __future__ import annotations

import functools
import json
import os
import secrets
import subprocess
import sys
import tempfile

PRODUCTION_ENV = {
    "FRONTDESK_HTTPS": "true",
    "ALLOWED_HOSTS": "help.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://help.example.com",
    "FRONTDESK_BASE_URL": "https://help.example.com",
}
SECURITY_SETTINGS = [
    "SESSION_COOKIE_NAME",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "SESSION_COOKIE_DOMAIN",
    "SESSION_COOKIE_PATH",
    "CSRF_COOKIE_NAME",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "CSRF_COOKIE_DOMAIN",
    "CSRF_COOKIE_PATH",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SILENCED_SYSTEM_CHECKS",
    "MIDDLEWARE",
    "AUTHENTICATION_BACKENDS",
]
_SCRIPT = (
    "import json, django; from django.conf import settings; django.setup(); "
    "print(json.dumps({name: getattr(settings, name) for name in %r}))"
)


def production_environment(data_dir: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SECRET_KEY")}
    env.update(PRODUCTION_ENV)
    env.update(
        FRONTDESK_DATA_DIR=data_dir,
        SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SETTINGS_MODULE="frontdesk.settings",
    )
    return env


@functools.cache
def production_settings() -> dict[str, object]:
    """The security settings of a production environment, as settings.py computes them."""
    with tempfile.TemporaryDirectory() as data_dir:
        result = subprocess.run(
            [sys.executable, "-c", _SCRIPT % SECURITY_SETTINGS],
            env=production_environment(data_dir),
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
    values: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    if values["SECURE_PROXY_SSL_HEADER"] is not None:
        values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])  # type: ignore[arg-type]
    return values


def secure_request_headers() -> dict[str, str]:
    """What the TLS-terminating proxy adds (settings.py trusts X-Forwarded-Proto with HTTPS)."""
    return {"HTTP_X_FORWARDED_PROTO": "https", "wsgi.url_scheme": "https"}
