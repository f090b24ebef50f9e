"""Risk-engine benchmarks (issue #4): run `.venv/bin/python bench/bench_risk.py`.

1. Control values (RCVS, HCVS, CVS, RCVG, HCVG) for all 85 GB 36600-2018 items × 2 land classes (target ≤ 20 ms).
   Timed as the platform calls it: parameter table + chemical arrays + vectorised model, per call.
2. Monte Carlo: 10 000 draws × 85 items (target ≤ 1 s): 6 exposure/site parameters drawn, control-value and
   risk percentiles. The 85 items are the 85 GB rows; items without chemical parameters in chem_params.csv are
   padded with copies of the known substances so that the arrays really have 85 columns.
Reports the median of 7 runs (control values: of 50 runs).
"""

from __future__ import annotations

import statistics
import time

from jingtu.engines.risk import (
    Distribution,
    chemical,
    control_values_all,
    gb36600_items,
    known_cas,
    monte_carlo,
)


def timeit(fn: object, runs: int) -> float:
    ts = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()  # type: ignore[operator]
        ts.append(time.perf_counter() - t)
    return statistics.median(ts)


def main() -> None:
    def cv_both() -> None:
        control_values_all(1)
        control_values_all(2)

    cv_both()
    t_cv = timeit(cv_both, 50)
    print(f"control values, 85 items x 2 classes: median {t_cv * 1e3:.2f} ms (target <= 20 ms)")

    known = known_cas()
    cas85 = [it.cas if it.cas in known else known[i % len(known)] for i, it in enumerate(gb36600_items())]
    chems = [chemical(c, 1) for c in cas85]
    dists = {
        "fom": Distribution("lognormal", 15.0, 1.5),
        "BWa": Distribution("normal", 61.8, 8.0),
        "BWc": Distribution("normal", 19.2, 3.0),
        "OSIRc": Distribution("triangular", 100.0, 200.0, 300.0),
        "EDa": Distribution("uniform", 18.0, 30.0),
        "ER": Distribution("lognormal", 12.0, 1.4),
    }

    def mc() -> None:
        monte_carlo(chems, 1, dists, n=10_000, seed=1, concentrations=[1.0] * len(chems))

    mc()
    t_mc = timeit(mc, 7)
    print(f"Monte Carlo, 10k draws x {len(chems)} items, class 1: median {t_mc:.3f} s (target <= 1 s)")


if __name__ == "__main__":
    main()
