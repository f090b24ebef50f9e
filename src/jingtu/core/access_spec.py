"""How a model is scoped: which fields tie a row to a district, an organisation, a submitter, the public."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class AccessSpec:
    """Field paths (Django `__` lookups) used by `jingtu.core.access` to scope rows.

    district: the row's district (district staff and district departments see their district).
    organisation: the regulated unit that owns the row (enterprise users see their unit's rows).
    submitter: the organisation that submitted the row (consultants/labs see their submissions).
    unit: the government unit answering for the row; department staff may write rows of their own unit.
    public: boolean field marking the row as published (the public sees only these).
    open_read: every signed-in user may read (registries such as organisations).
    citywide_read: rows whose district is empty (municipal rows, e.g. the city's background-value set) may be read
        by every signed-in user; rows of a district stay scoped to it.
    writers: roles allowed to write rows in their scope.
    """

    district: str | None = None
    organisation: str | None = None
    submitter: str | None = None
    unit: str | None = None
    public: str | None = None
    open_read: bool = False
    citywide_read: bool = False
    writers: frozenset[str] = field(default_factory=lambda: frozenset({"municipal_admin", "district_staff"}))
