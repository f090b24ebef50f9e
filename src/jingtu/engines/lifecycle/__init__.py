"""Construction-land lifecycle engine: state machine, legal gates, lists (framework-free, no Django).

The Django adapter maps model rows to the dataclasses here and shows the decisions:

* :func:`check_transition` / :func:`apply_transition` — lifecycle transitions with evidence (``machine``);
* :func:`propose_from_review` + :func:`confirm` — list changes proposed by a review, confirmed by a person;
* :func:`check_all` — every rule over every plot (``jingtu plots check``), :func:`alert_lists` to group them;
* :func:`members_as_of` / :func:`versions` — any past version of a list from its dated events;
* :func:`score_site` / :func:`propose_priority_entries` / :func:`priority_update_due_dates` — priority list;
* :func:`gb36600_class` / :func:`is_sensitive` — GB 50137 land use -> GB 36600 class, "一住两公".
"""

from .alerts import AlertList, alert_lists
from .landuse import Gb36600Mapping, UnknownLandUse, gb36600_class, is_sensitive, lookup
from .lists import (
    ListAction,
    ListEvent,
    ListEventError,
    ListName,
    ListVersion,
    Proposal,
    confirm,
    members_as_of,
    next_priority_update_due,
    overdue_priority_update,
    priority_update_due_dates,
    versions,
)
from .machine import (
    TRANSITIONS,
    Conclusion,
    Decision,
    Evidence,
    Milestone,
    PlotState,
    Report,
    ReportKind,
    Review,
    State,
    TransitionRefused,
    allowed_targets,
    apply_transition,
    check_transition,
    propose_from_review,
)
from .priority import ClosedSiteFacts, SiteScore, propose_priority_entries, score_site
from .reference import LifecycleConfig, clauses, default_config, parse_config
from .rules import (
    RULES,
    Department,
    DistrictFacts,
    DormantStatus,
    EventKind,
    Neighbour,
    PermitEvent,
    PlotFacts,
    Severity,
    Violation,
    check_all,
    check_district,
    check_plot,
    dormant_status,
)

__all__ = [
    "RULES",
    "TRANSITIONS",
    "AlertList",
    "ClosedSiteFacts",
    "Conclusion",
    "Decision",
    "Department",
    "DistrictFacts",
    "DormantStatus",
    "EventKind",
    "Evidence",
    "Gb36600Mapping",
    "LifecycleConfig",
    "ListAction",
    "ListEvent",
    "ListEventError",
    "ListName",
    "ListVersion",
    "Milestone",
    "Neighbour",
    "PermitEvent",
    "PlotFacts",
    "PlotState",
    "Proposal",
    "Report",
    "ReportKind",
    "Review",
    "Severity",
    "SiteScore",
    "State",
    "TransitionRefused",
    "UnknownLandUse",
    "Violation",
    "alert_lists",
    "allowed_targets",
    "apply_transition",
    "check_all",
    "check_district",
    "check_plot",
    "check_transition",
    "clauses",
    "confirm",
    "default_config",
    "dormant_status",
    "gb36600_class",
    "is_sensitive",
    "lookup",
    "members_as_of",
    "next_priority_update_due",
    "overdue_priority_update",
    "parse_config",
    "priority_update_due_dates",
    "propose_from_review",
    "propose_priority_entries",
    "score_site",
    "versions",
]
