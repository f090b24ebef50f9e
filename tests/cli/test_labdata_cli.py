"""`jingtu labdata import` and the demo lab data, against a demo instance (real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from jingtu.engines.edd.template import EXAMPLE_FILE
from tests.cli.conftest import Instance

EXAMPLE_ROWS = 29  # data rows of the shipped example EDD


def _edd(tmp: Path, name: str, plot: str, replace: tuple[str, str] | None = None) -> Path:
    text = EXAMPLE_FILE.read_text(encoding="utf-8").replace("EX-2025-001", plot)
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


def _counts(inst: Instance, plot: str) -> dict[str, int]:
    """Stored rows of one plot, read by Django in the instance's environment."""
    code = (
        "import json, django; django.setup()\n"
        "from jingtu.labdata.models import ImportBatch, Result, Sample\n"
        "from jingtu.risk.models import RiskAssessment\n"
        f"p = {plot!r}\n"
        "print(json.dumps({'accepted': ImportBatch.objects.filter(plot__code=p, status='accepted').count(),\n"
        "  'rejected': ImportBatch.objects.filter(plot__code=p, status='rejected').count(),\n"
        "  'samples': Sample.objects.filter(plot__code=p).count(),\n"
        "  'results': Result.objects.filter(plot__code=p).count(),\n"
        "  'assessments': RiskAssessment.objects.filter(plot__code=p).count()}))\n"
    )
    env = dict(inst.env, DJANGO_SETTINGS_MODULE="jingtu.project.settings")
    proc = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=300, check=True
    )
    counts: dict[str, int] = json.loads(proc.stdout.strip().splitlines()[-1])
    return counts


def test_good_file_imported_with_receipt_then_duplicate_refused(
    demo_instance: Instance, tmp_path: Path
) -> None:
    path = _edd(tmp_path, "good.csv", "DEMO-CY-002")
    proc = demo_instance.run(
        "labdata", "import", str(path), "--plot", "DEMO-CY-002", "--land-class", "2", "--format", "json"
    )
    out = json.loads(proc.stdout)
    assert out["status"] == "accepted" and out["plot"] == "DEMO-CY-002"
    assert out["receipt"].startswith("LD") and out["rejected"] == []
    assert out["rows_total"] == out["rows_stored"] == EXAMPLE_ROWS
    assert out["screening_options"] == {"standard": "gb36600", "land_class": 2, "groundwater": True}
    assert out["summary"]["above_screening"] >= 1
    assert _counts(demo_instance, "DEMO-CY-002")["results"] >= EXAMPLE_ROWS

    again = demo_instance.run("labdata", "import", str(path), "--plot", "DEMO-CY-002", ok=False)
    assert again.returncode == 1
    assert "already imported" in again.stderr and out["receipt"] in again.stderr
    counts = _counts(demo_instance, "DEMO-CY-002")
    assert counts["accepted"] == 1 and counts["rejected"] == 0


def test_bad_file_stores_nothing_and_names_lines(demo_instance: Instance, tmp_path: Path) -> None:
    # line 22 (S02-0.5, 镉): a sampling date that does not exist; line 28 (GW01, 苯): a value that is not a number
    bad = _edd(
        tmp_path,
        "bad.csv",
        "DEMO-DC-001",
        ("20.0,mg/kg,0.01,MDL,0.04,LOQ,,干基,2025-05-13", "20.0,mg/kg,0.01,MDL,0.04,LOQ,,干基,2025-13-45"),
    )
    bad.write_text(bad.read_text(encoding="utf-8").replace(",12,µg/L,", ",twelve,µg/L,"), encoding="utf-8")
    proc = demo_instance.run("labdata", "import", str(bad), "--plot", "DEMO-DC-001", ok=False)
    assert proc.returncode == 1
    assert "nothing stored" in proc.stderr and "bad.csv" in proc.stderr
    rows = [line.split("\t") for line in proc.stdout.splitlines() if line[:1].isdigit()]
    assert {(r[0], r[1]) for r in rows} >= {("22", "sampled_at"), ("28", "value")}
    assert "已拒收 rejected" in proc.stdout
    counts = _counts(demo_instance, "DEMO-DC-001")
    assert counts == {"accepted": 0, "rejected": 1, "samples": 0, "results": 0, "assessments": 0}

    # the same rows, corrected, go in whole: the rejected attempt left nothing behind to clash with
    good = _edd(tmp_path, "fixed.csv", "DEMO-DC-001")
    out = json.loads(
        demo_instance.run("labdata", "import", str(good), "--plot", "DEMO-DC-001", "--format", "json").stdout
    )
    assert out["status"] == "accepted" and out["rows_stored"] == EXAMPLE_ROWS


def test_unknown_plot_user_or_no_right_is_refused(demo_instance: Instance, tmp_path: Path) -> None:
    path = _edd(tmp_path, "x.csv", "DEMO-DX-001")
    plot = demo_instance.run("labdata", "import", str(path), "--plot", "NO-SUCH-PLOT", ok=False)
    assert plot.returncode != 0 and "NO-SUCH-PLOT" in plot.stderr
    user = demo_instance.run(
        "labdata", "import", str(path), "--plot", "DEMO-DX-001", "--as", "zorro", ok=False
    )
    assert user.returncode != 0 and "zorro" in user.stderr
    public = demo_instance.run(
        "labdata", "import", str(path), "--plot", "DEMO-CY-001", "--as", "public", ok=False
    )
    assert public.returncode != 0 and "public" in public.stderr
    assert _counts(demo_instance, "DEMO-DX-001")["results"] == 0


def test_demo_lab_data_and_assessment_loaded_once(demo_instance: Instance, tmp_path: Path) -> None:
    first = _counts(demo_instance, "DEMO-CY-001")
    assert first["accepted"] == 1 and first["results"] >= EXAMPLE_ROWS and first["assessments"] == 1
    demo_instance.run("demo", "--no-serve")
    assert _counts(demo_instance, "DEMO-CY-001") == first
    # the demo's file is the example EDD with the demo plot's code: uploading it again is refused
    path = _edd(tmp_path, "demo_again.csv", "DEMO-CY-001")
    again = demo_instance.run("labdata", "import", str(path), "--plot", "DEMO-CY-001", ok=False)
    assert again.returncode == 1 and "already imported" in again.stderr
