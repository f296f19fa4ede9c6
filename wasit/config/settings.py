"""Django settings for Wasit.

Every value a deployment may change comes from an environment variable;
`docs/settings.md` lists them and a test checks that the list is complete.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path
from typing import Any

import dj_database_url

from wasit.config.paths import DataFolderError, data_dir, ensure_data_dir, private_file, secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


DATA_DIR = data_dir()
# Offline commands (`wasit verify --export FILE`) read a file and nothing else:
# they must not create a data folder, a key or a database where they run.
OFFLINE = _env_bool("WASIT_OFFLINE")
if not OFFLINE:
    try:
        ensure_data_dir(DATA_DIR)
    except DataFolderError as exc:  # one clear line, not a traceback
        sys.stderr.write(f"wasit: {exc}\n")
        raise SystemExit(2) from None

SECRET_KEY = secrets.token_urlsafe(50) if OFFLINE else secret_key(DATA_DIR)
DEBUG = _env_bool("WASIT_DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("WASIT_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("WASIT_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "wasit.audit",
    "wasit.policy",
    "wasit.accounts",
    "wasit.talks",
    "wasit.caucus",
    "wasit.packages",
    "wasit.agenda",
    "wasit.schedule",
    "wasit.positions",
    "wasit.texts",
    "wasit.offers",
    "wasit.record",
    "wasit.notifications",
    "wasit.invitations",
    "wasit.live",
    "wasit.idempotency",
    "wasit.web",
    "wasit.cli",
    # The background queue (`wasit worker`): django-tasks with its database backend.
    "django_tasks",
    "django_tasks_db",
]

# The headers, the body limit and the language are decided by
# `wasit.web.pipeline`, which the fast ASGI path (`wasit.live.asgi`) calls too.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "wasit.web.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "wasit.web.middleware.BodySizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The viewer's calendar and digits for dates (`wasit.schedule.display`).
    "wasit.schedule.middleware.DisplayMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "wasit.accounts.middleware.RequireTwoFactorMiddleware",
]

ROOT_URLCONF = "wasit.config.urls"
ASGI_APPLICATION = "wasit.config.asgi.application"

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
            ],
        },
    },
]

# SQLite by default, in WAL mode so readers never wait for the writer;
# DATABASE_URL selects PostgreSQL.
_sqlite_path = DATA_DIR / "wasit.sqlite3"
if not os.environ.get("DATABASE_URL") and not OFFLINE:
    private_file(_sqlite_path)
DATABASES: dict[str, Any] = {
    "default": dj_database_url.parse(os.environ["DATABASE_URL"])
    if os.environ.get("DATABASE_URL")
    else {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(_sqlite_path),
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so two writers never
            # deadlock upgrading a read lock, and the event chain's head read
            # inside a transaction is always the latest.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
        },
    }
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Parameters travel apart from the SQL instead of being quoted into it
    # in Python: sealed texts are long, and quoting them cost the writer more
    # CPU than PostgreSQL spent on the whole insert.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True
    # The hot path runs the same few statements over and over; planning them
    # cost PostgreSQL more than running them (0.45 against 0.10 ms for a
    # relay's mail recipients). psycopg prepares a statement on its fifth
    # run on a connection, and PostgreSQL then reuses the plan.
    DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 5)
    # A bounded pool per process instead of persistent connections: under
    # ASGI each request may run on a thread of its own, and a persistent
    # connection left on a finished thread is never reused nor closed, so a
    # busy server ran PostgreSQL out of connections. A request returns its
    # connection to the pool when it ends.
    # One-shot commands (`wasit verify`, `check`, ...) connect once and need no pool.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    if _env_bool("WASIT_DB_POOL", True):
        # Django checks each connection as it leaves the pool, so one broken by
        # a database restart is replaced, not handed out.
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": 1, "max_size": int(os.environ.get("WASIT_DB_POOL_SIZE", "20")), "timeout": 10}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# An operator can require every mediator to log in with an authenticator app.
WASIT_REQUIRE_2FA_FOR_MEDIATORS = _env_bool("WASIT_REQUIRE_2FA_FOR_MEDIATORS")
# How long an invitation link works (hours); resending gives a new link and a new period.
WASIT_INVITATION_HOURS = float(os.environ.get("WASIT_INVITATION_HOURS", "72"))
# The package engine's budget for one frontier computation in a request (docs/settings.md).
WASIT_ENGINE_SECONDS = float(os.environ.get("WASIT_ENGINE_SECONDS", "2"))
WASIT_ENGINE_MEMORY_MB = float(os.environ.get("WASIT_ENGINE_MEMORY_MB", "512"))

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "talks:list"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling: five failures for one account from one address lock that
# pair for fifteen minutes; the lockout page says so plainly.
AXES_FAILURE_LIMIT = int(os.environ.get("WASIT_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("WASIT_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("WASIT_PROXY_COUNT", "0")) or None

# Mail (invitations, password resets, notifications) leaves through the outbox
# and `wasit worker`. Without WASIT_EMAIL_HOST each mail is written as a file
# into <data>/mail/, which suits the demo (no SMTP server needed);
# WASIT_EMAIL_BACKEND=console prints them instead. Set the SMTP variables in production.
_mail_sink = os.environ.get("WASIT_EMAIL_BACKEND", "file").strip().lower()
EMAIL_BACKEND = ("django.core.mail.backends.smtp.EmailBackend" if os.environ.get("WASIT_EMAIL_HOST")
                 else "django.core.mail.backends.console.EmailBackend" if _mail_sink == "console"
                 else "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("WASIT_EMAIL_FILE_PATH", str(DATA_DIR / "mail"))
# Bounds each network step of an SMTP exchange, so a hung server cannot keep a
# mail past its claim (`wasit.notifications.delivery.LEASE`).
EMAIL_TIMEOUT = int(os.environ.get("WASIT_EMAIL_TIMEOUT", "30"))
EMAIL_HOST = os.environ.get("WASIT_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("WASIT_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("WASIT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("WASIT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("WASIT_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("WASIT_EMAIL_FROM", "wasit@localhost")
PASSWORD_RESET_TIMEOUT = int(os.environ.get("WASIT_PASSWORD_RESET_SECONDS", str(2 * 3600)))
# The address people reach Wasit at: links in mails are absolute, made from it.
WASIT_BASE_URL = os.environ.get("WASIT_BASE_URL", "http://127.0.0.1:8000").strip() or "http://127.0.0.1:8000"

# Background tasks (mail delivery; later, hotline escalation) wait in the
# database and are run by `wasit worker`.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default", "mail"],
    },
}

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ar", "العربية"), ("fa", "فارسی")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# The languages people write content in (titles, names, venues), in fallback
# order; stored as JSON per field, so adding one needs no migration.
WASIT_CONTENT_LANGUAGES = tuple(
    lang.strip() for lang in os.environ.get("WASIT_CONTENT_LANGUAGES", "en,ar,fa").split(",") if lang.strip())
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_NAME = "wasit_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
if not OFFLINE:
    STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns on every start otherwise
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Security defaults. TLS-only settings switch on with WASIT_TLS, because the
# demo serves plain HTTP on 127.0.0.1 and a Secure cookie would never return.
_tls = _env_bool("WASIT_TLS")
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _tls
SESSION_COOKIE_AGE = int(os.environ.get("WASIT_SESSION_IDLE_SECONDS", str(8 * 3600)))
SESSION_SAVE_EVERY_REQUEST = True  # expiry counts from the last request: inactivity
CSRF_COOKIE_SECURE = _tls
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 31536000 if _tls else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = _tls
SECURE_SSL_REDIRECT = _tls and _env_bool("WASIT_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _tls else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sent on every page and every JSON answer, by both doors. No inline script
# or style anywhere: htmx and Wasit's scripts and styles come from /static/,
# and the live stream (EventSource) and htmx requests go to this origin.
WASIT_CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
WASIT_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=()"

# Request size limits: both doors refuse larger bodies with 413 before
# reading them whole (`wasit.web.pipeline.max_body`). One setting for both.
DATA_UPLOAD_MAX_MEMORY_SIZE = 256 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200

LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("WASIT_LOG_LEVEL", "WARNING")},
}
