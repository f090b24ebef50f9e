"""Property tests: the plan parser never crashes on damaged input and never loses a content line.

Damage applied to the two seed documents: lines deleted, duplicated, swapped, noise lines inserted, the file
truncated; plus arbitrary text. "Not lost" means every non-header content line of the damaged input is found in
some field of the output (squashed, see test_plans_golden.line_key).
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jingtu.engines.plans import parse_lines

from .test_plans_golden import DONGCHENG, FYP14, lost_lines

SOURCES = {p.name: p.read_text(encoding="utf-8").split("\n") for p in (DONGCHENG, FYP14)}
# noise from characters that are neither role words (牵头, 负责 …), list punctuation nor header words
NOISE = st.text(alphabet="甲乙丙丁戊己庚辛壬癸山水木火金abcXYZ0123456789 ", min_size=1, max_size=30)


@st.composite
def damaged(draw: st.DrawFn) -> list[str]:
    lines = list(SOURCES[draw(st.sampled_from(sorted(SOURCES)))])
    for _ in range(draw(st.integers(0, 12))):
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "noise", "tab-noise", "blank"]))
        if op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap" and i + 1 < len(lines):
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
        elif op == "noise":
            lines.insert(i, draw(NOISE))
        elif op == "tab-noise":
            lines.insert(i, "\t" + draw(NOISE))
        else:
            lines.insert(i, "")
    if draw(st.booleans()):
        cut = draw(st.integers(0, max(0, len(lines) - 1)))
        lines = lines[:cut]
        if lines and draw(st.booleans()):
            lines[-1] = lines[-1][: draw(st.integers(0, len(lines[-1])))]
    return lines


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_damaged_seeds_never_crash_nor_lose_text(lines: list[str]) -> None:
    plan = parse_lines(lines)
    plan.to_json()
    assert lost_lines(lines, plan) == []


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(max_size=60), max_size=30))
def test_arbitrary_text_never_crashes(lines: list[str]) -> None:
    plan = parse_lines(lines, year=2024)
    plan.to_json()


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.lists(
            st.sampled_from(
                [
                    "",
                    "1",
                    "一、目标",
                    "年底前",
                    "区生态环境局",
                    "——",
                    "（交通委）",
                    "<p>措施</p>",
                    "$\\geq 95\\%$",
                    "序号",
                ]
            ),
            max_size=8,
        ).map("\t".join),
        max_size=25,
    )
)
def test_random_tables_never_crash(lines: list[str]) -> None:
    parse_lines(lines, year=2024).to_json()


def test_fixture_paths_exist() -> None:
    assert all(isinstance(p, Path) and p.exists() for p in (DONGCHENG, FYP14))
