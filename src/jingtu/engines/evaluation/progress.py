"""An obligation's status from its progress reports and the lead unit's reviews."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

REPORT_STATUSES = ("not_started", "in_progress", "completed", "blocked")
REVIEW_DECISIONS = ("accepted", "returned")


@dataclass(frozen=True)
class ReportFacts:
    status: str  # one of REPORT_STATUSES
    reported_on: dt.date
    review: str | None  # None (not reviewed yet), "accepted" or "returned"


def obligation_status(reports: Iterable[ReportFacts]) -> tuple[str, dt.date | None]:
    """(status, completed_on) of an obligation.

    The latest report the lead unit has not returned decides the status (ties: later in the sequence wins).
    A returned report no longer counts: a "completed" report returned by the lead unit re-opens the obligation.
    completed_on is the date of that latest report when its status is "completed", else None.
    With no standing report the status is "not_started".
    """
    latest: ReportFacts | None = None
    for r in reports:
        if r.status not in REPORT_STATUSES:
            raise ValueError(f"unknown report status {r.status!r}; expected one of {REPORT_STATUSES}")
        if r.review is not None and r.review not in REVIEW_DECISIONS:
            raise ValueError(f"unknown review decision {r.review!r}; expected one of {REVIEW_DECISIONS}")
        if r.review == "returned":
            continue
        if latest is None or r.reported_on >= latest.reported_on:
            latest = r
    if latest is None:
        return "not_started", None
    return latest.status, latest.reported_on if latest.status == "completed" else None
