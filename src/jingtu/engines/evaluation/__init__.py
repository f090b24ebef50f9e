"""Quarterly district evaluation of soil-pollution control and obligation deadline states (framework-free).

Structure after 土壤污染治理效果评价办法（试行）'s three aspects (土壤改良及监测达标; 重点任务落实情况; 推动提高绿色发展水平),
as quoted by 东城区净土保卫战2024年行动计划 task 10. Weights and indicators are configuration
(`src/jingtu/data/evaluation/weights.toml`, a local default — NOT the 办法's numbers, which were not available).

Public API::

    load_config(path=None) -> Config
    quarter_bounds(year, quarter) -> (first_day, last_day)
    deadline_state(due, completed_on, today, due_soon_days) -> DeadlineState
    indicator_score(indicator, value) -> float | None
    task_completion(obligations, period_end, late_credit) -> TaskCompletion
    evaluate(config, values, obligations, period_end, weights=None) -> EvaluationResult
    obligation_status(reports) -> (status, completed_on)
"""

from __future__ import annotations

from .config import Aspect, Config, ConfigError, Indicator, load_config
from .deadlines import DeadlineState, deadline_state, quarter_bounds
from .progress import REPORT_STATUSES, REVIEW_DECISIONS, ReportFacts, obligation_status
from .scoring import (
    AspectResult,
    EvaluationResult,
    ObligationFacts,
    TaskCompletion,
    aspect_score,
    evaluate,
    indicator_score,
    task_completion,
)

__all__ = [
    "REPORT_STATUSES",
    "REVIEW_DECISIONS",
    "ReportFacts",
    "obligation_status",
    "Aspect",
    "AspectResult",
    "Config",
    "ConfigError",
    "DeadlineState",
    "EvaluationResult",
    "Indicator",
    "ObligationFacts",
    "TaskCompletion",
    "aspect_score",
    "deadline_state",
    "evaluate",
    "indicator_score",
    "load_config",
    "quarter_bounds",
    "task_completion",
]
