"""Calendar helpers for legal periods.

Periods in years/months follow 《民法典》第二百零一条/第二百零二条 (clause CIVIL-202, article numbers unverified):
the period ends on the corresponding day of the final month, or on the last day of that month when it has no
corresponding day (2024-02-29 + 1 year -> 2025-02-28).
"""

from __future__ import annotations

import calendar
from datetime import date


def month_end(year: int, month: int) -> date:
    """Last day of ``year``-``month``."""
    return date(year, month, calendar.monthrange(year, month)[1])


def add_months(start: date, months: int) -> date:
    """The corresponding day ``months`` months after ``start`` (month-end when there is none)."""
    index = start.year * 12 + (start.month - 1) + months
    year, month0 = divmod(index, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(start.day, last))


def add_years(start: date, years: int) -> date:
    """The corresponding day ``years`` years after ``start`` (Feb 29 -> Feb 28)."""
    return add_months(start, 12 * years)
