"""Versioned lists (reconstruction as of past dates), half-yearly due dates per district, priority scoring."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from jingtu.engines.lifecycle import (
    ClosedSiteFacts,
    ListAction,
    ListEvent,
    ListEventError,
    ListName,
    default_config,
    members_as_of,
    next_priority_update_due,
    overdue_priority_update,
    parse_config,
    priority_update_due_dates,
    propose_priority_entries,
    score_site,
    versions,
)
from jingtu.engines.lifecycle.priority import default_scoring, parse_scoring
from jingtu.engines.lifecycle.reference import (
    CONFIG_FILE,
    SCORING_FILE,
    ReferenceDataError,
    _read_toml,
    cite,
    clauses,
)

P = ListName.PRIORITY


def ev(plot: str, action: ListAction, on: date, name: ListName = P) -> ListEvent:
    return ListEvent(name, action, plot, on, "alice", on)


EVENTS = [
    ev("A", ListAction.ENTER, date(2024, 3, 31)),
    ev("B", ListAction.ENTER, date(2024, 3, 31)),
    ev("C", ListAction.ENTER, date(2024, 9, 30)),
    ev("A", ListAction.EXIT, date(2024, 9, 30)),
    ev("A", ListAction.ENTER, date(2025, 3, 31)),  # re-entry after exit
    ev("X", ListAction.ENTER, date(2024, 1, 1), ListName.REMEDIATION),  # another list: ignored
]


@pytest.mark.parametrize(
    "as_of,expected",
    [
        (date(2024, 3, 30), set()),
        (date(2024, 3, 31), {"A", "B"}),  # effective on the day
        (date(2024, 9, 29), {"A", "B"}),
        (date(2024, 9, 30), {"B", "C"}),
        (date(2025, 1, 1), {"B", "C"}),
        (date(2025, 3, 31), {"A", "B", "C"}),
    ],
)
def test_members_as_of_past_dates(as_of: date, expected: set[str]) -> None:
    assert members_as_of(EVENTS, P, as_of) == frozenset(expected)


def test_reconstruction_does_not_depend_on_input_order() -> None:
    shuffled = list(reversed(EVENTS))  # events are ordered by effective date, not by input position
    for d in (date(2024, 3, 31), date(2024, 9, 30), date(2025, 3, 31)):
        assert members_as_of(shuffled, P, d) == members_as_of(EVENTS, P, d)


def test_versions_list_every_change() -> None:
    vs = versions(EVENTS, P)
    assert [v.valid_from for v in vs] == [date(2024, 3, 31), date(2024, 9, 30), date(2025, 3, 31)]
    assert vs[1].entered == {"C"} and vs[1].exited == {"A"} and vs[1].members == {"B", "C"}
    assert versions(EVENTS, ListName.REMEDIATION)[0].members == {"X"}


def test_inconsistent_events_are_rejected() -> None:
    with pytest.raises(ListEventError, match="not listed"):
        members_as_of([ev("A", ListAction.EXIT, date(2024, 1, 1))], P, date(2024, 1, 2))
    with pytest.raises(ListEventError, match="already listed"):
        members_as_of(
            [ev("A", ListAction.ENTER, date(2024, 1, 1)), ev("A", ListAction.ENTER, date(2024, 2, 1))],
            P,
            date(2024, 3, 1),
        )
    with pytest.raises(ListEventError, match="not confirmed"):
        members_as_of(
            [replace(ev("A", ListAction.ENTER, date(2024, 1, 1)), confirmed_by="")], P, date(2024, 1, 2)
        )
    # an inconsistent event after the date asked for does not matter for that date
    bad_later = [ev("A", ListAction.ENTER, date(2024, 1, 1)), ev("B", ListAction.EXIT, date(2024, 6, 1))]
    assert members_as_of(bad_later, P, date(2024, 5, 1)) == {"A"}


# --------------------------------------------------------------------------------------- half-year due dates


def test_due_dates_municipal_default_and_dongcheng() -> None:
    assert priority_update_due_dates("110000", 2025) == [date(2025, 3, 31), date(2025, 9, 30)]
    # Dongcheng: its 2024 plan names no dates -> municipal default
    assert priority_update_due_dates("110101", 2025) == [date(2025, 3, 31), date(2025, 9, 30)]


def test_due_dates_daxing_february_and_august_with_leap_year() -> None:
    assert priority_update_due_dates("110115", 2025) == [date(2025, 2, 28), date(2025, 8, 31)]
    assert priority_update_due_dates("110115", 2024) == [date(2024, 2, 29), date(2024, 8, 31)]


def test_next_due_rolls_over_the_year() -> None:
    assert next_priority_update_due("110101", date(2025, 3, 31)) == date(2025, 9, 30)
    assert next_priority_update_due("110101", date(2025, 10, 1)) == date(2026, 3, 31)
    assert next_priority_update_due("110115", date(2025, 9, 1)) == date(2026, 2, 28)


def test_overdue_window() -> None:
    # update after the previous due date (2024-09-30) counts for the 2025-03-31 due date
    assert overdue_priority_update("110101", date(2024, 10, 1), date(2025, 4, 1)) is None
    assert overdue_priority_update("110101", date(2024, 9, 30), date(2025, 4, 1)) == date(2025, 3, 31)
    # before the first due date of the year the latest missed one is last September's
    assert overdue_priority_update("110101", date(2024, 3, 1), date(2025, 1, 15)) == date(2024, 9, 30)


def test_district_months_are_configurable() -> None:
    data = _read_toml(CONFIG_FILE)
    data["priority_list"]["update_months"]["110105"] = [1, 7]
    cfg = parse_config(data)
    assert priority_update_due_dates("110105", 2025, cfg) == [date(2025, 1, 31), date(2025, 7, 31)]
    assert default_config().update_months("110105") == (3, 9)


@pytest.mark.parametrize(
    "section,key,value",
    [
        ("sequencing", "distance_m", -1),
        ("review", "min_experts", "three"),
        ("priority_list", "update_months", {"110101": [3, 9]}),  # no default
    ],
)
def test_bad_config_names_the_field(section: str, key: str, value: Any) -> None:
    data = _read_toml(CONFIG_FILE)
    data[section][key] = value
    with pytest.raises(ReferenceDataError, match=key if key != "update_months" else "default"):
        parse_config(data)


def test_bad_month_rejected() -> None:
    data = _read_toml(CONFIG_FILE)
    data["priority_list"]["update_months"]["110115"] = [2, 13]
    with pytest.raises(ReferenceDataError, match="110115"):
        parse_config(data)


# --------------------------------------------------------------------------------------- scoring


def site(**kw: Any) -> ClosedSiteFacts:
    base: dict[str, Any] = dict(
        plot="S-1",
        district="110101",
        industry="electroplating",
        production_years=20,
        area_m2=50000,
        receptor_distance_m=300,
    )
    base.update(kw)
    return ClosedSiteFacts(**base)


def test_score_bands_from_the_table() -> None:
    s = score_site(site())
    # electroplating 40 (6+1 industry), 20 years -> 15, 50 000 m2 -> 10, 300 m -> 15
    assert (s.industry, s.years, s.area, s.sensitivity, s.total) == (40, 15, 10, 15, 80)
    assert s.proposed and s.table_version == "jingtu-provisional-1"


def test_score_band_edges_and_unknowns() -> None:
    assert score_site(site(production_years=30)).years == 20
    assert score_site(site(production_years=29.9)).years == 15
    assert score_site(site(area_m2=100000)).area == 15
    assert score_site(site(receptor_distance_m=100)).sensitivity == 25
    assert score_site(site(receptor_distance_m=1000.1)).sensitivity == 0
    assert score_site(site(receptor_distance_m=None)).sensitivity == 25  # unknown: conservative
    assert score_site(site(industry="textiles")).industry == 10  # other industry
    assert score_site(site(industry="pharmaceutical")).industry == 25
    with pytest.raises(ValueError, match="S-1"):
        score_site(site(area_m2=-1))


def test_threshold_decides_the_proposal() -> None:
    low = site(plot="S-2", industry="textiles", production_years=3, area_m2=5000, receptor_distance_m=2000)
    assert score_site(low).total == 10 + 5 + 3 + 0
    exactly = site(
        plot="S-3", industry="chemical", production_years=5, area_m2=30000, receptor_distance_m=2000
    )
    assert score_site(exactly).total == 40 + 10 + 10 + 0 == default_scoring().threshold
    below = replace(exactly, plot="S-4", area_m2=29999)  # 40 + 10 + 6 + 0 = 56
    assert score_site(below).total == 56 and not score_site(below).proposed
    props = propose_priority_entries([below, exactly, site(), low], frozenset(), date(2025, 3, 1))
    assert [p.plot for p in props] == ["S-1", "S-3"]  # highest score first
    assert props[0].basis.startswith("score:80/100") and props[0].clause_id == "DB11-2216"
    assert props[0].action is ListAction.ENTER and props[0].list_name is ListName.PRIORITY
    # already on the list: not proposed again
    assert propose_priority_entries([site()], frozenset({"S-1"}), date(2025, 3, 1)) == []


def test_scoring_table_maxima_must_add_up() -> None:
    data = _read_toml(SCORING_FILE)
    data["area_m2"]["max_points"] = 20
    with pytest.raises(ReferenceDataError, match="max_total"):
        parse_scoring(data)
    assert default_scoring().max_total == 100


# --------------------------------------------------------------------------------------- clauses


def test_clause_registry_loads_and_marks_unverified_numbers() -> None:
    cs = clauses()
    assert cs["SPL-59"].verified and not cs["SPL-61"].verified
    assert cite("SPL-59").endswith("）")
    assert cite("SPL-61").endswith("〔条号未核实〕")
    assert cite("LOCAL-SEQ-DISTANCE").endswith("〔未核实〕")
    with pytest.raises(KeyError, match="NOPE"):
        cite("NOPE")
