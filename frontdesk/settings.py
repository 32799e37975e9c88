"""Frontdesk settings: one module, driven by the environment (see README)."""

from __future__ import annotations

import sys
from pathlib import Path

from frontdesk.core import config, languages
from frontdesk.core.config import ConfigError

BASE_DIR = Path(__file__).resolve().parent

try:
    DATA_DIR = config.data_dir()
    SECRET_KEY = config.secret_key(DATA_DIR)
    DEBUG = config.env_bool("FRONTDESK_DEBUG", False)
    DATABASES = {"default": config.database(DATA_DIR)}
    REDIS_URL = config.redis_url()
    ALLOWED_HOSTS = config.env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
    CSRF_TRUSTED_ORIGINS = config.env_list("CSRF_TRUSTED_ORIGINS", [])
    EMAIL_HOST = config.env_str("EMAIL_HOST")
    EMAIL_PORT = config.env_int("EMAIL_PORT", 25, minimum=1, maximum=65535)
    EMAIL_HOST_USER = config.env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = config.env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = config.env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = config.env_bool("EMAIL_USE_SSL", False)
    DEFAULT_FROM_EMAIL = config.env_str("DEFAULT_FROM_EMAIL", "support@localhost")
    FRONTDESK_BASE_URL = config.env_str("FRONTDESK_BASE_URL", "")
    # Deadline alerts also by email (each member of staff can switch theirs off).
    FRONTDESK_ALERT_EMAILS = config.env_bool("FRONTDESK_ALERT_EMAILS", True)
    # Connections one SLA sweep uses at once on PostgreSQL (sla/sweep_lanes.py).
    FRONTDESK_SLA_SWEEP_LANES = config.env_int(
        "FRONTDESK_SLA_SWEEP_LANES", 2, minimum=1, maximum=16
    )
    FRONTDESK_MAX_ATTACHMENT_BYTES = config.env_int(
        "FRONTDESK_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024, minimum=1
    )
    FRONTDESK_MAX_MESSAGE_BYTES = config.env_int(
        "FRONTDESK_MAX_MESSAGE_BYTES", 25 * 1024 * 1024, minimum=1
    )
    FRONTDESK_MAX_ATTACHMENTS_PER_TICKET = config.env_int(
        "FRONTDESK_MAX_ATTACHMENTS_PER_TICKET", 100, minimum=1
    )
    # File types accepted per channel: groups (images, pdf, office, text, csv, zip) or
    # MIME types, "default" for all of those groups (tickets/attachments.py, docs/attachments.md).
    FRONTDESK_UPLOAD_TYPES = {
        channel: config.env_list(f"FRONTDESK_UPLOAD_TYPES_{channel.upper()}", ["default"])
        for channel in ("email", "portal", "api", "agent", "chat", "phone")
    }
    # Images are re-encoded without metadata; larger ones are refused (decompression bombs).
    FRONTDESK_MAX_IMAGE_PIXELS = config.env_int("FRONTDESK_MAX_IMAGE_PIXELS", 40_000_000, minimum=1)
    # Malware scanning by clamd (tickets/scan.py): a unix socket path or host:port.
    FRONTDESK_CLAMD_SOCKET = config.env_str("FRONTDESK_CLAMD_SOCKET")
    FRONTDESK_CLAMD_TCP = config.env_str("FRONTDESK_CLAMD_TCP")
    FRONTDESK_CLAMD_TIMEOUT = config.env_int("FRONTDESK_CLAMD_TIMEOUT", 60, minimum=1)
    # With a scanner configured, files not (yet) found clean cannot be downloaded.
    FRONTDESK_SCAN_FAIL_CLOSED = config.env_bool("FRONTDESK_SCAN_FAIL_CLOSED", True)
    _email_backend = config.env_str("EMAIL_BACKEND", "")
    FRONTDESK_ACK_LEASE_SECONDS = config.env_int("FRONTDESK_ACK_LEASE_SECONDS", 300, minimum=1)
    # Keys for secrets stored in the database, newest first (core/crypto.py, SECURITY.md 53).
    FRONTDESK_ENCRYPTION_KEY = config.encryption_keys(DATA_DIR)
    # Proxies whose X-Forwarded-For is believed (core/net.py, SECURITY.md 55).
    FRONTDESK_TRUSTED_PROXIES = config.env_networks("FRONTDESK_TRUSTED_PROXIES")
    # API budgets per token and per client IP (core/ratelimit.py); "0/min" switches one off.
    FRONTDESK_API_RATE_READ = config.env_rate("FRONTDESK_API_RATE_READ", "600/min")
    FRONTDESK_API_RATE_WRITE = config.env_rate("FRONTDESK_API_RATE_WRITE", "120/min")
    FRONTDESK_API_RATE_IP_READ = config.env_rate("FRONTDESK_API_RATE_IP_READ", "1200/min")
    FRONTDESK_API_RATE_IP_WRITE = config.env_rate("FRONTDESK_API_RATE_IP_WRITE", "240/min")
    FRONTDESK_API_RATE_FAILED_AUTH = config.env_rate("FRONTDESK_API_RATE_FAILED_AUTH", "20/10min")
    FRONTDESK_AUTOREPLY_LIMIT_PER_HOUR = config.env_int(
        "FRONTDESK_AUTOREPLY_LIMIT_PER_HOUR", 5, minimum=0
    )
    FRONTDESK_EMAIL_DELIVERY_ATTEMPTS = config.env_int(
        "FRONTDESK_EMAIL_DELIVERY_ATTEMPTS", 6, minimum=1, maximum=50
    )
    SECURE_HTTPS = config.env_bool("FRONTDESK_HTTPS", False)
    _ssl_redirect = config.env_bool("FRONTDESK_SSL_REDIRECT", True)
    _log_level = config.env_choice("LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR"})
    TIME_ZONE = config.env_time_zone("TIME_ZONE", "UTC")
    # English plus every compiled catalog in locale/; FRONTDESK_LANGUAGES narrows them
    # (core/languages.py, docs/translating.md): a new language is translation files only.
    LANGUAGES = languages.discover(
        BASE_DIR / "locale", only=config.env_list("FRONTDESK_LANGUAGES", [])
    )
except ConfigError as exc:
    sys.stderr.write(f"frontdesk: configuration error: {exc}\n")
    raise SystemExit(2) from None

if EMAIL_USE_TLS and EMAIL_USE_SSL:
    sys.stderr.write(
        "frontdesk: configuration error: EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other\n"
    )
    raise SystemExit(2)

if _email_backend:
    EMAIL_BACKEND = _email_backend
elif EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    # No mail server configured: outgoing mail is written to files in the data dir.
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = str(DATA_DIR / "outbox")
EMAIL_TIMEOUT = 30

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "frontdesk.core",
    "frontdesk.audit",
    "frontdesk.accounts",
    "frontdesk.customers",
    "frontdesk.tickets",
    "frontdesk.ops",
    "frontdesk.knowledge",
    "frontdesk.sla",
    "frontdesk.resolution",
    "frontdesk.inbox",
    "frontdesk.privacy",
    "frontdesk.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "frontdesk.core.files.StaticFilesMiddleware",
    "frontdesk.core.middleware.SecurityHeadersMiddleware",
    "frontdesk.accounts.middleware.WorkspaceMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "frontdesk.audit.middleware.AuditContextMiddleware",
    "frontdesk.accounts.middleware.TwoFactorEnrolmentMiddleware",
    "frontdesk.accounts.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "frontdesk.urls"
ASGI_APPLICATION = "frontdesk.asgi.application"
AUTH_USER_MODEL = "accounts.User"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LOGIN_URL = "/sign-in/"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontdesk.accounts.context_processors.workspace",
                "frontdesk.sla.context_processors.deadline_alerts",
            ],
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Reset links expire after an hour, are single-use and die with a password change
# (SECURITY.md 7; accounts/passwords.py).
PASSWORD_RESET_TIMEOUT = 3600

LANGUAGE_CODE = "en"
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "files"
# Files are served only through access-checked views: there is no public MEDIA_URL.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Security (SECURITY.md 1-3). HTTPS-only cookies unless running plain HTTP locally.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
if SECURE_HTTPS:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_SSL_REDIRECT = _ssl_redirect
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = FRONTDESK_MAX_MESSAGE_BYTES

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": _log_level},
    "loggers": {"django_tasks_db": {"level": "WARNING"}, "django_tasks": {"level": "WARNING"}},
}
