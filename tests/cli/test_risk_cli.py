"""`jingtu risk` CLI contract (issue #4): control-values JSON and errors, the GB 36600 table."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from jingtu.cli.risk import risk

JINGTU = str(Path(sys.executable).with_name("jingtu"))
KEYS = {"cas", "land_class", "RCVS", "HCVS", "control_value", "pathways", "parameters"}


def run(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(risk, list(args))
    return res.exit_code, res.output


def test_control_values_contract() -> None:
    code, out = run("control-values", "--cas", "50-32-8", "--land-class", "1", "--format", "json")
    assert code == 0, out
    data = json.loads(out)
    assert set(data) == KEYS
    assert data["cas"] == "50-32-8" and data["land_class"] == 1
    assert data["control_value"] == min(data["RCVS"], data["HCVS"])
    assert set(data["pathways"]) == {"OIS", "DCS", "PIS", "IOV1", "IOV2", "IIV1"}
    assert data["parameters"]["exposure"]["EDa"]["value"] == 24
    assert data["parameters"]["exposure"]["EDa"]["flag"] == "B"


def test_null_where_no_toxicity_and_overrides_apply() -> None:
    code, out = run("control-values", "--cas", "7440-50-8", "--land-class", "2")
    data = json.loads(out)
    assert code == 0 and data["RCVS"] is None and data["control_value"] == data["HCVS"]
    _, out2 = run("control-values", "--cas", "7440-50-8", "--land-class", "2", "--param", "SAF=1")
    assert json.loads(out2)["HCVS"] == pytest.approx(2 * data["HCVS"])
    assert json.loads(out2)["parameters"]["exposure"]["SAF"]["flag"] == "U"
    _, out3 = run(
        "control-values", "--cas", "71-43-2", "--land-class", "1", "--chem", "SFo=", "--chem", "IUR="
    )
    assert json.loads(out3)["RCVS"] is None
    _, out4 = run("control-values", "--cas", "7440-43-9", "--land-class", "1", "--chem", "SFo=0.5",
                  "--chem", "volatile=no")  # fmt: skip
    assert json.loads(out4)["parameters"]["chemical"]["SFo"] == 0.5


def test_groundwater_flag_adds_rcvg() -> None:
    _, out = run("control-values", "--cas", "71-43-2", "--land-class", "1", "--groundwater")
    data = json.loads(out)
    assert data["RCVG"] > 0 and "CGW" in data["pathways"]


@pytest.mark.parametrize(
    ("args", "msg"),
    [
        (["--param", "NOPE=1"], "unknown parameter 'NOPE'"),
        (["--param", "EDa=abc"], "not a number"),
        (["--param", "EDa"], "NAME=VALUE"),
        (["--param", "EDa=-1"], "negative"),
        (["--chem", "Foo=1"], "unknown chemical parameter"),
        (["--chem", "volatile=maybe"], "yes/no"),
        (["--cas", "1-1-1"], "no chemical parameters"),
    ],
)
def test_bad_input_exits_non_zero(args: list[str], msg: str) -> None:
    base = ["control-values", "--land-class", "1"]
    if "--cas" not in args:
        base += ["--cas", "71-43-2"]
    code, out = run(*base, *args)
    assert code != 0 and msg in out


def test_class2_child_parameter_is_rejected() -> None:
    code, out = run("control-values", "--cas", "71-43-2", "--land-class", "2", "--param", "EDc=6")
    assert code != 0 and "not used for land class 2" in out


def test_table_json_and_xlsx(tmp_path: Path) -> None:
    code, out = run("table", "--land-class", "1", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 85
    bap = next(r for r in rows if r["cas"] == "50-32-8")
    assert bap["gb36600"] == 0.55 and bap["status"] == "pass"
    code, out = run("table", "--land-class", "2", "--format", "xlsx")
    assert code != 0 and "--out" in out
    dest = tmp_path / "t.xlsx"
    code, _ = run(
        "table", "--land-class", "2", "--level", "intervention", "--format", "xlsx", "--out", str(dest)
    )
    from openpyxl import load_workbook

    ws = load_workbook(dest).active
    assert code == 0 and ws is not None and ws.cell(1, 8).value == "gb36600" and ws.max_row >= 86


def test_real_command_without_django() -> None:
    code = (
        "import sys; from jingtu.cli.main import cli; "
        "sys.argv=['jingtu','risk','control-values','--cas','75-01-4','--land-class','2'];\n"
        "try:\n    cli()\nexcept SystemExit as e:\n    assert e.code in (0, None)\n"
        "assert 'django' not in sys.modules, 'risk CLI imported Django'"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["control_value"] == pytest.approx(0.4335, rel=1e-3)
    help_out = subprocess.run([JINGTU, "risk", "--help"], capture_output=True, text=True, check=True).stdout
    assert "风险控制值" in help_out and "control values" in help_out
