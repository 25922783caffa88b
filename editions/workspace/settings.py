"""Django settings of the workspace, built from the project it serves.

Everything a volunteer's safety asks for is a default here: no DEBUG, loopback hosts only, a
Content-Security-Policy that allows nothing but the workspace itself, no referrer, no framing,
cookies a script cannot read. ``editions workspace`` sets the environment variables below.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

from editions.project import find_root

#: The project served: the folder with conf.py (``editions workspace`` sets it).
EDITIONS_PROJECT_ROOT = Path(os.environ.get("EDITIONS_PROJECT_ROOT") or find_root())
#: What the workspace keeps beside the PO files (database, secret key): never committed.
STATE_DIR = Path(os.environ.get("EDITIONS_WORKSPACE_STATE") or EDITIONS_PROJECT_ROOT / ".workspace")
#: Hours after which a claim on a statement lapses when nobody saved anything in it.
EDITIONS_CLAIM_HOURS = int(os.environ.get("EDITIONS_CLAIM_HOURS", "72"))
#: After a change, seconds without another before the site is rebuilt (changes made in
#: quick succession make one build), and at most after the first change (rebuilds.py).
EDITIONS_REBUILD_SETTLE = float(os.environ.get("EDITIONS_REBUILD_SETTLE", "2"))
EDITIONS_REBUILD_LONGEST = float(os.environ.get("EDITIONS_REBUILD_LONGEST", "20"))
#: Until accounts arrive (teams), whoever reaches the workspace may translate: the server
#: listens on loopback unless a coordinator opens it on purpose (see README).
EDITIONS_WORKSPACE_OPEN = True


def _secret_key() -> str:
    """From the environment, else from a file made once with 0600 permissions."""
    if os.environ.get("EDITIONS_WORKSPACE_SECRET_KEY"):
        return os.environ["EDITIONS_WORKSPACE_SECRET_KEY"]
    path = STATE_DIR / "secret_key"
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        STATE_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)  # (server.secure_state)
        key = secrets.token_urlsafe(50)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="ascii") as handle:
            handle.write(key)
        return key


SECRET_KEY = _secret_key()
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("EDITIONS_WORKSPACE_HOSTS", "").split(",") if h] or [
    "127.0.0.1", "localhost", "[::1]",
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "editions.workspace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before sessions and CSRF: a flood of password guesses is answered "busy" for nothing.
    "editions.workspace.middleware.LoginFloodMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "editions.workspace.sessions.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # (After the locale: its 403 page in the visitor's language.)
    "editions.workspace.middleware.TeamlessProxyMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "editions.workspace.middleware.CatalogErrorMiddleware",
    "editions.workspace.middleware.PrivacyHeadersMiddleware",
    # Last: its 400 gets every header above, and it reads the form before CSRF does.
    "editions.workspace.middleware.UnreadableBodyMiddleware",
]

ROOT_URLCONF = "editions.workspace.urls"
LOGIN_URL = "workspace:login"
LOGIN_REDIRECT_URL = "workspace:languages"
LOGOUT_REDIRECT_URL = "workspace:login"

# Passwords: Argon2 (argon2-cffi; Django's, an anonymous attempt's work at low priority:
# signin.py), Django's own validators.
PASSWORD_HASHERS = [
    "editions.workspace.signin.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
WSGI_APPLICATION = "editions.workspace.wsgi.application"

TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.template.context_processors.csrf",
        "django.template.context_processors.i18n",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "editions.workspace.context.interface",
    ]},
}]

# SQLite in .workspace/ by default; a team's server may use PostgreSQL instead:
# EDITIONS_WORKSPACE_DATABASE_URL=postgres://user:password@127.0.0.1:5432/workspace
DATABASES = {"default": dj_database_url.parse(
    os.environ["EDITIONS_WORKSPACE_DATABASE_URL"], conn_max_age=60,
) if os.environ.get("EDITIONS_WORKSPACE_DATABASE_URL") else {
    "ENGINE": "django.db.backends.sqlite3",
    "NAME": os.environ.get("EDITIONS_WORKSPACE_DB") or STATE_DIR / "workspace.sqlite3",
    # Several server processes share it: writers queue (IMMEDIATE, a 20 s wait) instead of
    # failing with "database is locked", and readers never wait for them (WAL).
    "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL;"},
}}

# The interface in every language the workspace has a translation for (gettext, locale/).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"), ("fr", "Français"), ("es", "Español"), ("de", "Deutsch"),
    ("ar", "العربية"), ("uk", "Українська"),
]
LANGUAGE_COOKIE_SAMESITE = "Strict"
LANGUAGE_COOKIE_HTTPONLY = True
# Compiled at start-up from the package's locale/ PO files (apps.py), where they may be written.
LOCALE_PATHS = [STATE_DIR / "interface-locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

STATIC_URL = "/static/"
# Every asset comes from the package itself, found where it lies (no collectstatic step).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = False

# A volunteer's safety: nothing from another host, nothing that leaks where they came from.
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
    "base-uri": ["'none'"],
    "object-src": ["'none'"],
}}
# "same-origin": no other host learns where a volunteer came from, and the workspace's own
# forms keep their Origin (with "no-referrer" browsers send "Origin: null", which CSRF refuses).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_HTTPONLY = True
# Behind HTTPS (a coordinator's reverse proxy, which says so in X-Forwarded-Proto), cookies
# travel only over it, and the forms' https:// Origin is the workspace's own.
_BEHIND_HTTPS = os.environ.get("EDITIONS_WORKSPACE_HTTPS") == "1"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = _BEHIND_HTTPS
if _BEHIND_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # Browsers then refuse plain HTTP to this host for a year, even from a typed address or
    # an old link: no first request travels in clear for someone on the network to answer.
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS if "*" not in host]
# Nothing outlives the browser session: no session cookie kept on the device after it
# closes, no CSRF cookie for a year. The server ends a session on its own too (a browser
# left open, a cookie copied): 12 hours after its last request, 7 days after its sign-in.
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ENGINE = "editions.workspace.sessions"  # (keys kept as digests: see sessions.py)
SESSION_COOKIE_AGE = 12 * 3600
EDITIONS_SESSION_MAX_DAYS = 7
CSRF_COOKIE_AGE = None
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
# A file sent (a statement's text, at the desk) stays in memory, bounded (uploads.py).
FILE_UPLOAD_HANDLERS = ["editions.workspace.uploads.BoundedMemoryUploadHandler"]

# No IP address, no user agent, no invitation token, no traceback: only errors, one short
# line each (logs.py), on standard error. waitress's own messages go the same way.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"one_line": {"()": "editions.workspace.logs.OneLineFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "one_line"}},
    # (The project's own loggers too: without a handler, Python's last resort wrote their
    # errors as they came, lines and tokens included.)
    "loggers": {"django": {"handlers": ["console"], "level": "ERROR"},
                "waitress": {"handlers": ["console"], "level": "WARNING",
                             "propagate": False},
                "editions": {"handlers": ["console"], "level": "WARNING",
                             "propagate": False}},
}
