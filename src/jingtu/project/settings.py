"""Django settings for Jingtu.

Embedded default: a SpatiaLite file in JINGTU_DATA_DIR. At scale: PostgreSQL + PostGIS via DATABASE_URL.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

import dj_database_url
import platformdirs
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # the jingtu package
if not os.environ.get("JINGTU_DATA_DIR") and os.environ.get("PYTEST_VERSION"):
    # a test run never touches the user's real data directory (pytest-django reads settings before conftest)
    os.environ["JINGTU_DATA_DIR"] = tempfile.mkdtemp(prefix="jingtu-test-")
DATA_DIR = Path(os.environ.get("JINGTU_DATA_DIR") or platformdirs.user_data_dir("jingtu", appauthor=False))


def _secret_key() -> str:
    if os.environ.get("JINGTU_SECRET_KEY"):
        return os.environ["JINGTU_SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    try:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        if not path.exists():
            path.write_text(secrets.token_urlsafe(50))
            path.chmod(0o600)
        return path.read_text().strip()
    except OSError:  # read-only data dir: a per-process key (sessions do not survive a restart)
        return secrets.token_urlsafe(50)


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("JINGTU_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h for h in os.environ.get("JINGTU_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("JINGTU_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.gis",
    "rest_framework",
    "rest_framework_gis",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "leaflet",
    "simple_history",
    "django_htmx",
    "jingtu.core",
    "jingtu.accounts",
    "jingtu.divisions",
    "jingtu.orgs",
    "jingtu.plots",
    "jingtu.plans",
    "jingtu.labdata",
    "jingtu.risk",
    "jingtu.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "jingtu.project.urls"
WSGI_APPLICATION = "jingtu.project.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "jingtu.web.context.site",
            ],
        },
    },
]


def _databases() -> dict[str, dict[str, object]]:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        if not url.startswith(("postgis://", "postgres://", "postgresql://")):
            raise RuntimeError(f"DATABASE_URL must be postgis://…, got {url.split(':', 1)[0]}://")
        cfg = dj_database_url.parse(url, conn_max_age=60)
        cfg["ENGINE"] = "django.contrib.gis.db.backends.postgis"
        cfg.setdefault("TEST", {})["NAME"] = os.environ.get("JINGTU_TEST_DB", "test_jingtu")  # type: ignore[index]
        return {"default": dict(cfg)}
    return {
        "default": {
            "ENGINE": "django.contrib.gis.db.backends.spatialite",
            "NAME": str(DATA_DIR / "jingtu.sqlite3"),
            # WAL + synchronous=NORMAL: 5x faster autocommit writes (shared/notes/stack.md §5d)
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20},
        }
    }


DATABASES = _databases()
SPATIALITE_LIBRARY_PATH = "mod_spatialite"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# Debian bookworm ships GDAL 3.6; Django 5.2 warns below 3.9 that GDAL cannot block file/network access.
# Accepted deliberately: SRIDs are only taken from jingtu.engines.geo's allow-list, never from user strings.
SILENCED_SYSTEM_CHECKS = ["gis.W001"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
try:  # WhiteNoise warns on every start when STATIC_ROOT is missing, even though it serves from the finders
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
except OSError:
    pass
WHITENOISE_USE_FINDERS = True  # serve straight from app static dirs: no collectstatic needed for the demo
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],  # reads are scoped per object
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jingtu (净土) API",
    "DESCRIPTION": "Open API of the Jingtu soil-pollution prevention and control platform.",
    "VERSION": "0.1.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Map. No online tiles by default (intranet-first); JINGTU_TILE_URL enables e.g. 天地图 with its key.
JINGTU_TILE_URL = os.environ.get("JINGTU_TILE_URL", "")
JINGTU_TILE_ATTRIBUTION = os.environ.get("JINGTU_TILE_ATTRIBUTION", "")
LEAFLET_CONFIG = {
    "TILES": [(_("Basemap"), JINGTU_TILE_URL, {"attribution": JINGTU_TILE_ATTRIBUTION})]
    if JINGTU_TILE_URL
    else [],
    "DEFAULT_CENTER": (40.19, 116.41),
    "DEFAULT_ZOOM": 8,
    "RESET_VIEW": False,
    "SRID": 4326,
}
# Projected CRS for areas and distances: CGCS2000 3-degree Gauss-Krueger, CM 117E (docs/geo.md).
JINGTU_PROJECTED_SRID = int(os.environ.get("JINGTU_PROJECTED_SRID", "4548"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("JINGTU_LOG_LEVEL", "WARNING")},
}
