"""Screening engine: outcome per result against GB 36600 / GB 15618 / GB/T 14848 (or a combined standard).
Framework-free and vectorised; see :mod:`jingtu.engines.screening.engine` for the rules."""

from __future__ import annotations

from .engine import EXTRA_COLUMNS, FINDING_COLUMNS, OUTCOMES, SEVERITY, ScreeningResult, screen

__all__ = ["EXTRA_COLUMNS", "FINDING_COLUMNS", "OUTCOMES", "SEVERITY", "ScreeningResult", "screen"]
