"""Versioned lists: proposals, human confirmation, and reconstruction of a list as of any date.

Three lists are kept as sequences of dated, confirmed entry/exit events (:class:`ListEvent`):

* ``remediation`` — 建设用地土壤污染风险管控和修复名录 (土壤污染防治法 第五十八条, 第六十一条, 第六十六条);
* ``priority`` — 优先监管地块清单 (DB11/T 2216-2024 §7-§8, half-yearly updates);
* ``dormant`` — 暂不开发利用受污染建设用地台账 (北京十四五规划 二（二）3).

A review conclusion or a score only *proposes* a change (:class:`Proposal`); :func:`confirm` turns it into a
:class:`ListEvent` with the confirming person and date. :func:`members_as_of` rebuilds any past list from the events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from .dates import month_end
from .reference import LifecycleConfig, default_config


class ListName(StrEnum):
    REMEDIATION = "remediation"  # 风险管控和修复名录
    PRIORITY = "priority"  # 优先监管地块清单
    DORMANT = "dormant"  # 暂不开发利用受污染建设用地台账


class ListAction(StrEnum):
    ENTER = "enter"
    EXIT = "exit"


class ListEventError(ValueError):
    """An inconsistent event sequence (exit without entry, entry while already listed, unconfirmed event)."""


@dataclass(frozen=True)
class Proposal:
    """A proposed list change the adapter shows to a person for confirmation.

    ``basis`` says what proposed it (e.g. ``"review:2025-03-02 risk_unacceptable"`` or ``"score:72/100"``);
    ``clause_id`` is the clause (``clauses.toml``) under which the list is kept.
    """

    list_name: ListName
    action: ListAction
    plot: str
    proposed_on: date
    basis: str
    clause_id: str
    reason_zh: str
    reason_en: str


@dataclass(frozen=True)
class ListEvent:
    """A confirmed change of a list, effective on ``effective_on``.

    ``confirmed_by`` is the person (user name) who confirmed it; the adapter stores one row per event. Events are
    never edited: a mistaken entry is undone by a later exit event.
    """

    list_name: ListName
    action: ListAction
    plot: str
    effective_on: date
    confirmed_by: str
    confirmed_on: date
    basis: str = ""


def confirm(
    proposal: Proposal, *, confirmed_by: str, confirmed_on: date, effective_on: date | None = None
) -> ListEvent:
    """Confirm a proposal (the human step). The change takes effect on ``effective_on`` (default: ``confirmed_on``).

    Raises ``ValueError`` if nobody is named or the confirmation predates the proposal.
    """
    if not confirmed_by.strip():
        raise ValueError("confirmation needs the name of the person who confirms")
    if confirmed_on < proposal.proposed_on:
        raise ValueError(
            f"confirmation date {confirmed_on.isoformat()} is before the proposal date {proposal.proposed_on.isoformat()}"
        )
    return ListEvent(
        list_name=proposal.list_name,
        action=proposal.action,
        plot=proposal.plot,
        effective_on=effective_on or confirmed_on,
        confirmed_by=confirmed_by.strip(),
        confirmed_on=confirmed_on,
        basis=proposal.basis,
    )


def _ordered(events: Iterable[ListEvent], list_name: ListName) -> list[ListEvent]:
    # Stable sort: events with the same effective date keep the caller's order (the order of confirmation).
    chosen = [e for e in events if e.list_name == list_name]
    return sorted(chosen, key=lambda e: (e.effective_on, e.confirmed_on))


def members_as_of(events: Iterable[ListEvent], list_name: ListName, as_of: date) -> frozenset[str]:
    """Plot codes on ``list_name`` at the end of ``as_of`` (events effective on or before that day).

    Raises :class:`ListEventError` on an exit of a plot not on the list or a second entry of a listed plot.
    """
    members: set[str] = set()
    for ev in _ordered(events, list_name):
        if ev.effective_on > as_of:
            break
        _apply(members, ev)
    return frozenset(members)


def _apply(members: set[str], ev: ListEvent) -> None:
    if not ev.confirmed_by:
        raise ListEventError(f"{ev.list_name} event of plot {ev.plot} on {ev.effective_on} is not confirmed")
    if ev.action is ListAction.ENTER:
        if ev.plot in members:
            raise ListEventError(
                f"{ev.list_name}: plot {ev.plot} entered on {ev.effective_on.isoformat()} but is already listed"
            )
        members.add(ev.plot)
    else:
        if ev.plot not in members:
            raise ListEventError(
                f"{ev.list_name}: plot {ev.plot} leaves on {ev.effective_on.isoformat()} but is not listed"
            )
        members.remove(ev.plot)


@dataclass(frozen=True)
class ListVersion:
    """The list as it stood from ``valid_from`` (inclusive) until the next version."""

    valid_from: date
    members: frozenset[str]
    entered: frozenset[str]
    exited: frozenset[str]


def versions(events: Iterable[ListEvent], list_name: ListName) -> list[ListVersion]:
    """Every version of a list, one per date on which it changed, oldest first."""
    out: list[ListVersion] = []
    members: set[str] = set()
    ordered = _ordered(events, list_name)
    i = 0
    while i < len(ordered):
        day = ordered[i].effective_on
        before = frozenset(members)
        while i < len(ordered) and ordered[i].effective_on == day:
            _apply(members, ordered[i])
            i += 1
        after = frozenset(members)
        out.append(ListVersion(day, after, after - before, before - after))
    return out


def is_member(events: Iterable[ListEvent], list_name: ListName, plot: str, as_of: date) -> bool:
    return plot in members_as_of(events, list_name, as_of)


# ------------------------------------------------------------------------------ half-yearly priority-list updates


def priority_update_due_dates(district: str, year: int, config: LifecycleConfig | None = None) -> list[date]:
    """Due dates of the 优先监管地块清单 updates of ``district`` (GB/T 2260 code) in ``year``.

    Each due date is the last day of a configured month (``config.toml`` [priority_list.update_months]; default
    March and September, Daxing 110115 February and August — clause LOCAL-PRIORITY-DATES, a local policy setting).
    """
    cfg = config or default_config()
    return [month_end(year, m) for m in cfg.update_months(district)]


def next_priority_update_due(district: str, after: date, config: LifecycleConfig | None = None) -> date:
    """The first due date strictly after ``after``."""
    for year in (after.year, after.year + 1):
        for due in priority_update_due_dates(district, year, config):
            if due > after:
                return due
    raise AssertionError("unreachable: every year has at least one due date")


def overdue_priority_update(
    district: str, last_update: date | None, today: date, config: LifecycleConfig | None = None
) -> date | None:
    """The missed due date if the district's list was not updated by its latest due date on or before ``today``.

    An update made on any day after the previous due date and on or before a due date counts for that due date.
    ``last_update`` None (never updated) -> the latest due date on or before ``today``.
    """
    cfg = config or default_config()
    past = [
        d
        for y in (today.year - 1, today.year)
        for d in priority_update_due_dates(district, y, cfg)
        if d <= today
    ]
    latest_due = max(past)
    previous = [
        d
        for y in (today.year - 2, today.year - 1, today.year)
        for d in priority_update_due_dates(district, y, cfg)
    ]
    window_start = max(d for d in previous if d < latest_due)
    if last_update is not None and window_start < last_update:
        return None
    return latest_due
