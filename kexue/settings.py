"""Kexue settings: one module, every deployment value read from the environment.

Development needs no variables at all (SQLite under ./data, console mail, local
memory cache). Production sets DJANGO_DEBUG=0 and must then provide a secret
key; `.env.example` documents every variable read here.
"""

import os
import re
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# The top of the checkout. An installed package has none around it (this is then
# site-packages), so an installed site sets KEXUE_DATA_DIR (docs/deploy.md).
BASE_DIR = Path(__file__).resolve().parent.parent
# templates/, static/ and locale/ sit at the top of the checkout; the wheel carries them
# inside the package as kexue/project/ (setup.py says why), so an installed site finds
# them through the package wherever it runs.
SHIPPED_FILES_DIR = Path(__file__).resolve().parent / "project"
PROJECT_FILES_DIR = SHIPPED_FILES_DIR if SHIPPED_FILES_DIR.is_dir() else BASE_DIR


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off; "
            "see .env.example for how to generate one."
        )
    SECRET_KEY = "kexue-development-only-not-secret"  # noqa: S105 - used only with DEBUG on

# Behind a TLS-terminating proxy (nginx, a load balancer) that sets this header.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
# Opt-in: both bind every subdomain, and a preloaded domain stays in browsers'
# lists for months after it asks to leave (docs/deploy.md, section 5).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
# `check --deploy` recommends both; leaving them off is the operator's choice
# above, not an oversight, so the warnings stay quiet until they opt in.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "kexue.security.csrf_failure"
# The site's address for links in mail written outside a request (new-post
# mail from send_new_posts), e.g. https://blog.example.org.
KEXUE_SITE_URL = os.environ.get("KEXUE_SITE_URL", "http://localhost:8000" if DEBUG else "")

DATA_DIR = Path(os.environ.get("KEXUE_DATA_DIR", BASE_DIR / "data"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "mptt",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "kexue",
    "kexue.outbox",
    "members",
    "blog",
    "comments",
    # Last: the one layer that may import every app above (docs/architecture.md).
    "kexue.sitewide",
]
# Benchmarks, soak test and backup drill: never part of a production install
# unless asked for (make bench and make soak run production settings with it).
if DEBUG or env_bool("KEXUE_DEVTOOLS", False):
    INSTALLED_APPS.append("kexue.devtools")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "kexue.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the page cache, so a miss renders from a replica; inert without replicas.
    "kexue.sitewide.replica_reads.ReplicaReadsMiddleware",
    # Before sessions and auth: a cache hit for an anonymous reader costs no query.
    "kexue.sitewide.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Inside CommonMiddleware, so an old /archives/12.html is answered before
    # APPEND_SLASH turns its 404 into a redirect to /archives/12.html/.
    "blog.legacy.LegacyRedirectMiddleware",
    # CSRF for every POST, guests' included: other sites refused (Origin,
    # Sec-Fetch-Site), then Django's token check.
    "kexue.security.CrossSiteRefusalMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # After authentication: staff reach the admin only with a second factor.
    "members.second_factor.StaffSecondFactorMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last: a visitor with a session gets the cached page with their own parts
    # filled in, once every middleware above knows who they are.
    "kexue.sitewide.page_cache.PersonalPageMiddleware",
]

ROOT_URLCONF = "kexue.urls"
WSGI_APPLICATION = "kexue.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_FILES_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kexue.context_processors.site",
                "kexue.sitewide.context_processors.content",
            ],
        },
    },
]

# Database: PostgreSQL in production and tests; an embedded SQLite file when
# DATABASE_URL is unset, so a newcomer sees the site with one command.
if not os.environ.get("DATABASE_URL"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # a fresh clone has no data/ yet
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'kexue.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Anonymous readers' pages are cached this long at most (0 turns it off);
# any content change invalidates them sooner (kexue/caching.py).
KEXUE_PAGE_CACHE_SECONDS = int(os.environ.get("KEXUE_PAGE_CACHE_SECONDS", "600"))
# A thread's follower gets at most one digest of new comments this often
# (comments/digests.py, queued by `send_follow_digests`).
KEXUE_FOLLOW_DIGEST_MINUTES = int(os.environ.get("KEXUE_FOLLOW_DIGEST_MINUTES", "60"))
# The MathJax that Node runs to store each formula's MathML when a text is saved
# (kexue/markup/mathml.py): the pages' own vendored copy, so both read TeX alike.
KEXUE_MATHJAX_DIR = PROJECT_FILES_DIR / "static" / "vendor" / "mathjax"
# Benchmarks only (`make bench`): serve /bench/floor/, a trivial view whose speed
# is the framework's floor that the real pages are measured against.
KEXUE_BENCH_FLOOR = env_bool("KEXUE_BENCH_FLOOR", False)

# kexue/wsgi.py sets a statement timeout for web requests, so one runaway query
# cannot hold a worker; management commands (migrations, reindexing) run without.
STATEMENT_TIMEOUT_MS = int(os.environ.get("KEXUE_STATEMENT_TIMEOUT_MS", "0"))
if STATEMENT_TIMEOUT_MS and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["OPTIONS"] = {"options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}"}

# PostgreSQL streaming replicas (comma-separated URLs), read by public pages
# through kexue/db_router.py; writes, the admin, the account pages and a
# writer's next requests stay on the primary. Aliases replica1, replica2, ...
DATABASE_REPLICAS = []
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    replica = dj_database_url.parse(url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
                                    conn_health_checks=True)  # fmt: skip
    # A replica that does not answer within this is skipped for a while.
    replica["OPTIONS"] = {**DATABASES["default"].get("OPTIONS", {}), "connect_timeout": 2}
    # Tests never create a database on a replica (it is read-only): the alias
    # reads the test database, and the replica harness (make test-replica)
    # points it at a real replica instead.
    replica["TEST"] = {"MIRROR": "default"}
    DATABASES[f"replica{number}"] = replica
    DATABASE_REPLICAS.append(f"replica{number}")
DATABASE_ROUTERS = ["kexue.db_router.ReplicaRouter"] if DATABASE_REPLICAS else []
# A replica further behind than this is not read; after any change readers see,
# pages are built from the primary for this long.
DATABASE_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("DATABASE_REPLICA_MAX_LAG_SECONDS", "2"))
# Each process checks each replica's lag at most this often.
DATABASE_REPLICA_CHECK_SECONDS = float(os.environ.get("DATABASE_REPLICA_CHECK_SECONDS", "3"))
# After a POST or a write, that visitor reads the primary for this long.
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "5"))

# Two caches, which every process must share (kexue/caching.py says why).
# "default" holds what must never be evicted: rate-limit counters (allauth's
# and the comments'), the content version, site settings (sessions are in
# the database). "pages" holds anonymous readers' pages and shared fragments,
# rebuilt at will, so it may evict. Redis when REDIS_URL is set, and a second
# Redis whose maxmemory-policy evicts at REDIS_PAGES_URL (without it, each
# process keeps its own bounded page cache); else two tables in the database
# in production (made by `migrate`, kexue/apps.py); per-process memory in
# development.
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_PAGES_URL = os.environ.get("REDIS_PAGES_URL", "")
PROCESS_PAGE_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "kexue-pages",  # apart from the default locmem cache's store
    "OPTIONS": {"MAX_ENTRIES": 1000},
}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "kexue.redis_cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "kexue",
        },
        "pages": {
            "BACKEND": "kexue.redis_cache.SharedClientRedisCache",
            "LOCATION": REDIS_PAGES_URL,
            "KEY_PREFIX": "kexue",
        }
        if REDIS_PAGES_URL
        else PROCESS_PAGE_CACHE,
    }
elif not DEBUG:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kexue_cache",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "kexue_page_cache",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": PROCESS_PAGE_CACHE,
    }

AUTH_USER_MODEL = "members.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_REDIRECT_URL = "/"

# django-allauth (65.x setting names).
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# Every rate limit of the site, counted in the default cache (never evicted;
# shared through Redis when REDIS_URL is set), per client address ("ip"), per
# login/e-mail ("key") or per member ("user"); an exhausted limit answers 429.
# Comments (comments/limits.py): members per member, so a classroom behind
# one address can discuss at once; guests per address. docs/deploy.md lists them.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "comment_member": "5/m/user",
    "comment_guest": "8/m/ip",
    "comment_preview_member": "30/m/user",
    "comment_preview_guest": "30/m/ip",
    # A guest asking to follow a discussion, per address and per e-mail given.
    "follow_guest": "10/h/ip,5/h/key",
    # Subscribing to new posts (blog/subscriptions.py): requests per client
    # address, and confirmation mails per e-mail address, whoever asks.
    "subscribe": "10/m/ip",
    "subscribe_confirmation": "1/10m/key",
}
# Behind N reverse proxies the client address is the Nth X-Forwarded-For entry
# from the right; 0 trusts no header and uses the connection's address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("ALLAUTH_TRUSTED_PROXY_COUNT", "0"))
LOGIN_URL = "account_login"

# Two-factor sign-in (allauth.mfa) for every member who wants it, required for
# staff before the admin opens (members/second_factor.py): an authenticator
# app, security keys and passkeys (WebAuthn, as the second step only; signing
# in with a passkey alone stays off, docs/members.md says why), recovery codes.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
# WebAuthn wants an https origin; development serves http://localhost.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_ADAPTER = "members.mfa_adapter.MFAAdapter"  # the site's name labels the app's entry
# A phone's clock may be a period off; a code still works once only.
MFA_TOTP_TOLERANCE = 1

# Internationalisation: Simplified Chinese first, English on request.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [PROJECT_FILES_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PROJECT_FILES_DIR / "static"]
# Like the SQLite file and media, collected files go under the data directory by default.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "staticfiles"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Mail: the console in development, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kexue <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL


def image_hosts(name):
    """Origins besides our own that pages may show images from (`KEXUE_IMAGE_HOSTS`).

    An imported blog's posts may keep pointing at images on its old host or a
    CDN; the operator lists those origins rather than opening img-src to every
    site. Only https origins are accepted, so a typo cannot widen the policy.
    """
    hosts = env_list(name)
    for host in hosts:
        if not re.fullmatch(r"https://(\*\.)?[a-z0-9.-]+(:\d+)?", host):
            raise ImproperlyConfigured(
                f"{name}: {host!r} is not an https origin such as https://images.example.org"
            )
    return hosts


# Content-Security-Policy: no inline script anywhere, so user text can never
# run. MathJax's CommonHTML output writes its font and layout rules into
# <style> elements and style attributes at run time, the one reason styles
# may be inline; sanitized text carries no <style> and no style= beyond table
# alignment.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", *image_hosts("KEXUE_IMAGE_HOSTS")],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"jieba": {"level": "WARNING"}},
}
