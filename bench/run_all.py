"""Run every benchmark in `bench/` (`make bench`), one after the other, each in its own process.

Each script prints its own Markdown table; the figures are written down by hand in docs/benchmarks.md with the
machine and date. `--only risk,screening` runs a subset; `--quick` runs the lab-data scripts on smaller files
(a smoke run that the scripts still work, not figures to record).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SCRIPTS = {
    "risk": ("bench_risk.py", [], []),
    "screening": ("bench_screening.py", [], ["--rows", "20000"]),
    "import": ("bench_import.py", [], ["--rows", "20000", "--sample", "200"]),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--only", default=",".join(SCRIPTS), help="comma-separated: " + ", ".join(SCRIPTS))
    ap.add_argument("--quick", action="store_true", help="small files: check the scripts run, do not record")
    args = ap.parse_args()
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in SCRIPTS]
    if unknown:
        ap.error(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(SCRIPTS)}")
    failed = []
    for name in names:
        script, full, quick = SCRIPTS[name]
        cmd = [sys.executable, str(BENCH / script), *(quick if args.quick else full)]
        print(f"\n## {name}: {' '.join(cmd[1:])}", flush=True)
        t = time.perf_counter()
        rc = subprocess.run(cmd, check=False).returncode
        print(f"({name}: exit {rc}, {time.perf_counter() - t:.1f} s)", flush=True)
        if rc:
            failed.append(name)
    if failed:
        sys.exit(f"benchmarks failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
