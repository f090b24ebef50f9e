"""Bulk persistence of an accepted EDD file: points, samples, results and their history rows.

Called only from `jingtu.labdata.actions.import_edd`, inside its transaction, after access was checked. No rule
lives here: it writes what the action hands it.

Two paths (chosen by `connection.vendor`):
- PostgreSQL/PostGIS: ids are drawn from the table's sequence (`nextval` over `generate_series`, safe with concurrent
  writers), then rows go in with `COPY ... FROM STDIN` (psycopg 3 `cursor.copy`) — results and their
  django-simple-history rows alike.
- SQLite/SpatiaLite: tables without a geometry column (results, samples, history): ids assigned from the table's
  AUTOINCREMENT high-water mark (the transaction holds SQLite's single write lock), rows handed to sqlite3's
  `executemany`; tables with a geometry column (sampling points): `bulk_create` in batches (RETURNING gives the
  ids). `SQLITE_METHOD = "bulk_create"` forces bulk_create everywhere (the benchmark compares both).
Every row gets a "+" (created) history row attributed to the uploading user with the receipt as change reason,
exactly what `save()` would have written one row at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any

from django.db import connection, models

CHUNK = 20_000
SQLITE_BATCH = 500
# "executemany" (default) or "bulk_create": how SQLite/SpatiaLite writes tables without geometry columns.
# bulk_create compiles SQL per value in Python (profiled: 16 of 19.5 s for 20,000 results + history rows);
# executemany hands the values to sqlite3 as they are. Tables with a geometry column always use bulk_create.
SQLITE_METHOD = "executemany"


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _columns(model: type[models.Model], *, skip: Sequence[str] = ()) -> list[tuple[str, str]]:
    """(attname, column) of the concrete fields of `model`, minus `skip` (attnames)."""
    return [(f.attname, f.column) for f in model._meta.concrete_fields if f.attname not in skip]


def _history_model(model: type[models.Model]) -> type[models.Model]:
    return model.history.model  # type: ignore[attr-defined,no-any-return]


def _next_ids(model: type[models.Model], n: int) -> list[int]:
    table = model._meta.db_table
    with connection.cursor() as cur:
        cur.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, n],
        )
        return [r[0] for r in cur.fetchall()]


def _defaults(model: type[models.Model]) -> dict[str, Any]:
    """Field defaults by attname (what the model would have filled in), for columns a row leaves out."""
    return {f.attname: f.get_default() for f in model._meta.concrete_fields}


def _copy(model: type[models.Model], cols: list[tuple[str, str]], rows: Iterable[dict[str, Any]]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for _, c in cols)
    attnames = [a for a, _ in cols]
    defaults = _defaults(model)
    geometry = {f.attname for f in model._meta.concrete_fields if getattr(f, "geom_type", None)}
    geo_idx = [k for k, a in enumerate(attnames) if a in geometry]
    with connection.cursor() as cur:
        with cur.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                values = [row[a] if a in row else defaults[a] for a in attnames]
                for k in geo_idx:
                    values[k] = _pg(values[k])
                copy.write_row(values)


def _has_geometry(model: type[models.Model]) -> bool:
    return any(getattr(f, "geom_type", None) for f in model._meta.concrete_fields)


def _sqlite_next_id(model: type[models.Model]) -> int:
    """First free id of an AUTOINCREMENT table. Safe because the caller's transaction already holds SQLite's write
    lock (the batch row was written first), so no other writer can take ids meanwhile."""
    table = model._meta.db_table
    with connection.cursor() as cur:
        cur.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        top = cur.fetchone()[0] or 0
        cur.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        seq = cur.fetchone()
    return max(top, seq[0] if seq else 0) + 1


def _memo(fn: Any) -> Any:
    """Cache a converter: the timestamps of one import are the same few values on every row."""
    cache: dict[Any, Any] = {}

    def convert(v: Any) -> Any:
        try:
            return cache[v]
        except KeyError:
            cache[v] = out = fn(v)
            return out

    return convert


def _sqlite_executemany(
    model: type[models.Model], cols: list[tuple[str, str]], rows: Iterable[dict[str, Any]]
) -> None:
    """Plain INSERTs through sqlite3's executemany: the values are already Python scalars; only dates and datetimes
    need Django's SQLite adaptation (USE_TZ: UTC text)."""
    fields = {f.attname: f for f in model._meta.concrete_fields}
    defaults = _defaults(model)
    convert: dict[str, Any] = {}
    for attname, _col in cols:
        f = fields[attname]
        if isinstance(f, models.DateTimeField):
            convert[attname] = _memo(connection.ops.adapt_datetimefield_value)
        elif isinstance(f, models.DateField):
            convert[attname] = connection.ops.adapt_datefield_value
        elif isinstance(f, models.JSONField):
            convert[attname] = lambda v, f=f: f.get_db_prep_save(v, connection)
    attnames = [a for a, _ in cols]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for _, c in cols)
    sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' * len(cols))})"  # noqa: S608

    def values() -> Iterator[list[Any]]:
        for row in rows:
            out = []
            for a in attnames:
                v = row[a] if a in row else defaults[a]
                c = convert.get(a)
                out.append(c(v) if c is not None and v is not None else v)
            yield out

    connection.ensure_connection()
    raw = connection.connection.cursor()
    try:
        raw.executemany(sql, values())
    finally:
        raw.close()


def _pg(value: Any) -> Any:
    """COPY text input for a value psycopg cannot adapt on its own (geometries: EWKT, which PostGIS parses)."""
    return value.ewkt if hasattr(value, "ewkt") else value


def _history_rows(
    rows: list[dict[str, Any]], *, user_id: int | None, reason: str, at: dt.datetime
) -> Iterator[dict[str, Any]]:
    for row in rows:
        h = dict(row)
        h["history_date"] = at
        h["history_type"] = "+"
        h["history_user_id"] = user_id
        h["history_change_reason"] = reason
        yield h


def insert(
    model: type[models.Model],
    rows: Iterable[dict[str, Any]],
    *,
    user_id: int | None,
    reason: str,
) -> list[int]:
    """Insert `rows` (dicts keyed by attname, without id/created_at/updated_at) and their history rows; return ids
    in input order."""
    at = dt.datetime.now(dt.UTC)
    history = _history_model(model)
    ids: list[int] = []
    postgres = connection.vendor == "postgresql"
    cols = _columns(model)
    hcols = _columns(history, skip=("history_id",))
    for chunk in _chunks(rows, CHUNK):
        for row in chunk:
            row["created_at"] = at
            row["updated_at"] = at
            row.setdefault("deleted_at", None)
            row.setdefault("delete_reason", "")
        if postgres:
            new_ids = _next_ids(model, len(chunk))
            for row, pk in zip(chunk, new_ids, strict=True):
                row["id"] = pk
            _copy(model, cols, chunk)
            _copy(history, hcols, _history_rows(chunk, user_id=user_id, reason=reason, at=at))
        elif SQLITE_METHOD == "executemany" and not _has_geometry(model):
            start = _sqlite_next_id(model)
            new_ids = list(range(start, start + len(chunk)))
            for row, pk in zip(chunk, new_ids, strict=True):
                row["id"] = pk
            _sqlite_executemany(model, cols, chunk)
            _sqlite_executemany(history, hcols, _history_rows(chunk, user_id=user_id, reason=reason, at=at))
        else:
            objs = model._default_manager.bulk_create(  # type: ignore[attr-defined]
                [model(**row) for row in chunk], batch_size=SQLITE_BATCH
            )
            new_ids = [o.pk for o in objs]
            for row, pk in zip(chunk, new_ids, strict=True):
                row["id"] = pk
            history._default_manager.bulk_create(
                [history(**h) for h in _history_rows(chunk, user_id=user_id, reason=reason, at=at)],
                batch_size=SQLITE_BATCH,
            )
        ids.extend(new_ids)
    return ids
