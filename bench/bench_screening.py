"""Benchmark (issue 3): read + validate + screen a 1,000,000-row EDD on the CLI path, against pyarrow's bare parse
of the same file. Goal: screening <= 3x the pyarrow parse time. Run: `.venv/bin/python bench/bench_screening.py`
(options: --rows N, --repeat K). Prints a markdown table for docs/benchmarks.md."""

from __future__ import annotations

import argparse
import hashlib
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from jingtu.engines.edd import read_edd
from jingtu.engines.screening import screen
from jingtu.engines.standards import gb36600, load_catalog

ANALYTES = [
    ("砷", "7440-38-2", 20.0),
    ("镉", "7440-43-9", 20.0),
    ("六价铬", "18540-29-9", 3.0),
    ("铅", "7439-92-1", 400.0),
    ("汞", "7439-97-6", 8.0),
    ("镍", "7440-02-0", 150.0),
    ("苯", "71-43-2", 1.0),
    ("苯并[a]芘", "50-32-8", 0.55),
    ("间二甲苯", "108-38-3", 163.0),
    ("对二甲苯", "106-42-3", 163.0),
    ("石油烃（C10-C40）", "", 826.0),
    ("三氯乙烯", "79-01-6", 0.7),
]


def generate(path: Path, rows: int, seed: int = 42) -> None:
    rng = np.random.default_rng(seed)
    k = np.arange(rows) % len(ANALYTES)  # every sample has each analyte once (no replicate rows)
    names = np.asarray([a[0] for a in ANALYTES], dtype=object)[k]
    cas = np.asarray([a[1] for a in ANALYTES], dtype=object)[k]
    lim = np.asarray([a[2] for a in ANALYTES])[k]
    values = np.round(lim * rng.lognormal(-0.7, 1.0, rows), 4)
    text = values.astype(str).astype(object)
    nd = rng.random(rows) < 0.02
    text[nd] = np.where(rng.random(nd.sum()) < 0.5, "ND", "未检出")
    lt = (rng.random(rows) < 0.01) & ~nd
    text[lt] = ["<" + str(x) for x in np.round(lim[lt] * 0.01, 4)]
    sample = np.arange(rows) // len(ANALYTES)
    df = pd.DataFrame(
        {
            "地块编号": "BENCH-001",
            "点位编号": [f"P{s // 4:06d}" for s in sample],
            "样品编号": [f"S{s:07d}" for s in sample],
            "采样深度(m)": np.asarray(["0-0.5", "0.5-1.0", "1.0-2.0", "2.0-3.0"], dtype=object)[sample % 4],
            "检测项目": names,
            "CAS号": cas,
            "检测结果": text,
            "单位": np.where(rng.random(rows) < 0.1, "µg/kg", "mg/kg"),
            "检出限": np.round(lim * 0.01, 5),
            "pH": np.round(rng.uniform(5.0, 8.5, rows), 2),
            "采样日期": "2025-05-12",
            "检测方法": "HJ 680-2013",
        }
    )
    ug = df["单位"] == "µg/kg"
    num = ~nd & ~lt
    df.loc[ug & num, "检测结果"] = (values[(ug & num).to_numpy()] * 1000).round(1).astype(str)
    df.to_csv(path, index=False, encoding="utf-8")


def timed(fn: object, repeat: int) -> tuple[float, list[float]]:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), runs


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    load_catalog()
    gb36600(2)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench_edd.csv"
        t = time.perf_counter()
        generate(path, args.rows)
        print(
            f"generated {args.rows:,} rows, {path.stat().st_size / 1e6:.1f} MB in {time.perf_counter() - t:.1f} s"
        )
        from jingtu.engines.standards.units import registry

        registry()  # pint registry build (once per process) is not part of the per-file cost
        state: dict[str, object] = {}

        def parse() -> None:
            pacsv.read_csv(path)

        def floor() -> None:
            # the least a validating reader does: every column as text, each dictionary-encoded, the file hashed
            data = path.read_bytes()
            hashlib.sha256(data).hexdigest()
            head = data[: data.index(b"\n")].decode("utf-8").split(",")
            table = pacsv.read_csv(
                pa.py_buffer(data),
                convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(head, pa.large_string())),
            )
            for name in table.column_names:
                pc.dictionary_encode(table[name])

        def read() -> None:
            state["table"] = read_edd(path)

        def scr() -> None:
            state["result"] = screen(state["table"], gb36600(2))  # type: ignore[arg-type]

        def full() -> None:
            screen(read_edd(path), gb36600(2))

        def to_json() -> None:
            from jingtu.cli.screen import findings_json

            findings_json(state["result"])  # type: ignore[arg-type]

        p, pr = timed(parse, args.repeat)
        fl, flr = timed(floor, args.repeat)
        r, rr = timed(read, args.repeat)
        s, sr = timed(scr, args.repeat)
        f, fr = timed(full, args.repeat)
        j, jr = timed(to_json, 1)
        res = state["result"]
        print(f"findings: {len(res.findings):,}; summary: {res.summary()}")  # type: ignore[attr-defined]
        print("| step | median (s) | runs |")
        print("|---|---|---|")
        for name, m, runs in [
            ("pyarrow.csv.read_csv (bare parse, default options)", p, pr),
            ("reference: text columns + dictionary-encode + SHA-256 (pyarrow only)", fl, flr),
            ("read_edd (read + validate)", r, rr),
            ("screen (GB 36600 class 2, incl. group sums)", s, sr),
            ("read_edd + screen (CLI path without output)", f, fr),
            ("JSON serialisation of all findings", j, jr),
        ]:
            print(f"| {name} | {m:.2f} | {' / '.join(f'{x:.2f}' for x in runs)} |")
        print(f"ratio (read + validate + screen) / pyarrow parse = {f / p:.1f}x (goal <= 3x)")


if __name__ == "__main__":
    main()
