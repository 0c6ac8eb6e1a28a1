"""Settings for the Partner Management Portal: one module, every knob from the environment (PRODUCT.md §11).

The defaults run on an SQLite file with no broker; production differs only by environment
variables, listed in `.env.example`.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from pms.addresses import portal_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("PMS_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=False)
_DEV_SECRET = "dev-only-insecure-secret-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET if DEBUG else environ.Env.NOTSET)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "pms",
    "audit",
    "partners",
    "certificates",
    "policies",
    "apikeys",
    "devices",
    "mosip_import",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "pms.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "pms.middleware.UserLanguageMiddleware",
    "pms.middleware.PrefetchMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "pms.urls"
WSGI_APPLICATION = "pms.wsgi.application"

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
                "csp.context_processors.nonce",
                "pms.context_processors.portal",
                "notifications.context_processors.bell",
            ],
        },
    },
]

# --- Database: an SQLite file by default, PostgreSQL in production and CI.
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'pms.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions serialize writers, so the audit chain head is never read stale.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env.bool("PMS_DB_JIT", default=False):
        # JIT compilation pays off on long analytical queries, not on the portal's index reads; at national
        # volumes the planner's cost of a count or a search crossed jit_above_cost and paid ~100 ms for nothing.
        options = DATABASES["default"].setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c jit=off".strip()
# The verify API's lookup is a prepared statement (apikeys.selectors.key_to_verify): planning its join costs
# more than running it. Off (PMS_DB_PREPARED_STATEMENTS=false) behind a pooler that cannot keep prepared
# statements (PgBouncer in transaction mode before 1.21). Django's own cursors never prepare either way.
PMS_DB_PREPARED_STATEMENTS = env.bool("PMS_DB_PREPARED_STATEMENTS", default=True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and PMS_DB_PREPARED_STATEMENTS:
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("prepare_threshold", 0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Broker and cache: Redis when configured, otherwise a filesystem broker and a local cache.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(VAR_DIR / "broker"),
        "data_folder_out": str(VAR_DIR / "broker"),
        "processed_folder": str(VAR_DIR / "broker-processed"),
        "control_folder": str(VAR_DIR / "broker-control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {}
)
for _folder in CELERY_BROKER_TRANSPORT_OPTIONS.values():
    if isinstance(_folder, str):
        Path(_folder).mkdir(parents=True, exist_ok=True)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Usage counters of the verify API are counted in this Redis and flushed to the database every
# PMS_USAGE_FLUSH_SECONDS by beat (apikeys/usage.py); empty: one database upsert per call instead.
PMS_USAGE_REDIS_URL = env.str("PMS_USAGE_REDIS_URL", default=REDIS_URL)
PMS_USAGE_FLUSH_SECONDS = env.int("PMS_USAGE_FLUSH_SECONDS", default=5)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "purge-expired-sessions": {
        "task": "pms.tasks.purge_expired_sessions_task",
        "schedule": timedelta(hours=1),
    },
    "seal-audit-chain": {
        "task": "audit.tasks.seal_audit_chain_task",
        "schedule": timedelta(minutes=1),
    },
    "verify-audit-chain": {
        "task": "audit.tasks.verify_audit_chain_task",
        "schedule": timedelta(hours=6),
    },
    "flush-api-key-usage": {
        "task": "apikeys.tasks.flush_api_key_usage_task",
        "schedule": timedelta(seconds=PMS_USAGE_FLUSH_SECONDS),
    },
    "deactivate-expired": {
        "task": "pms.tasks.deactivate_expired_task",
        "schedule": timedelta(hours=1),
    },
    # Expiry notifications (PRODUCT.md §9), at PMS_NOTIFICATION_HOUR in the portal's time zone.
    "send-expiry-notifications": {
        "task": "notifications.tasks.send_expiry_notifications_task",
        "schedule": crontab(minute=0, hour=env.int("PMS_NOTIFICATION_HOUR", default=6)),
    },
    "send-weekly-expiry-summary": {
        "task": "notifications.tasks.send_weekly_summary_task",
        "schedule": crontab(minute=0, hour=env.int("PMS_NOTIFICATION_HOUR", default=6),
                            day_of_week=(env.int("PMS_WEEKLY_SUMMARY_WEEKDAY", default=0) + 1) % 7),
    },
    "purge-notifications": {
        "task": "notifications.tasks.purge_notifications_task",
        "schedule": crontab(minute=30, hour=3),
    },
}

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions read from the shared cache (written through to the database): one query less per page.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Accounts (PRODUCT.md §2)
AUTH_USER_MODEL = "partners.User"
AUTHENTICATION_BACKENDS = ["partners.backends.PortalBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "pms.passwords.MaximumLengthValidator"},
]
# Longer passwords are refused before they are hashed (forms, login, the auth backend): hashing cost grows
# with length for some hashers, so the limit keeps a login form from being used to burn CPU.
PMS_PASSWORD_MAX_LENGTH = env.int("PMS_PASSWORD_MAX_LENGTH", default=1024)
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "partners.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "partners.forms.PartnerSignupForm", "login": "partners.forms.PartnerLoginForm"}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env.str("PMS_EMAIL_VERIFICATION", default="none")  # none | optional | mandatory
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("PMS_LOGIN_RATE_LIMIT", default="10/m/ip,5/300s/key"),
}
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[PMS] "
# Second factor (allauth.mfa): TOTP apps and recovery codes; PMS_MFA_TYPES= (empty) turns it off.
MFA_SUPPORTED_TYPES = env.list("PMS_MFA_TYPES", default=["totp", "recovery_codes"])
MFA_TOTP_ISSUER = "Partner Management Portal"
MFA_ALLOW_UNVERIFIED_EMAIL = ACCOUNT_EMAIL_VERIFICATION != "mandatory"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"

# --- Internationalization (PRODUCT.md §12)
LANGUAGE_CODE = env.str("DEFAULT_LANGUAGE", default="en")
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# The portal's time zone: every date and time is shown in it, with its offset ("14:03 UTC", pms/formats.py).
TIME_ZONE = env.str("TIME_ZONE", default="UTC")
CELERY_TIMEZONE = TIME_ZONE  # beat's daily and weekly jobs, and the days of expiry notifications, follow it
USE_TZ = True
LANGUAGE_COOKIE_NAME = "pms_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365

# --- Static files, vendored (no CDN), served by WhiteNoise.
STATIC_URL = "static/"
STATIC_ROOT = env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Email: console by default; EMAIL_URL=smtp://… in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Partner Portal <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security. With DEBUG=false, `check --deploy` passes given the documented environment.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 8)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
if env.bool("PMS_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Domain knobs (PMS_-prefixed where they are ours).
PMS_TRUST_X_FORWARDED_FOR = env.bool("PMS_TRUST_X_FORWARDED_FOR", default=False)
# The portal's public address, for links in emails sent by background jobs (no request to build them from):
# required and checked when DEBUG is off; in development it follows `runportal --addr` (PMS_ADDR).
PMS_PORTAL_URL = portal_url(env.str("PMS_PORTAL_URL", default=""), debug=DEBUG, addr=env.str("PMS_ADDR", default=""),
                            allowed_hosts=ALLOWED_HOSTS, https_only=SECURE_SSL_REDIRECT)


def _dev_key_encryption_key() -> str:
    """Without DEBUG the key must come from the environment; in development one is kept in var/."""
    from cryptography.fernet import Fernet

    path = VAR_DIR / "dev-key-encryption-key"
    if not path.exists():
        path.write_bytes(Fernet.generate_key())
        path.chmod(0o600)
    return path.read_text().strip()


# Fernet key (urlsafe base64 of 32 bytes) that encrypts the portal CA's private keys at rest (§3.2).
PMS_KEY_ENCRYPTION_KEY = env.str("PMS_KEY_ENCRYPTION_KEY", default="") or (
    _dev_key_encryption_key() if DEBUG else environ.Env.NOTSET)
if PMS_KEY_ENCRYPTION_KEY is environ.Env.NOTSET:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set PMS_KEY_ENCRYPTION_KEY (a Fernet key) when DEBUG is off.")
# `migrate` creates the portal CA when it is missing (tests turn this off to start from an empty database).
PMS_CREATE_PORTAL_CA_ON_MIGRATE = env.bool("PMS_CREATE_PORTAL_CA_ON_MIGRATE", default=True)
CA_CERT_MIN_VALIDITY_DAYS = env.int("CA_CERT_MIN_VALIDITY_DAYS", default=365)
PARTNER_CERT_MIN_VALIDITY_DAYS = env.int("PARTNER_CERT_MIN_VALIDITY_DAYS", default=335)
SIGNED_CERT_VALIDITY_DAYS = env.int("SIGNED_CERT_VALIDITY_DAYS", default=365)
PMS_CERT_UPLOAD_MAX_BYTES = env.int("PMS_CERT_UPLOAD_MAX_BYTES", default=1024 * 1024)
API_KEY_EXPIRY_DAYS = env.int("API_KEY_EXPIRY_DAYS", default=36500)
# Requests per client IP to POST /api/v1/apikeys/verify ("N/s", "N/m" or "N/h"; empty: no limit).
PMS_VERIFY_RATE_LIMIT = env.str("PMS_VERIFY_RATE_LIMIT", default="600/m")
# When set, the authentication service must send "Authorization: Bearer <token>" to the verify API.
PMS_VERIFY_API_TOKEN = env.str("PMS_VERIFY_API_TOKEN", default="")
# Expiry notifications (PRODUCT.md §9): the weekly summary's first day (0 = Monday … 6 = Sunday), email retries
# (exponential back-off from the delay, in seconds) and how long portal notices are kept.
PMS_WEEKLY_SUMMARY_WEEKDAY = env.int("PMS_WEEKLY_SUMMARY_WEEKDAY", default=0)
PMS_NOTIFICATION_EMAIL_RETRIES = env.int("PMS_NOTIFICATION_EMAIL_RETRIES", default=5)
PMS_NOTIFICATION_EMAIL_RETRY_DELAY = env.int("PMS_NOTIFICATION_EMAIL_RETRY_DELAY", default=60)
PMS_NOTIFICATION_RETENTION_DAYS = env.int("PMS_NOTIFICATION_RETENTION_DAYS", default=60)
# Seconds a user's bell (unread count, latest notices) is kept in the shared cache; every change to their
# notices forgets it at once. 0 turns it off; off by default without Redis (workers would not share it).
PMS_BELL_CACHE_SECONDS = env.int("PMS_BELL_CACHE_SECONDS", default=60 if REDIS_URL else 0)
