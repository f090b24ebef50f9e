"""Demo lab data: results for the demo plot DEMO-CY-001 (红星化工厂原址地块（演示）) and one saved risk assessment.

The results are the shipped example EDD (`jingtu/data/edd/example_edd.csv`: invented values from the fictitious
laboratory 示例检测有限公司（示例）, not measurements of any real site) with its plot code EX-2025-001 replaced by the
demo plot's. They go in through `jingtu.labdata.actions.import_edd` as the demo consultant (the plot's consultant),
exactly as a web upload would, and the assessment through `jingtu.risk.actions.run_assessment`. Idempotent: the
file is imported only if no accepted import of it exists, the assessment only if the plot has none.
"""

from __future__ import annotations

import hashlib
from typing import Any

DEMO_PLOT = "DEMO-CY-001"
EXAMPLE_PLOT = "EX-2025-001"  # the plot code written in the example EDD
DEMO_USERNAME = "consultant"  # jingtu.core.demo.DEMO_USERS: 京环环境咨询（演示）, the plot's consultant
DEMO_FILE_NAME = "demo_edd_DEMO-CY-001.csv"


def demo_edd() -> bytes:
    """The example EDD with the demo plot's code (UTF-8 CSV)."""
    from jingtu.engines.edd.template import EXAMPLE_FILE

    text = EXAMPLE_FILE.read_text(encoding="utf-8")
    if EXAMPLE_PLOT not in text:
        raise RuntimeError(f"{EXAMPLE_FILE} no longer names plot {EXAMPLE_PLOT}; update jingtu.labdata.demo")
    return text.replace(EXAMPLE_PLOT, DEMO_PLOT).encode("utf-8")


def load_demo_labdata(actor: Any) -> None:
    """Import the demo EDD into DEMO-CY-001 and run one HJ 25.3 assessment (ucl95, all layers) on it."""
    from jingtu.accounts.models import User
    from jingtu.labdata import actions, engine
    from jingtu.labdata.models import ImportBatch
    from jingtu.plots.models import Plot
    from jingtu.risk.actions import run_assessment
    from jingtu.risk.models import RiskAssessment

    plot = Plot.objects.filter(code=DEMO_PLOT).first()
    if plot is None:
        return
    user = User.objects.filter(username=DEMO_USERNAME).first() or actor
    land_class = plot.gb36600_class or 1
    data = demo_edd()
    sha = hashlib.sha256(data).hexdigest()
    if not ImportBatch.objects.filter(sha256=sha, status=ImportBatch.Status.ACCEPTED).exists():
        batch = actions.import_edd(
            user,
            plot,
            file_name=DEMO_FILE_NAME,
            data=data,
            options=engine.ScreeningOptions(standard="gb36600", land_class=land_class),
        )
        if batch.status != ImportBatch.Status.ACCEPTED:
            raise RuntimeError(f"the demo EDD was rejected: {batch.report.get('rejected', [])[:5]}")
    if not RiskAssessment.objects.filter(plot=plot).exists():
        run_assessment(user, plot, land_class=land_class, statistic="ucl95")
