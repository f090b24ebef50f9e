"""What database this instance runs on, and a status report for `jingtu status`."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlunsplit

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

import jingtu


def database_kind() -> str:
    engine = settings.DATABASES["default"]["ENGINE"]
    return "postgis" if engine.endswith("postgis") else "spatialite"


def ensure_database_dir() -> None:
    if database_kind() == "spatialite":
        Path(settings.DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)


def _masked_url() -> str:
    db = settings.DATABASES["default"]
    netloc = f"{db.get('USER') or ''}{':***' if db.get('PASSWORD') else ''}@{db.get('HOST') or ''}"
    if db.get("PORT"):
        netloc += f":{db['PORT']}"
    return urlunsplit(("postgis", netloc, f"/{db['NAME']}", "", ""))


def status_report() -> dict[str, Any]:
    from jingtu.accounts.models import User
    from jingtu.divisions.models import District
    from jingtu.orgs.models import Organisation

    kind = database_kind()
    database: dict[str, Any] = {"kind": kind}
    if kind == "spatialite":
        database["path"] = str(settings.DATABASES["default"]["NAME"])
    else:
        database["url"] = _masked_url()
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    schema: dict[str, str] = {}
    if MigrationRecorder(connection).has_table():
        for app, name in MigrationRecorder.Migration.objects.values_list("app", "name").order_by(
            "app", "name"
        ):
            schema[app] = name
    counts: dict[str, int] = {}
    if not pending:
        counts = {
            "districts": District.objects.filter(kind=District.Kind.DISTRICT).count(),
            "functional_zones": District.objects.filter(kind=District.Kind.FUNCTIONAL_ZONE).count(),
            "departments": Organisation.objects.filter(category=Organisation.Category.GOVERNMENT).count(),
            "organisations": Organisation.objects.count(),
            "users": User.objects.filter(is_active=True).count(),
        }
    return {
        "jingtu_version": jingtu.__version__,
        "database": database,
        "data_dir": str(settings.DATA_DIR),
        "schema_version": schema,
        "pending_migrations": len(pending),
        "counts": counts,
    }
