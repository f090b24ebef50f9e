"""Deadline states of tracked obligations and quarter boundaries."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class DeadlineState(StrEnum):
    DONE = "done"  # completed on or before the due date (or no due date)
    DONE_LATE = "done_late"  # completed after the due date
    OVERDUE = "overdue"  # open and the due date has passed
    DUE_SOON = "due_soon"  # open and due within `due_soon_days` (inclusive of today)
    OPEN = "open"  # open, due later
    NO_DUE_DATE = "no_due_date"  # open, the plan gave no resolvable date (按时间节点完成, 长期坚持)


def deadline_state(
    due: dt.date | None, completed_on: dt.date | None, today: dt.date, due_soon_days: int = 30
) -> DeadlineState:
    """State of one obligation on `today`.

    An obligation is overdue from the day after its due date (a due date "年底前" = 12-31 is met on 12-31);
    due soon when `0 <= due - today <= due_soon_days` days.
    """
    if completed_on is not None:
        if due is not None and completed_on > due:
            return DeadlineState.DONE_LATE
        return DeadlineState.DONE
    if due is None:
        return DeadlineState.NO_DUE_DATE
    if today > due:
        return DeadlineState.OVERDUE
    if (due - today).days <= due_soon_days:
        return DeadlineState.DUE_SOON
    return DeadlineState.OPEN


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """First and last day of calendar quarter 1–4 of `year`."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1..4, got {quarter}")
    first = dt.date(year, 3 * quarter - 2, 1)
    last = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return first, last - dt.timedelta(days=1)
