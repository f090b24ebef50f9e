"""Scores of the quarterly district evaluation (0–100 points per indicator, aspect and in total).

The aspect structure follows 土壤污染治理效果评价办法（试行） (three aspects: 土壤改良及监测达标, 重点任务落实情况,
推动提高绿色发展水平, as quoted by 东城区净土保卫战2024年行动计划 task 10). The scoring rules below are Jingtu's
own, documented here and in docs/plan-tracking.md, because the 办法's rules were not available: treat the
result as an internal progress indicator until the 办法's published rules replace them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .config import Aspect, Config, Indicator


def indicator_score(indicator: Indicator, value: float | None) -> float | None:
    """Points (0–100) of one indicator value against its target; None when no value was entered.

    ">=" (higher is better, e.g. 安全利用率 in %): 100 × min(1, value / target).
    "<=" (lower is better): 100 when value ≤ target, else 100 × target / value.
    Negative values score 0. Units are those of the indicator (usually %).
    """
    if value is None:
        return None
    if value <= 0:
        return 0.0 if indicator.op == ">=" else 100.0
    if indicator.op == ">=":
        return 100.0 * min(1.0, value / indicator.target)
    return 100.0 if value <= indicator.target else 100.0 * indicator.target / value


@dataclass(frozen=True)
class AspectResult:
    key: str
    name: str
    weight: float
    score: float | None  # 0–100; None when nothing could be scored
    detail: dict[str, float | None] = field(default_factory=dict)  # indicator key -> points
    missing: tuple[str, ...] = ()  # indicator keys without a value


def aspect_score(aspect: Aspect, values: Mapping[str, float | None]) -> AspectResult:
    """Weighted mean (0–100) of the aspect's indicator points; weights of missing indicators are
    redistributed over those entered (reported in `missing`)."""
    detail = {ind.key: indicator_score(ind, values.get(ind.key)) for ind in aspect.indicators}
    scored = [(ind.weight, detail[ind.key]) for ind in aspect.indicators if detail[ind.key] is not None]
    missing = tuple(k for k, v in detail.items() if v is None)
    total_w = sum(w for w, _ in scored)
    score = sum(w * s for w, s in scored if s is not None) / total_w if total_w > 0 else None
    return AspectResult(aspect.key, aspect.name, aspect.weight, score, detail, missing)


@dataclass(frozen=True)
class ObligationFacts:
    """What the evaluation needs of one tracked obligation."""

    due: dt.date | None
    completed_on: dt.date | None


@dataclass(frozen=True)
class TaskCompletion:
    score: float | None  # 0–100; None when no obligation was assessable
    assessed: int  # obligations due by the period end, or completed by then
    on_time: int
    late: int
    missed: int  # due by the period end and not completed by then


def task_completion(
    obligations: Iterable[ObligationFacts], period_end: dt.date, late_credit: float
) -> TaskCompletion:
    """重点任务落实情况: share of assessable obligations completed, in points (0–100).

    Assessable = due on or before `period_end`, or completed on or before it (early completion counts).
    Credit: 1 when completed by the due date (or without a due date), `late_credit` when completed after the due
    date but by `period_end`, 0 when due and not completed by `period_end`. Obligations without a due date that
    are still open are not assessed.
    """
    on_time = late = missed = 0
    for ob in obligations:
        done = ob.completed_on is not None and ob.completed_on <= period_end
        if done:
            assert ob.completed_on is not None
            if ob.due is not None and ob.completed_on > ob.due:
                late += 1
            else:
                on_time += 1
        elif ob.due is not None and ob.due <= period_end:
            missed += 1
    assessed = on_time + late + missed
    score = 100.0 * (on_time + late_credit * late) / assessed if assessed else None
    return TaskCompletion(score, assessed, on_time, late, missed)


@dataclass(frozen=True)
class EvaluationResult:
    aspects: tuple[AspectResult, ...]
    total: float | None  # 0–100, weighted over the aspects that could be scored
    weights: dict[str, float]
    coverage: float  # sum of the weights of the aspects scored (1.0 = all)
    tasks: TaskCompletion
    config_version: str


def evaluate(
    config: Config,
    values: Mapping[str, float | None],
    obligations: Iterable[ObligationFacts],
    period_end: dt.date,
    weights: Mapping[str, float] | None = None,
) -> EvaluationResult:
    """Total score (0–100) = Σ weight_a × score_a / Σ weight_a over aspects with a score.

    `values` maps indicator keys to the entered values; `weights` overrides the aspect weights of `config`
    (they must be ≥ 0 and sum to 1). An aspect without any score is left out and `coverage` < 1 says so.
    """
    w = dict(config.weights)
    if weights is not None:
        unknown = set(weights) - set(w)
        if unknown:
            raise ValueError(f"unknown aspect(s) in weights: {sorted(unknown)}")
        w.update({k: float(v) for k, v in weights.items()})
        if any(v < 0 for v in w.values()) or abs(sum(w.values()) - 1.0) > 1e-6:
            raise ValueError(f"aspect weights must be ≥ 0 and sum to 1, got {w}")
    tasks = task_completion(obligations, period_end, config.late_credit)
    results: list[AspectResult] = []
    for aspect in config.aspects:
        if aspect.computed == "task_completion":
            r = AspectResult(aspect.key, aspect.name, w[aspect.key], tasks.score)
        else:
            base = aspect_score(aspect, values)
            r = AspectResult(base.key, base.name, w[aspect.key], base.score, base.detail, base.missing)
        results.append(r)
    scored = [r for r in results if r.score is not None]
    coverage = sum(r.weight for r in scored)
    total = (
        sum(r.weight * r.score for r in scored if r.score is not None) / coverage if coverage > 0 else None
    )
    return EvaluationResult(tuple(results), total, w, coverage, tasks, config.version)
