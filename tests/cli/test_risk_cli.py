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
        # divisors and fractions of the HJ 25.3 equations (domain column of the parameter tables)
        (["--param", "BWa=0"], "parameter BWa: must be > 0"),
        (["--param", "ATca=0"], "parameter ATca: must be > 0"),
        (["--param", "ATnc=0"], "parameter ATnc: must be > 0"),
        (["--param", "DAIRa=0"], "parameter DAIRa: must be > 0"),
        (["--param", "ACR=0"], "parameter ACR: must be > 0"),
        (["--param", "AHQ=0"], "parameter AHQ: must be > 0"),
        (["--param", "SAF=0"], "parameter SAF: must be > 0 and ≤ 1"),
        (["--param", "SAF=1.5"], "parameter SAF: must be > 0 and ≤ 1"),
        (["--param", "fspi=2"], "parameter fspi: must be between 0 and 1"),
        (["--param", "PIAF=1.2"], "parameter PIAF: must be between 0 and 1"),
        (["--param", "LB=0"], "parameter LB: must be > 0"),
        (["--param", "Uair=0"], "parameter Uair: must be > 0"),
        (["--param", "rhob=3"], "rhob 3 must be below particle density rhos 2.65"),
        (["--param", "Pws=0.9"], "parameters Pws, rhob"),
        (["--param", "EDa=inf"], "not a finite number"),
        (["--chem", "RfDo=0"], "chemical parameter RfDo: must be > 0"),
        (["--chem", "RfC=0"], "chemical parameter RfC: must be > 0"),
        (["--chem", "ABSgi=2"], "chemical parameter ABSgi: must be ≤ 1"),
        (["--chem", "ABSd=1.5"], "chemical parameter ABSd: must be ≤ 1"),
        (["--chem", "H=abc"], "chemical parameter H: not a number"),
    ],
)
def test_bad_input_exits_non_zero(args: list[str], msg: str) -> None:
    base = ["control-values", "--land-class", "1"]
    if "--cas" not in args:
        base += ["--cas", "71-43-2"]
    code, out = run(*base, *args)
    assert code != 0 and msg in out


# Every --param name of the issue-#4 contract is accepted, recorded as a user override (flag U) and moves the
# control values of a substance it enters: benzene (volatile; no ABSd, so no dermal route) or benzo[a]pyrene
# (dermal route; not volatile). ACR/AHQ scale RCVS/HCVS proportionally (HJ 25.3-2019 clause 10).
CONTRACT_PARAMS = {
    **dict.fromkeys(
        "EDa EDc EFa EFIa EFOa BWa BWc DAIRa DAIRc OSIRa OSIRc PIAF fspi fspo PM10 ABSo ATca ATnc "
        "ACR AHQ SAF fom".split(),
        "71-43-2",
    ),
    **dict.fromkeys("Ha Hc Ev SERa SERc SSARa SSARc".split(), "50-32-8"),
}


@pytest.mark.parametrize("name", sorted(CONTRACT_PARAMS))
def test_every_contract_parameter_is_accepted_and_used(name: str) -> None:
    cas = CONTRACT_PARAMS[name]
    _, out = run("control-values", "--cas", cas, "--land-class", "1")
    base = json.loads(out)
    default = base["parameters"]["exposure"][name]["value"]
    new = default / 2
    code, out2 = run("control-values", "--cas", cas, "--land-class", "1", "--param", f"{name}={new!r}")
    assert code == 0, out2
    data = json.loads(out2)
    assert data["parameters"]["exposure"][name] == {
        "value": new, "unit": base["parameters"]["exposure"][name]["unit"], "flag": "U", "source": "user override",
    }  # fmt: skip
    assert (data["RCVS"], data["HCVS"]) != (base["RCVS"], base["HCVS"])
    if name == "ACR":
        assert data["RCVS"] == pytest.approx(base["RCVS"] / 2) and data["HCVS"] == base["HCVS"]
    if name in ("AHQ", "SAF"):
        assert data["HCVS"] == pytest.approx(base["HCVS"] / 2) and data["RCVS"] == base["RCVS"]


def test_every_chem_name_is_accepted() -> None:
    """--chem names of the contract, in the units of chem_params.csv; an empty value means none."""
    vals = {"H": "0.5", "Da": "0.2", "Dw": "2e-5", "Koc": "300", "Kd": "5", "SFo": "0.1", "IUR": "1e-5",
            "RfDo": "0.01", "RfC": "0.1", "ABSgi": "0.5", "ABSd": "0.1", "volatile": "no"}  # fmt: skip
    _, out = run("control-values", "--cas", "71-43-2", "--land-class", "1")
    base = json.loads(out)
    for name, v in vals.items():
        code, out2 = run("control-values", "--cas", "71-43-2", "--land-class", "1", "--chem", f"{name}={v}")
        assert code == 0, out2
        data = json.loads(out2)
        chem = data["parameters"]["chemical"]
        assert chem[name] == (False if name == "volatile" else float(v))
        assert chem["changes"][-1]["flag"] == "U"
        # ABSgi only enters the dermal route, which benzene does not have (no ABSd)
        assert name == "ABSgi" or (data["RCVS"], data["HCVS"]) != (base["RCVS"], base["HCVS"]), name
    _, out3 = run(
        "control-values", "--cas", "71-43-2", "--land-class", "1", "--chem", "RfDo=", "--chem", "RfC="
    )
    data = json.loads(out3)
    assert data["HCVS"] is None and data["control_value"] == data["RCVS"]
    assert data["parameters"]["chemical"]["RfDo"] is None


def test_class2_child_parameter_is_rejected() -> None:
    code, out = run("control-values", "--cas", "71-43-2", "--land-class", "2", "--param", "EDc=6")
    assert code != 0 and "not used for land class 2" in out


def test_table_json_and_xlsx(tmp_path: Path) -> None:
    code, out = run("table", "--land-class", "1", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 85
    bap = next(r for r in rows if r["cas"] == "50-32-8")
    assert bap["gb36600"] == 0.55 and bap["status"] == "pass"
    res = CliRunner().invoke(
        risk, ["table", "--land-class", "2", "--format", "xlsx"]
    )  # to stdout (not a tty)
    from io import BytesIO

    from openpyxl import load_workbook

    ws0 = load_workbook(BytesIO(res.stdout_bytes)).active
    assert res.exit_code == 0 and ws0 is not None and ws0.title == "class2_screening" and ws0.max_row >= 86
    dest = tmp_path / "t.xlsx"
    code, _ = run(
        "table", "--land-class", "2", "--level", "intervention", "--format", "xlsx", "--out", str(dest)
    )
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


def test_pathways_option_selects_and_reports() -> None:
    """--pathways keeps only the listed pathways (HJ 25.3-2019 clause 7); parameters.pathways records the choice."""
    _, out = run("control-values", "--cas", "71-43-2", "--land-class", "1", "--groundwater")
    base = json.loads(out)
    assert base["parameters"]["pathways"] == {"assessed": list(base["pathways"]), "excluded": []}
    code, out2 = run("control-values", "--cas", "71-43-2", "--land-class", "1", "--groundwater",
                     "--pathways", "OIS,DCS,PIS,IOV1,IOV2,IIV1,IOV3,IIV2")  # fmt: skip
    assert code == 0, out2
    data = json.loads(out2)
    assert data["parameters"]["pathways"]["excluded"] == ["CGW"]
    assert (data["RCVS"], data["HCVS"]) == (base["RCVS"], base["HCVS"])
    assert data["RCVG"] > base["RCVG"] and data["pathways"]["CGW"]["excluded"] is True
    code, out3 = run("control-values", "--cas", "7440-38-2", "--land-class", "1", "--pathways", " OIS, DCS ")
    data3 = json.loads(out3)
    assert code == 0 and data3["parameters"]["pathways"]["assessed"] == ["OIS", "DCS"]
    assert data3["pathways"]["PIS"] == {**data3["pathways"]["PIS"], "excluded": True, "cr_per_unit": None,
                                        "exposure_ca": 0.0}  # fmt: skip
    all_codes = "OIS,DCS,PIS,IOV1,IOV2,IIV1,IOV3,IIV2,CGW"
    _, out4 = run(
        "control-values", "--cas", "71-43-2", "--land-class", "1", "--groundwater", "--pathways", all_codes
    )
    assert json.loads(out4) == base


@pytest.mark.parametrize(("value", "msg"), [("OIS,CGX", "CGX"), ("ois", "ois"), ("", "at least one")])
def test_bad_pathways_exit_non_zero(value: str, msg: str) -> None:
    code, out = run("control-values", "--cas", "71-43-2", "--land-class", "1", "--pathways", value)
    assert code != 0 and msg in out and "--pathways" in out
