"""GCM Hub settings: one file, driven by environment variables (documented in docs/settings.md)."""

import datetime
import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envsecret(name: str) -> str | None:
    """A secret from NAME, or from the file named by NAME_FILE (for container secrets)."""
    if path := os.environ.get(f"{name}_FILE"):
        return Path(path).read_text().strip()
    return os.environ.get(name)


DATA_DIR = Path(os.environ.get("GCMHUB_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the data directory."""
    if key := envsecret("SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "auditlog",
    "axes",
    "csp",
    "gcmhub.core",
    "gcmhub.reference",
    "gcmhub.accounts",
    "gcmhub.workplan",
    "gcmhub.results",
    "gcmhub.fund",
    "gcmhub.knowledge",
    "gcmhub.directory",
    "gcmhub.search",
    "gcmhub.reporting",
    "gcmhub.countries",
    "gcmhub.comms",
    "gcmhub.events",
    # After gcmhub.core: core's `db_worker` (heartbeats, recovery of abandoned jobs) replaces the library's.
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    # First, so it gives every request its id and logs every response (docs/operations.md, "Logs").
    "gcmhub.core.requestlog.RequestLogMiddleware",
    # Compresses pages and API answers; the BREACH mitigations it relies on are in docs/operations.md.
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "gcmhub.accounts.middleware.RememberLanguageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # A domain error a page lets through becomes the translated error page with its 4xx (core/errors.py).
    "gcmhub.core.errors.DomainErrorMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gcmhub.config.urls"
WSGI_APPLICATION = "gcmhub.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
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

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'gcmhub.sqlite3'}"),
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while one writer commits; IMMEDIATE avoids lock-upgrade deadlocks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The lockout backend comes first so a locked-out account+address is refused before its password is checked.
AUTHENTICATION_BACKENDS = [
    "gcmhub.accounts.throttle.SignInLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workplan:home"
LOGOUT_REDIRECT_URL = "workplan:home"

# The six official UN languages; Arabic is laid out right to left.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", "العربية"),
    ("zh-hans", "中文"),
    ("en", "English"),
    ("fr", "Français"),
    ("ru", "Русский"),
    ("es", "Español"),
]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
# Arabic and Chinese number formats that group thousands (gcmhub/config/formats, docs/interface.md).
# Numbers are grouped where a template asks for it (floatformat "g", intcomma), never globally: years and
# ids stay bare.
FORMAT_MODULE_PATH = "gcmhub.config.formats"
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"

SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (so Django knows the request was HTTPS) and
# appends the client's address to X-Forwarded-For (read by the sign-in lockout, never without the proxy).
BEHIND_TLS_PROXY = envbool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HTTPS only (docs/settings.md, "Security"): redirect plain HTTP, and tell browsers to stay on HTTPS.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy (django-csp): scripts only from our own static files. Styles may also be inline
# because server-rendered SVG charts and maps, and the timeline's grid positions, carry their own styles.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Sign-in lockout (django-axes; docs/settings.md, "Security"): after LOGIN_FAILURE_LIMIT failed sign-ins an
# account is locked for the address they came from for LOGIN_COOLOFF_MINUTES; bad API tokens from one
# address are counted the same way (gcmhub/accounts/throttle.py).
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Trying again while locked does not lengthen the lock, so the person can come back after the cool-off.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "gcmhub.accounts.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "gcmhub.accounts.throttle.locked_out"
# Successful sign-ins are already dated on the user (last_login); no second, ever-growing log of them.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Request bodies (docs/settings.md, "Static files and uploads"). Form fields and JSON over MAX_UPLOAD_BYTES,
# or a whole request over MAX_REQUEST_BYTES, are answered 413 before anything reads them; each upload page and
# API has its own per-file limit too. Uploads over 2.5 MB are spooled to a temporary file, not held in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    "gcmhub.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = envsecret("EMAIL_HOST_PASSWORD") or ""
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gcmhub@localhost")
# Days an invitation link to join an organization stays valid (docs/operations.md, "People and roles").
GCMHUB_INVITATION_DAYS = envint("INVITATION_DAYS", 14)

# The shipped work plan and the date its timeframes count from (planned starts and ends derive from it).
SHIPPED_WORKPLAN = PACKAGE_DIR.parent.parent / "data" / "draft-multi-annual-work-plan.txt"
GCMHUB_WORKPLAN_FILE = Path(os.environ.get("GCMHUB_WORKPLAN_FILE", SHIPPED_WORKPLAN))
GCMHUB_PLAN_START = os.environ.get("GCMHUB_PLAN_START", "2019-01-01")

# API pagination (django-ninja's LimitOffsetPagination): default and maximum page sizes.
NINJA_PAGINATION_PER_PAGE = envint("API_PAGE_SIZE", 50)
NINJA_PAGINATION_MAX_LIMIT = envint("API_MAX_PAGE_SIZE", 500)

AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = True

# Logs go to standard error; each line made during a request carries its id. Requests themselves are logged
# one JSON line each by `gcmhub.requests` (GCMHUB_REQUEST_LOG, GCMHUB_REQUEST_LOG_LEVEL; docs/operations.md).
GCMHUB_REQUEST_LOG = envbool("GCMHUB_REQUEST_LOG", True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "gcmhub.core.requestlog.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "gcmhub.core.requestlog.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "text"},
        "requests": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # django-axes logs each successful sign-in at INFO; its warnings (failures, lockouts) are what matter.
        "axes": {"level": "WARNING"},
        "gcmhub.requests": {
            "handlers": ["requests"],
            "level": os.environ.get("GCMHUB_REQUEST_LOG_LEVEL", "INFO"),
            "propagate": False,
        },
    },
}


# Knowledge platform and connection hub (docs/knowledge.md): attachment size limit and peer-review panel.
GCMHUB_ATTACHMENT_MAX_BYTES = envint("ATTACHMENT_MAX_BYTES", 25 * 1024 * 1024)
# The largest request, files included: the largest per-file limit and room for the form's other fields.
GCMHUB_MAX_REQUEST_BYTES = envint(
    "MAX_REQUEST_BYTES", max(GCMHUB_ATTACHMENT_MAX_BYTES, DATA_UPLOAD_MAX_MEMORY_SIZE) + 1024 * 1024
)

# Reading uploaded documents (docs/knowledge.md, "Attachment limits"). Hard limits refuse the file: one part
# of a DOCX/ODT/XLSX unpacked, all parts together, compression ratio, number of parts.
GCMHUB_DOCUMENT_MAX_PART_BYTES = envint("DOCUMENT_MAX_PART_BYTES", 64 * 1024 * 1024)
GCMHUB_DOCUMENT_MAX_UNPACKED_BYTES = envint("DOCUMENT_MAX_UNPACKED_BYTES", 256 * 1024 * 1024)
GCMHUB_DOCUMENT_MAX_RATIO = envint("DOCUMENT_MAX_RATIO", 100)
GCMHUB_DOCUMENT_MAX_PARTS = envint("DOCUMENT_MAX_PARTS", 5000)
# Soft limits stop reading and keep the text read so far: characters, seconds, PDF pages, spreadsheet cells.
GCMHUB_DOCUMENT_MAX_TEXT_CHARS = envint("DOCUMENT_MAX_TEXT_CHARS", 500_000)
GCMHUB_DOCUMENT_MAX_SECONDS = float(os.environ.get("DOCUMENT_MAX_SECONDS", "20"))
GCMHUB_DOCUMENT_MAX_PDF_PAGES = envint("DOCUMENT_MAX_PDF_PAGES", 1000)
GCMHUB_DOCUMENT_MAX_CELLS = envint("DOCUMENT_MAX_CELLS", 200_000)
GCMHUB_REVIEWERS_UN = envint("REVIEWERS_UN", 1)
GCMHUB_REVIEWERS_EXTERNAL = envint("REVIEWERS_EXTERNAL", 2)

# Trust fund (docs/fund.md): an exchange rate further than this many percent from the last rate booked for
# its currency is refused unless the person booking it confirms it.
GCMHUB_FUND_RATE_TOLERANCE_PERCENT = envint("FUND_RATE_TOLERANCE_PERCENT", 10)

# Search (docs/search.md). The engine behind search: "tantivy" (embedded, on this node's disk).
GCMHUB_SEARCH_BACKEND = os.environ.get("GCMHUB_SEARCH_BACKEND", "tantivy")
# This node's index directory; it is derived data, rebuilt with `gcmhub rebuild_index`.
GCMHUB_SEARCH_DIR = Path(os.environ.get("GCMHUB_SEARCH_DIR", DATA_DIR / "search"))
# Seconds between checks of the search outbox before a search (changes made on other nodes).
GCMHUB_SEARCH_SYNC_SECONDS = float(os.environ.get("GCMHUB_SEARCH_SYNC_SECONDS", "2"))
# Apply queued index changes right after each commit in the process that made them.
GCMHUB_SEARCH_APPLY_ON_COMMIT = envbool("GCMHUB_SEARCH_APPLY_ON_COMMIT", True)
# Queue the embedding of changed documents (semantic search) after each commit that changes them.
GCMHUB_EMBED_ON_COMMIT = envbool("GCMHUB_EMBED_ON_COMMIT", True)

# Background jobs (docs/jobs.md): django-tasks with its database backend, run by `gcmhub db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# A failed attempt is retried after this many seconds, doubling each time (at most an hour).
GCMHUB_JOB_RETRY_SECONDS = envint("GCMHUB_JOB_RETRY_SECONDS", 30)
# How often a worker records that it is alive, and how long after its last sign of life its jobs are requeued.
GCMHUB_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("GCMHUB_WORKER_HEARTBEAT_SECONDS", "10"))
GCMHUB_WORKER_LEASE_SECONDS = float(os.environ.get("GCMHUB_WORKER_LEASE_SECONDS", "60"))
# `gcmhub serve` starts a worker beside the web server; turn off where workers run as their own service.
GCMHUB_SERVE_WORKER = envbool("GCMHUB_SERVE_WORKER", True)

# /healthz (docs/operations.md, "Health"): the search index fails the check when it is more than this many
# outbox rows behind the database; without a live worker the answer is "degraded" (200), or a failure (503)
# when a worker is required.
GCMHUB_HEALTH_MAX_INDEX_LAG = envint("GCMHUB_HEALTH_MAX_INDEX_LAG", 1000)
GCMHUB_HEALTH_REQUIRE_WORKER = envbool("GCMHUB_HEALTH_REQUIRE_WORKER", False)
