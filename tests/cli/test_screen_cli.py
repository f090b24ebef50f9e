"""`jingtu screen` / `jingtu edd` CLI contract (issue 3), run as a subprocess like other tools would."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import openpyxl

from jingtu.engines.edd.template import EXAMPLE_FILE
from tests.cli.conftest import JINGTU

KEYS = [
    "row",
    "sample_code",
    "analyte",
    "cas",
    "value",
    "unit",
    "detected",
    "detection_limit",
    "screening_value",
    "intervention_value",
    "outcome",
    "reason",
]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([JINGTU, *args], capture_output=True, text=True, check=False, timeout=120)


def test_json_contract_on_the_shipped_example() -> None:
    proc = run("screen", str(EXAMPLE_FILE), "--standard", "gb36600", "--land-class", "1", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert list(doc) == ["standard", "rows", "rejected", "findings", "summary"]
    assert doc["standard"].startswith("GB 36600-2018") and doc["rows"] == 29 and doc["rejected"] == []
    assert all(list(f) == KEYS for f in doc["findings"])
    arsenic = doc["findings"][0]
    assert arsenic == {
        "row": 2,
        "sample_code": "S01-0.5",
        "analyte": "砷",
        "cas": "7440-38-2",
        "value": 25.0,
        "unit": "mg/kg",
        "detected": True,
        "detection_limit": 0.01,
        "screening_value": 20.0,
        "intervention_value": 120.0,
        "outcome": "above_screening",
        "reason": arsenic["reason"],
    }
    bap = next(f for f in doc["findings"] if f["cas"] == "50-32-8" and f["row"] == 9)
    assert abs(bap["value"] - 0.62) < 1e-12 and bap["unit"] == "mg/kg"  # 620 µg/kg in the standard's unit
    nd = next(f for f in doc["findings"] if f["row"] == 4)
    assert nd["value"] is None and nd["detected"] is False and nd["detection_limit"] == 0.5
    assert doc["summary"]["above_intervention"] == 1 and sum(doc["summary"].values()) == len(doc["findings"])


def test_gbk_file_with_chinese_headers_and_a_bad_row(tmp_path: Path) -> None:
    text = (
        "地块编号,点位编号,样品编号,采样深度(m),检测项目,CAS号,检测结果,单位,检出限,pH,采样日期\n"
        "DK1,P1,S1,0-0.2,镉,7440-43-9,0.45,mg/kg,0.01,6.0,2025-05-12\n"
        "DK1,P1,S1,0-0.2,汞,7439-97-6,坏值,mg/kg,0.002,6.0,2025-05-12\n"
        "DK1,P1,S1,0-0.2,铅,7439-92-1,0.05L,mg/kg,,6.0,2025-05-12\n"
    )
    p = tmp_path / "gbk.csv"
    p.write_bytes(text.encode("gbk"))
    proc = run("screen", str(p), "--standard", "gb15618", "--land-use", "paddy")
    assert proc.returncode == 0, proc.stderr  # rejected rows do not stop screening
    doc = json.loads(proc.stdout)
    assert doc["rows"] == 3
    assert doc["rejected"] == [{"row": 3, "field": "value", "reason": doc["rejected"][0]["reason"]}]
    cd = doc["findings"][0]
    assert (cd["analyte"], cd["screening_value"], cd["intervention_value"], cd["outcome"]) == (
        "镉",
        0.4,
        2.0,
        "above_screening",
    )
    assert "5.5<pH≤6.5" in cd["reason"] and "paddy" in cd["reason"]
    pb = doc["findings"][1]
    assert pb["row"] == 4 and pb["detected"] is False and pb["outcome"] == "below_screening"


def test_gb14848_and_table_and_xlsx(tmp_path: Path) -> None:
    proc = run("screen", str(EXAMPLE_FILE), "--standard", "gb14848", "--format", "table")
    assert proc.returncode == 0 and "above_screening" in proc.stdout and "GB/T 14848-2017" in proc.stdout
    out = tmp_path / "r.xlsx"
    proc = run(
        "screen",
        str(EXAMPLE_FILE),
        "--standard",
        "gb36600",
        "--land-class",
        "2",
        "--format",
        "xlsx",
        "--out",
        str(out),
    )
    assert proc.returncode == 0, proc.stderr
    wb = openpyxl.load_workbook(out, read_only=True)  # read-only keeps the file open until close()
    try:
        assert wb.sheetnames == ["findings", "rejected", "summary"]
        assert wb["findings"].max_row == 31  # header + 29 results + 1 group sum
    finally:
        wb.close()


def test_usage_errors() -> None:
    proc = run("screen", str(EXAMPLE_FILE), "--standard", "gb36600")
    assert proc.returncode == 2 and "--land-class" in proc.stderr
    proc = run("screen", str(EXAMPLE_FILE), "--standard", "gb36600", "--land-class", "1", "--format", "xlsx")
    assert proc.returncode == 2 and "--out" in proc.stderr


def test_edd_check_and_template(tmp_path: Path) -> None:
    ok = run("edd", "check", str(EXAMPLE_FILE))
    assert ok.returncode == 0 and "29 接受 accepted" in ok.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "样品编号,检测项目,检测结果,单位\nS1,砷,12,mg/kg\nS1,砷,abc,mg/kg\n,镉,1,mg/kg\n", encoding="utf-8"
    )
    proc = run("edd", "check", str(bad), "--format", "json")
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    assert [(r["row"], r["field"]) for r in doc["rejected"]] == [(3, "value"), (4, "sample_code")]
    missing = tmp_path / "missing.csv"
    missing.write_text("检测项目,检测结果\n砷,1\n", encoding="utf-8")
    proc = run("edd", "check", str(missing))
    assert proc.returncode == 1 and "missing.csv" in proc.stderr and "sample_code" in proc.stderr
    tpl = tmp_path / "t.xlsx"
    assert run("edd", "template", "--out", str(tpl)).returncode == 0
    assert run("edd", "check", str(tpl)).returncode == 0


def test_classic_mac_line_ends(tmp_path: Path) -> None:
    """Bare-CR line ends (old Mac OS / some lab exports): read, with the line numbers an editor shows."""
    data = EXAMPLE_FILE.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    assert b"\n" not in data
    cr = tmp_path / "cr.csv"
    cr.write_bytes(data)
    proc = run("edd", "check", str(cr), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert (doc["rows"], doc["accepted"], doc["rejected"]) == (29, 29, [])
    same = json.loads(run("screen", str(EXAMPLE_FILE), "--standard", "gb36600", "--land-class", "1").stdout)
    proc = run("screen", str(cr), "--standard", "gb36600", "--land-class", "1")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == same
    # a bad row in a GBK file with CR line ends: its line as the user sees it
    bad = tmp_path / "cr-gbk.csv"
    bad.write_bytes("样品编号,检测项目,检测结果,单位\rS1,砷,12,mg/kg\r\rS1,镉,坏值,mg/kg\r".encode("gbk"))
    proc = run("edd", "check", str(bad), "--format", "json")
    assert proc.returncode == 1
    assert [(r["row"], r["field"]) for r in json.loads(proc.stdout)["rejected"]] == [(4, "value")]
    proc = run("screen", str(bad), "--standard", "gb36600", "--land-class", "2")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["rejected"][0]["row"] == 4 and [f["row"] for f in doc["findings"]] == [2]


def test_options_of_another_standard_are_refused() -> None:
    proc = run(
        "screen", str(EXAMPLE_FILE), "--standard", "gb15618", "--land-use", "paddy", "--land-class", "1"
    )
    assert proc.returncode == 2 and "--land-class" in proc.stderr and proc.stdout == ""
    proc = run(
        "screen", str(EXAMPLE_FILE), "--standard", "gb36600", "--land-class", "1", "--land-use", "other"
    )
    assert proc.returncode == 2 and "--land-use" in proc.stderr
    proc = run("screen", str(EXAMPLE_FILE), "--standard", "gb14848", "--land-class", "2")
    assert proc.returncode == 2 and "--land-class" in proc.stderr


def test_out_writes_json_and_table_to_the_file(tmp_path: Path) -> None:
    args = ("screen", str(EXAMPLE_FILE), "--standard", "gb36600", "--land-class", "1")
    stdout = run(*args).stdout
    out = tmp_path / "r.json"
    proc = run(*args, "--out", str(out))
    assert proc.returncode == 0 and proc.stdout == ""
    assert out.read_text(encoding="utf-8") == stdout and json.loads(stdout)["rows"] == 29
    table = tmp_path / "r.txt"
    proc = run(*args, "--format", "table", "--out", str(table))
    assert proc.returncode == 0 and proc.stdout == ""
    text = table.read_text(encoding="utf-8")
    assert text.startswith("GB 36600-2018") and "above_intervention" in text and "summary:" in text
