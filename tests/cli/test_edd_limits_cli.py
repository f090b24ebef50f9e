"""`jingtu edd check` and `jingtu screen` on EDD schema 1.2 files (detection limit and reporting limit), run as a
subprocess like a lab would."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.cli.conftest import JINGTU

HEADER = "样品编号,检测项目,CAS号,检测结果,单位,检出限,检出限类型,报告限,报告限类型"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([JINGTU, *args], capture_output=True, text=True, check=False, timeout=120)


def _file(tmp: Path, text: str, name: str = "f.csv", encoding: str = "utf-8") -> str:
    p = tmp / name
    p.write_bytes(text.encode(encoding))
    return str(p)


def test_check_reports_bad_reporting_limits_by_line_and_field(tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        f"{HEADER}\n"
        "S1,砷,7440-38-2,25,mg/kg,0.01,MDL,0.04,LOQ\n"  # line 2: fine
        "S1,铅,7439-92-1,30,mg/kg,0.1,MDL,-0.4,RL\n"  # line 3: negative RL
        "S1,镉,7440-43-9,1,mg/kg,0.01,MDL,0.04,MDL\n"  # line 4: an MDL is not a reporting-limit type
        "S1,氯乙烯,75-01-4,ND,mg/kg,0.15,MDL,0.05,RL\n",  # line 5: RL below the MDL: a warning
        encoding="gbk",
    )
    proc = run("edd", "check", path, "--format", "json")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert doc["schema_version"] == "1.2" and doc["accepted"] == 2
    assert doc["columns"]["检出限"] == "detection_limit" and doc["columns"]["报告限"] == "reporting_limit"
    assert [(r["row"], r["field"], r["value"]) for r in doc["rejected"]] == [
        (3, "reporting_limit", "-0.4"),
        (4, "rl_type", "MDL"),
    ]
    assert "报告限为负" in doc["rejected"][0]["reason"] and "negative" in doc["rejected"][0]["reason"]
    assert [(w["row"], w["field"]) for w in doc["warnings"]] == [(5, "reporting_limit")]
    text = run("edd", "check", path)
    assert text.returncode == 1
    assert "限值列 limit columns: 检出限 → detection_limit; 报告限 → reporting_limit" in text.stdout
    assert "第3行 line 3\treporting_limit" in text.stdout and "第5行 line 5\treporting_limit" in text.stdout


def test_check_says_a_lone_reporting_limit_header_is_read_as_in_schema_1_1(tmp_path: Path) -> None:
    path = _file(tmp_path, "样品编号,检测项目,检测结果,单位,RL,检出限类型\nS1,砷,ND,mg/kg,0.1,RL\n")
    proc = run("edd", "check", path)
    assert proc.returncode == 0, proc.stderr
    assert "RL → detection_limit" in proc.stdout and "schema 1.1" in proc.stdout
    doc = json.loads(run("edd", "check", path, "--format", "json").stdout)
    assert doc["columns"] == {"样品编号": "sample_code", "检测项目": "analyte", "检测结果": "value",
                              "单位": "unit", "RL": "detection_limit", "检出限类型": "dl_type"}  # fmt: skip


def test_screen_compares_a_non_detect_with_its_reporting_limit_when_no_detection_limit(
    tmp_path: Path,
) -> None:
    # GB 36600-2018 table 1, class 1: vinyl chloride screening value 0.12 mg/kg
    path = _file(
        tmp_path,
        f"{HEADER}\n"
        "S1,氯乙烯,75-01-4,ND,mg/kg,,,0.15,RL\n"  # only an RL (0.15 > 0.12): indeterminate
        "S2,氯乙烯,75-01-4,ND,mg/kg,0.01,MDL,0.15,RL\n",  # the MDL decides: below_screening
    )
    proc = run("screen", path, "--standard", "gb36600", "--land-class", "1")
    assert proc.returncode == 0, proc.stderr
    found = [
        (f["sample_code"], f["detection_limit"], f["outcome"]) for f in json.loads(proc.stdout)["findings"]
    ]
    assert found == [("S1", 0.15, "indeterminate"), ("S2", 0.01, "below_screening")]
