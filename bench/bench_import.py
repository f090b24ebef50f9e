"""Lab-data database import benchmark (issue #3): run `.venv/bin/python bench/bench_import.py`.

Generates a 1,000,000-row EDD (CSV, Chinese headers) and imports it through the real web-import action
(`jingtu.labdata.actions.import_edd`: read + validate + screen with the engines, database checks, bulk store of
points, samples, results and their history rows, one audit event) into
  - SpatiaLite (a fresh file under a temporary JINGTU_DATA_DIR; bulk_create in batches), and
  - PostGIS (a fresh database `jingtu_bench_import` on the server `scripts/postgis.sh` answers; COPY),
each in its own process. The baseline is row-by-row ORM writes (`Result(...).save()` in autocommit, history row
included, as a naive importer would do) measured on a small sample and extrapolated to 1M rows.

Options: --rows N (default 1,000,000), --sample N (row-by-row sample, default 2,000),
--db sqlite,sqlite-bulk_create:100000,postgis (a ":N" suffix runs that variant on an N-row file; sqlite-bulk_create
forces Django bulk_create for every table, for comparison with the default executemany path).
Prints a Markdown table; the figures are recorded in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLOT = "BENCH-001"
# (name as reported, CAS, unit, typical value scale in mg/kg) — GB 36600-2018 table 1 items
ANALYTES = [
    ("砷", "7440-38-2", 12.0), ("镉", "7440-43-9", 0.3), ("铬（六价）", "18540-29-9", 1.0), ("铜", "7440-50-8", 30.0),
    ("铅", "7439-92-1", 60.0), ("汞", "7439-97-6", 0.1), ("镍", "7440-02-0", 30.0), ("四氯化碳", "56-23-5", 0.2),
    ("氯仿", "67-66-3", 0.1), ("氯甲烷", "74-87-3", 2.0), ("1,1-二氯乙烷", "75-34-3", 1.0),
    ("1,2-二氯乙烷", "107-06-2", 0.2), ("1,1-二氯乙烯", "75-35-4", 2.0), ("二氯甲烷", "75-09-2", 10.0),
    ("1,2-二氯丙烷", "78-87-5", 0.3), ("四氯乙烯", "127-18-4", 2.0), ("1,1,1-三氯乙烷", "71-55-6", 100.0),
    ("三氯乙烯", "79-01-6", 0.3), ("氯乙烯", "75-01-4", 0.05), ("苯", "71-43-2", 0.5), ("氯苯", "108-90-7", 10.0),
    ("1,2-二氯苯", "95-50-1", 50.0), ("1,4-二氯苯", "106-46-7", 1.0), ("乙苯", "100-41-4", 2.0),
    ("苯乙烯", "100-42-5", 50.0), ("甲苯", "108-88-3", 50.0), ("邻二甲苯", "95-47-6", 20.0),
    ("硝基苯", "98-95-3", 5.0), ("苯胺", "62-53-3", 10.0), ("2-氯酚", "95-57-8", 20.0),
    ("苯并[a]蒽", "56-55-3", 0.5), ("苯并[a]芘", "50-32-8", 0.2), ("苯并[b]荧蒽", "205-99-2", 0.5),
    ("苯并[k]荧蒽", "207-08-9", 5.0), ("䓛", "218-01-9", 50.0), ("二苯并[a,h]蒽", "53-70-3", 0.1),
    ("茚并[1,2,3-cd]芘", "193-39-5", 0.5), ("萘", "91-20-3", 2.0),
]  # fmt: skip
HEADER = "地块编号,点位编号,样品编号,采样深度(m),样品介质,检测项目,CAS号,检测结果,单位,检出限,检出限类型,采样日期,检测方法,检测机构\n"
DEPTHS = ["0-0.5", "0.5-1.0", "1.0-1.5", "1.5-2.0", "2.0-3.0", "3.0-4.5", "4.5-6.0", "6.0-8.0"]


def generate(path: Path, rows: int, seed: int = 20261122) -> None:
    """`rows` results: samples of len(ANALYTES) results each, 8 depths per point, ~10 % non-detects written as
    ND / 未检出 / <DL / DL+L, lognormal values around each analyte's typical level (some above the limits)."""
    rnd = random.Random(seed)
    n_an = len(ANALYTES)
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER)
        written = 0
        s = 0
        while written < rows:
            point = f"P{s // len(DEPTHS):05d}"
            depth = DEPTHS[s % len(DEPTHS)]
            sample = f"{point}-{s % len(DEPTHS) + 1}"
            day = 1 + (s // len(DEPTHS)) % 28
            for name, cas, scale in ANALYTES[: min(n_an, rows - written)]:
                dl = round(scale / 100, 4) or 0.0001
                r = rnd.random()
                if r < 0.025:
                    value = "ND"
                elif r < 0.05:
                    value = "未检出"
                elif r < 0.075:
                    value = f"<{dl}"
                elif r < 0.1:
                    value = f"{dl}L"
                else:
                    value = f"{scale * rnd.lognormvariate(0, 1.0):.4g}"
                f.write(
                    f'{PLOT},{point},{sample},{depth},土壤,"{name}",{cas},{value},mg/kg,{dl},MDL,2025-05-{day:02d},'
                    "HJ 605-2011,基准检测实验室\n"
                )
                written += 1
            s += 1


# ---------------------------------------------------------------- child: one database


def child(db: str, edd: Path, sample_rows: int) -> dict[str, float | int | str]:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = "jingtu.project.settings"
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - t

    from jingtu.accounts.actions import create_user
    from jingtu.core.roles import Role
    from jingtu.divisions.models import District
    from jingtu.labdata import actions, engine, store

    store.SQLITE_METHOD = os.environ.get("JINGTU_BENCH_SQLITE_METHOD", store.SQLITE_METHOD)
    from jingtu.labdata.models import ImportBatch, Result, Sample
    from jingtu.orgs.models import Organisation
    from jingtu.plots.models import Plot

    district = District.objects.create(code="110101", name="东城区")
    lab = Organisation.objects.create(code="bench.lab", name="基准检测实验室", category="consultant")
    user = create_user(None, username="bench", password="pw-bench-1", role=Role.CONSULTANT, organisation=lab)
    admin = create_user(None, username="bench-admin", password="pw-bench-1", role=Role.MUNICIPAL_ADMIN)
    plot = Plot.objects.create(code=PLOT, name="基准测试地块", district=district, consultant_org=lab)
    options = engine.ScreeningOptions(standard="gb36600", land_class=2)
    data = edd.read_bytes()

    # phases without the database (the same calls the action makes)
    t = time.perf_counter()
    parsed = engine.read(data, edd.name)
    read_s = time.perf_counter() - t
    from jingtu.engines.screening import screen as engine_screen

    t = time.perf_counter()
    engine_screen(parsed.table, engine.standard_for(options))
    screen_s = time.perf_counter() - t
    t = time.perf_counter()
    screened = engine.screen(parsed, options)  # engine screening again + the adapter's join into rows
    adapter_s = time.perf_counter() - t - screen_s
    assert not parsed.rejected, parsed.rejected[:5]
    del parsed, screened

    # the whole action, database included
    t = time.perf_counter()
    batch = actions.import_edd(user, plot, file_name=edd.name, data=data, options=options)
    total_s = time.perf_counter() - t
    assert batch.status == ImportBatch.Status.ACCEPTED, batch.report["rejected"][:5]
    n = Result.objects.filter(batch=batch).count()
    assert n == batch.rows_accepted

    # baseline: row-by-row ORM (autocommit, one INSERT + one history INSERT per row)
    sample_obj = Sample.objects.filter(batch=batch).first()
    assert sample_obj is not None
    other = ImportBatch.objects.create(
        receipt="BENCH-ROWWISE", plot=plot, file_name="rowwise", sha256="1" * 64, status="accepted"
    )
    t = time.perf_counter()
    for i in range(sample_rows):
        r = Result(
            plot=plot, sample=sample_obj, batch=other, line_no=i + 2, submitted_by=lab, analyte_key=f"JT:ROW-{i}",
            analyte_name="铅", raw_value="12.5", value=12.5, detected=True, detection_limit=0.1, unit="mg/kg",
            standard="GB 36600-2018", screening_value=800.0, intervention_value=2500.0, outcome="below_screening",
        )  # fmt: skip
        r._history_user = admin  # type: ignore[attr-defined]
        r.save()
    rowwise_s = time.perf_counter() - t
    return {
        "db": db,
        "vendor": connection.vendor,
        "store_path": "COPY"
        if connection.vendor == "postgresql"
        else "executemany"
        if store.SQLITE_METHOD == "executemany"
        else f"bulk_create (batch {store.SQLITE_BATCH})",
        "rows": n,
        "migrate_s": round(migrate_s, 2),
        "read_validate_s": round(read_s, 2),
        "screen_s": round(screen_s, 2),
        "adapter_join_s": round(adapter_s, 2),
        "import_total_s": round(total_s, 2),
        "rowwise_rows": sample_rows,
        "rowwise_s": round(rowwise_s, 3),
    }


# ---------------------------------------------------------------- parent


def _postgis_url() -> str:
    base = subprocess.run(
        ["bash", str(ROOT / "scripts" / "postgis.sh")], check=True, capture_output=True, text=True
    ).stdout.strip()
    server, _, _ = base.rpartition("/")
    host = server.split("@")[-1].split(":")[0]
    port = server.rsplit(":", 1)[-1]
    name = "jingtu_bench_import"
    for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", "-h", host, "-p", port, "-U", "postgres", "-qc", sql], check=True)
    return f"{server}/{name}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--sample", type=int, default=2_000)
    ap.add_argument("--db", default="sqlite,sqlite-bulk_create:100000,postgis")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--edd", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print("RESULT " + json.dumps(child(args.child, Path(args.edd), args.sample)))
        return
    with tempfile.TemporaryDirectory(prefix="jingtu-bench-import-") as tmp:
        edd = Path(tmp) / f"edd_{args.rows}.csv"
        t = time.perf_counter()
        generate(edd, args.rows)
        size = edd.stat().st_size / 1e6
        print(f"generated {args.rows:,} rows ({size:.0f} MB) in {time.perf_counter() - t:.1f} s")
        results = []
        for spec in args.db.split(","):
            db, _, n = spec.partition(":")
            env = dict(os.environ)
            env["JINGTU_DATA_DIR"] = str(Path(tmp) / f"data-{db}")
            env.pop("DATABASE_URL", None)
            if db == "postgis":
                env["DATABASE_URL"] = _postgis_url()
            if db == "sqlite-bulk_create":
                env["JINGTU_BENCH_SQLITE_METHOD"] = "bulk_create"
            path = edd
            if n:  # a smaller file for a slow variant
                path = Path(tmp) / f"edd_{n}.csv"
                generate(path, int(n))
            cmd = [sys.executable, "-W", "ignore", __file__, "--child", db, "--edd", str(path)]
            cmd += ["--sample", str(args.sample)]
            out = subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout
            res = json.loads(next(ln for ln in out.splitlines() if ln.startswith("RESULT "))[7:])
            results.append(res)
            print(json.dumps(res))
    print()
    print(
        "| database | store path | rows | read+validate s | screen s | adapter join s | import total s | rows/s "
        "| row-by-row ORM rows/s | est. 1M row-by-row | speed-up |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        rate = r["rows"] / r["import_total_s"]
        rw = r["rowwise_rows"] / r["rowwise_s"]
        print(
            f"| {r['db']} | {r['store_path']} | {r['rows']:,} | {r['read_validate_s']} | {r['screen_s']} | "
            f"{r['adapter_join_s']} | {r['import_total_s']} | {rate:,.0f} | {rw:,.0f} | "
            f"{1_000_000 / rw / 60:.0f} min | {rate / rw:.0f}× |"
        )


if __name__ == "__main__":
    main()
