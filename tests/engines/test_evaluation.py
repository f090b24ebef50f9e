"""Evaluation engine: deadline states, quarter bounds, indicator/aspect/task scores, a hand-computed total."""

from __future__ import annotations

import datetime as dt

import pytest

from jingtu.engines.evaluation import (
    Config,
    ConfigError,
    DeadlineState,
    ObligationFacts,
    deadline_state,
    evaluate,
    indicator_score,
    load_config,
    quarter_bounds,
    task_completion,
)
from jingtu.engines.evaluation.config import Indicator, parse_config

D = dt.date


def test_default_config_loads_three_aspects_with_source() -> None:
    cfg = load_config()
    assert [a.key for a in cfg.aspects] == ["soil", "tasks", "green"]
    assert [a.name for a in cfg.aspects] == ["土壤改良及监测达标", "重点任务落实情况", "推动提高绿色发展水平"]
    assert abs(sum(cfg.weights.values()) - 1) < 1e-9
    assert "not the weights" in cfg.source  # honest: a local default
    assert cfg.aspect("tasks").computed == "task_completion"


@pytest.mark.parametrize(
    ("due", "done", "today", "state"),
    [
        (D(2024, 12, 31), None, D(2024, 12, 31), DeadlineState.DUE_SOON),
        (D(2024, 12, 31), None, D(2025, 1, 1), DeadlineState.OVERDUE),
        (D(2024, 12, 31), None, D(2024, 12, 1), DeadlineState.DUE_SOON),  # 30 days ahead
        (D(2024, 12, 31), None, D(2024, 11, 30), DeadlineState.OPEN),  # 31 days ahead
        (D(2024, 12, 31), D(2024, 12, 31), D(2025, 3, 1), DeadlineState.DONE),
        (D(2024, 12, 31), D(2025, 1, 2), D(2025, 3, 1), DeadlineState.DONE_LATE),
        (None, None, D(2025, 3, 1), DeadlineState.NO_DUE_DATE),
        (None, D(2024, 5, 1), D(2025, 3, 1), DeadlineState.DONE),
    ],
)
def test_deadline_state(
    due: dt.date | None, done: dt.date | None, today: dt.date, state: DeadlineState
) -> None:
    assert deadline_state(due, done, today, 30) is state


def test_quarter_bounds() -> None:
    assert quarter_bounds(2024, 1) == (D(2024, 1, 1), D(2024, 3, 31))
    assert quarter_bounds(2024, 4) == (D(2024, 10, 1), D(2024, 12, 31))
    with pytest.raises(ValueError, match="quarter"):
        quarter_bounds(2024, 5)


def test_indicator_score() -> None:
    ge = Indicator("x", "x", "%", ">=", 95.0, 1.0)
    le = Indicator("y", "y", "mg/kg", "<=", 20.0, 1.0)
    assert indicator_score(ge, None) is None
    assert indicator_score(ge, 100.0) == 100.0
    assert indicator_score(ge, 76.0) == pytest.approx(80.0)
    assert indicator_score(le, 10.0) == 100.0
    assert indicator_score(le, 40.0) == pytest.approx(50.0)
    assert indicator_score(ge, -3.0) == 0.0


def test_task_completion_counts_on_time_late_missed() -> None:
    obs = [
        ObligationFacts(D(2024, 3, 31), D(2024, 3, 1)),  # on time
        ObligationFacts(D(2024, 2, 29), D(2024, 3, 20)),  # late but within the quarter
        ObligationFacts(D(2024, 3, 31), None),  # missed
        ObligationFacts(D(2024, 12, 31), None),  # not yet due: not assessed
        ObligationFacts(D(2024, 12, 31), D(2024, 3, 5)),  # done early: assessed, on time
        ObligationFacts(None, None),  # no due date: not assessed
    ]
    tc = task_completion(obs, D(2024, 3, 31), 0.5)
    assert (tc.assessed, tc.on_time, tc.late, tc.missed) == (4, 2, 1, 1)
    assert tc.score == pytest.approx(100 * 2.5 / 4)
    assert task_completion([], D(2024, 3, 31), 0.5).score is None


def test_evaluate_hand_computed_case() -> None:
    cfg = load_config()
    values = {
        "construction_land_safe_use": 95.0,  # 100 points
        "farmland_safe_use": 81.0,  # 81/90 = 90 points
        "monitoring_compliance": 72.0,  # 72/90 = 80 points
        "green_remediation_share": 25.0,  # 25/50 = 50 points
        # soil_reuse_share missing -> green = 50
    }
    obs = [ObligationFacts(D(2024, 3, 31), D(2024, 3, 1)), ObligationFacts(D(2024, 3, 31), None)]
    r = evaluate(cfg, values, obs, D(2024, 3, 31))
    soil, tasks, green = r.aspects
    assert soil.score == pytest.approx(0.4 * 100 + 0.3 * 90 + 0.3 * 80)  # 91
    assert tasks.score == pytest.approx(50.0)
    assert green.score == pytest.approx(50.0) and green.missing == ("soil_reuse_share",)
    assert r.total == pytest.approx(0.4 * 91 + 0.4 * 50 + 0.2 * 50)  # 66.4
    assert r.coverage == pytest.approx(1.0)
    # custom weights
    r2 = evaluate(cfg, values, obs, D(2024, 3, 31), weights={"soil": 0.5, "tasks": 0.5, "green": 0.0})
    assert r2.total == pytest.approx(0.5 * 91 + 0.5 * 50)
    with pytest.raises(ValueError, match="sum to 1"):
        evaluate(cfg, values, obs, D(2024, 3, 31), weights={"soil": 0.9})


def test_evaluate_leaves_out_unscored_aspects() -> None:
    cfg = load_config()
    r = evaluate(cfg, {"construction_land_safe_use": 100.0}, [], D(2024, 3, 31))
    assert r.total == pytest.approx(100.0)
    assert r.coverage == pytest.approx(0.4)


def test_config_errors_name_the_entry() -> None:
    base = {"version": "v", "source": "s", "late_credit": 0.5, "due_soon_days": 30}
    with pytest.raises(ConfigError, match="sum to 1"):
        parse_config(
            {**base, "aspect": [{"key": "a", "name": "A", "weight": 0.5, "computed": "task_completion"}]}
        )
    with pytest.raises(ConfigError, match=r"aspect #1 \(a\) indicator #1: field 'op'"):
        parse_config(
            {
                **base,
                "aspect": [
                    {
                        "key": "a",
                        "name": "A",
                        "weight": 1,
                        "indicator": [{"key": "i", "name": "I", "op": ">", "target": 1, "weight": 1}],
                    }
                ],
            }
        )
    ok = parse_config(
        {**base, "aspect": [{"key": "a", "name": "A", "weight": 1, "computed": "task_completion"}]}
    )
    assert isinstance(ok, Config)


def test_obligation_status_from_reports() -> None:
    from jingtu.engines.evaluation import ReportFacts, obligation_status

    assert obligation_status([]) == ("not_started", None)
    r1 = ReportFacts("in_progress", D(2024, 3, 1), "accepted")
    r2 = ReportFacts("completed", D(2024, 6, 1), None)
    assert obligation_status([r1, r2]) == ("completed", D(2024, 6, 1))
    returned = ReportFacts("completed", D(2024, 6, 1), "returned")
    assert obligation_status([r1, returned]) == ("in_progress", None)
    with pytest.raises(ValueError, match="unknown report status"):
        obligation_status([ReportFacts("done", D(2024, 1, 1), None)])
