"""`jingtu screen` against more than one standard (repeated --standard, --combine), run as a subprocess; and the
single-standard output staying exactly what it was."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import openpyxl

from jingtu.cli.screen import findings_json
from jingtu.engines.edd import read_edd
from jingtu.engines.edd.template import EXAMPLE_FILE
from jingtu.engines.screening import FINDING_COLUMNS, screen
from jingtu.engines.standards import CombinedStandard, gb14848, gb15618, gb36600
from tests.cli.conftest import JINGTU

EX = str(EXAMPLE_FILE)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([JINGTU, *args], capture_output=True, text=True, check=False, timeout=120)


def test_one_standard_output_is_the_single_standard_document() -> None:
    """One --standard: the single-standard serialiser, no `standard` per finding; --combine changes nothing."""
    expected = findings_json(screen(read_edd(EXAMPLE_FILE), gb36600(1))) + "\n"
    proc = run("screen", EX, "--standard", "gb36600", "--land-class", "1")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == expected
    assert all(list(f) == list(FINDING_COLUMNS) for f in json.loads(proc.stdout)["findings"])
    again = run("screen", EX, "--standard", "gb36600", "--land-class", "1", "--combine", "first_applicable")
    assert again.stdout == proc.stdout


def test_soil_and_groundwater_standards_most_conservative() -> None:
    proc = run("screen", EX, "--standard", "gb36600", "--land-class", "1", "--standard", "gb14848")
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    both = CombinedStandard((gb36600(1), gb14848()), mode="most_conservative")
    assert doc["standard"] == both.label and "most_conservative" in doc["standard"]
    assert all(list(f) == [*FINDING_COLUMNS, "standard"] for f in doc["findings"])
    assert doc["summary"] == screen(read_edd(EXAMPLE_FILE), both).summary()
    by_row = {(f["row"], f["cas"]): f for f in doc["findings"]}
    soil_as = by_row[(2, "7440-38-2")]  # soil arsenic 25 mg/kg: GB 36600 class 1, 20 < 25 <= 120
    assert soil_as["standard"] == gb36600(1).label and soil_as["outcome"] == "above_screening"
    gw_as = by_row[(27, "7440-38-2")]  # groundwater arsenic 0.012 mg/L: GB/T 14848 class III bound 0.01
    assert gw_as["standard"] == gb14848().label
    assert (gw_as["screening_value"], gw_as["outcome"]) == (0.01, "above_screening")


def test_first_applicable_follows_the_order_of_standard(tmp_path: Path) -> None:
    # Pb 450 mg/kg at pH 7.0: GB 36600 class 2 screening value 800 (below), GB 15618 other land 6.5<pH<=7.5: 120
    p = tmp_path / "pb.csv"
    p.write_text(
        "样品编号,检测项目,CAS号,检测结果,单位,pH\nS1,铅,7439-92-1,450,mg/kg,7.0\n", encoding="utf-8"
    )
    a36, a156 = (
        ("--standard", "gb36600", "--land-class", "2"),
        ("--standard", "gb15618", "--land-use", "other"),
    )

    def one(*args: str) -> dict[str, object]:
        proc = run("screen", str(p), *args)
        assert proc.returncode == 0, proc.stderr
        doc = json.loads(proc.stdout)
        [finding] = doc["findings"]
        return {"doc": doc["standard"], **finding}

    worst = one(*a36, *a156)  # default most_conservative
    assert (worst["outcome"], worst["screening_value"], worst["standard"]) == (
        "above_screening",
        120.0,
        gb15618("other").label,
    )
    first = one(*a36, *a156, "--combine", "first_applicable")
    assert (first["outcome"], first["screening_value"], first["standard"]) == (
        "below_screening",
        800.0,
        gb36600(2).label,
    )
    assert first["doc"] == CombinedStandard((gb36600(2), gb15618("other")), mode="first_applicable").label
    reversed_ = one(*a156, *a36, "--combine", "first_applicable")  # GB 15618 named first: it decides
    assert (reversed_["screening_value"], reversed_["standard"]) == (120.0, gb15618("other").label)


def test_land_class_and_land_use_pair_with_their_standards_in_order(tmp_path: Path) -> None:
    proc = run(
        "screen",
        EX,
        "--standard",
        "gb36600",
        "--land-class",
        "2",
        "--standard",
        "gb36600",
        "--land-class",
        "1",
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["standard"] == CombinedStandard((gb36600(2), gb36600(1))).label
    # options may come in any order: the k-th --land-use goes to the k-th --standard gb15618
    proc = run(
        "screen", EX, "--land-use", "paddy", "--standard", "gb15618", "--standard", "gb14848", "--standard", "gb15618",
        "--land-use", "orchard",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    label = CombinedStandard((gb15618("paddy"), gb14848(), gb15618("orchard"))).label
    assert json.loads(proc.stdout)["standard"] == label


def test_usage_errors_name_the_option() -> None:
    cases = [
        # a second gb36600 without its own --land-class
        (("--standard", "gb36600", "--land-class", "1", "--standard", "gb36600"), "--land-class"),
        # more --land-class values than gb36600 standards
        (("--standard", "gb36600", "--land-class", "1", "--land-class", "2", "--standard", "gb14848"), "--land-class"),
        # gb15618 in a combination without --land-use
        (("--standard", "gb36600", "--land-class", "1", "--standard", "gb15618"), "--land-use"),
        # --land-use with no gb15618 among the standards
        (("--standard", "gb36600", "--land-class", "1", "--standard", "gb14848", "--land-use", "paddy"), "--land-use"),
        # the same standard twice
        (("--standard", "gb14848", "--standard", "gb14848"), "twice"),
        (("--standard", "gb36600", "--land-class", "1", "--standard", "gb36600", "--land-class", "1"), "twice"),
        # an unknown combination mode
        (("--standard", "gb14848", "--standard", "gb36600", "--land-class", "1", "--combine", "average"), "--combine"),
    ]  # fmt: skip
    for args, word in cases:
        proc = run("screen", EX, *args)
        assert proc.returncode == 2, (args, proc.stderr)
        assert word in proc.stderr and proc.stdout == "", (args, proc.stderr)


def test_combined_table_and_xlsx_name_the_standard(tmp_path: Path) -> None:
    args = ("screen", EX, "--standard", "gb36600", "--land-class", "1", "--standard", "gb14848")
    proc = run(*args, "--format", "table")
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[1].endswith("标准standard")
    gw = next(line for line in lines if line.startswith("27\tGW01"))
    assert gw.endswith(gb14848().label)
    out = tmp_path / "r.xlsx"
    assert run(*args, "--format", "xlsx", "--out", str(out)).returncode == 0
    wb = openpyxl.load_workbook(out, read_only=True)  # read-only keeps the file open until close()
    try:
        header = [c.value for c in next(wb["findings"].iter_rows(max_row=1))]
    finally:
        wb.close()
    assert header[: len(FINDING_COLUMNS) + 1] == [*FINDING_COLUMNS, "standard"]
