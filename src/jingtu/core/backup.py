"""Backup and restore of the whole instance: database (SpatiaLite file or PostGIS dump) + uploaded files."""

from __future__ import annotations

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

import jingtu
from jingtu.core.dbinfo import database_kind

MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _pg_env() -> tuple[list[str], dict[str, str]]:
    db = settings.DATABASES["default"]
    args = ["-h", str(db.get("HOST") or "127.0.0.1"), "-p", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return args, env


def _run(cmd: list[str], env: dict[str, str]) -> None:
    if shutil.which(cmd[0]) is None:
        raise BackupError(
            f"{cmd[0]} not found: install the PostgreSQL client (apt-get install postgresql-client)"
        )
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise BackupError(f"{cmd[0]} failed: {proc.stderr.strip()[-800:]}")


def make_backup(out: Path) -> dict[str, Any]:
    kind = database_kind()
    manifest: dict[str, Any] = {
        "format": "jingtu-backup/1",
        "jingtu_version": jingtu.__version__,
        "database": kind,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        if kind == "spatialite":
            db_file = tmpdir / "database.sqlite3"
            connections["default"].close()
            src = sqlite3.connect(settings.DATABASES["default"]["NAME"])
            dst = sqlite3.connect(db_file)
            with dst:
                src.backup(dst)  # consistent online copy, WAL included
            src.close()
            dst.close()
        else:
            db_file = tmpdir / "database.pgdump"
            args, env = _pg_env()
            _run(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    *args,
                    "-f",
                    str(db_file),
                    str(settings.DATABASES["default"]["NAME"]),
                ],
                env,
            )
        out.parent.mkdir(parents=True, exist_ok=True)
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            tar.add(db_file, arcname=db_file.name)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                tar.add(media, arcname="media")
        partial.replace(out)
    return manifest


def _safe_extract(tar: tarfile.TarFile, dest: Path, archive: Path) -> None:
    """Extract only plain files and folders inside `dest`.

    tarfile's extraction filters arrived in Python 3.11.4; Debian 12 ships 3.11.2, so the check is done here.
    """
    root = dest.resolve()
    members = tar.getmembers()
    for m in members:
        target = (dest / m.name).resolve()
        if not (m.isfile() or m.isdir()) or (target != root and root not in target.parents):
            raise BackupError(f"{archive}: refusing unsafe archive member {m.name!r}")
    for m in members:
        m.mode = (m.mode | 0o600) & 0o755  # no set-uid bits, always readable by us
    if hasattr(tarfile, "data_filter"):
        tar.extractall(dest, members=members, filter="data")
    else:
        tar.extractall(dest, members=members)  # members checked above


def restore_backup(archive: Path) -> dict[str, Any]:
    kind = database_kind()
    try:
        tar = tarfile.open(archive, "r:gz")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"{archive}: not a Jingtu backup ({exc})") from exc
    with tar, tempfile.TemporaryDirectory() as tmp:
        try:
            manifest = json.loads(tar.extractfile(MANIFEST).read())  # type: ignore[union-attr]
        except (KeyError, AttributeError, ValueError) as exc:
            raise BackupError(f"{archive}: no valid {MANIFEST}; not a Jingtu backup") from exc
        if manifest.get("format") != "jingtu-backup/1":
            raise BackupError(f"{archive}: unknown backup format {manifest.get('format')!r}")
        if manifest.get("database") != kind:
            raise BackupError(
                f"{archive} is a {manifest.get('database')} backup; this instance runs on {kind}"
            )
        _safe_extract(tar, Path(tmp), archive)
        tmpdir = Path(tmp)
        connections["default"].close()
        if kind == "spatialite":
            target = Path(settings.DATABASES["default"]["NAME"])
            staged = target.with_name(target.name + ".restoring")
            shutil.copyfile(tmpdir / "database.sqlite3", staged)
            for suffix in ("-wal", "-shm"):
                Path(str(target) + suffix).unlink(missing_ok=True)
            staged.replace(target)
        else:
            args, env = _pg_env()
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    *args,
                    "-d",
                    str(settings.DATABASES["default"]["NAME"]),
                    str(tmpdir / "database.pgdump"),
                ],
                env,
            )
        media_src = tmpdir / "media"
        if media_src.is_dir():
            media = Path(settings.MEDIA_ROOT)
            if media.exists():
                shutil.rmtree(media)
            shutil.copytree(media_src, media)
    return dict(manifest)
