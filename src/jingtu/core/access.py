"""The one place where object-level access is decided (reads are scoped, writes are checked).

Every view, API endpoint, CLI command and action asks here; nothing scopes rows on its own.
"""

from __future__ import annotations

import operator
from functools import reduce
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q

from jingtu.core.access_spec import AccessSpec
from jingtu.core.roles import Role

READ = "view"
WRITE_ACTIONS = frozenset({"add", "change", "delete", "restore"})
_NOTHING = Q(pk__in=[])


def _spec(model: type[models.Model]) -> AccessSpec:
    spec = getattr(model, "access", None)
    if not isinstance(spec, AccessSpec):
        raise TypeError(f"{model.__name__} has no AccessSpec; it cannot be scoped")
    return spec


def role_of(user: Any) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return Role.PUBLIC
    if getattr(user, "is_superuser", False):
        return Role.MUNICIPAL_ADMIN
    return str(getattr(user, "role", Role.PUBLIC) or Role.PUBLIC)


def _user_district_id(user: Any) -> int | None:
    """District a user is confined to: their own, else their organisation's (None = whole city)."""
    if getattr(user, "district_id", None):
        return int(user.district_id)
    org = getattr(user, "organisation", None)
    return int(org.district_id) if org is not None and org.district_id else None


def _scope_q(user: Any, spec: AccessSpec, *, write: bool) -> Q | None:
    """Q for the rows the user may read (write=False) or write (write=True); None means all rows."""
    role = role_of(user)
    if write and role not in spec.writers:
        return _NOTHING
    if role == Role.MUNICIPAL_ADMIN:
        return None
    if role == Role.PUBLIC:
        if write or spec.public is None:
            return _NOTHING
        return Q(**{spec.public: True})
    if spec.open_read and not write:
        return None
    if role == Role.DEPARTMENT_STAFF and write:
        # a department writes only the rows its own unit answers for (e.g. its obligations)
        org_id = getattr(user, "organisation_id", None)
        return Q(**{_fk(spec.unit): org_id}) if spec.unit and org_id else _NOTHING
    if role in (Role.DISTRICT_STAFF, Role.DEPARTMENT_STAFF):
        district_id = _user_district_id(user)
        if district_id is None:
            # a municipal department reads the whole city; district staff without a district see nothing
            return None if role == Role.DEPARTMENT_STAFF else _NOTHING
        if spec.district is None:
            return _NOTHING
        return Q(**{_fk(spec.district): district_id})
    org_id = getattr(user, "organisation_id", None)
    if org_id is None:
        return _NOTHING
    parts = []
    if role == Role.ENTERPRISE and spec.organisation:
        parts.append(Q(**{_fk(spec.organisation): org_id}))
    if role == Role.CONSULTANT and spec.submitter:
        parts.append(Q(**{_fk(spec.submitter): org_id}))
    if not parts:
        return _NOTHING
    return reduce(operator.or_, parts)


def _fk(path: str) -> str:
    """Lookup comparing a FK path by id: "district" -> "district_id"; "plot__district" stays; "id" stays."""
    return path if "__" in path or path in ("id", "pk") else f"{path}_id"


def scope(user: Any, queryset: models.QuerySet[Any], action: str = READ) -> models.QuerySet[Any]:
    """Rows of `queryset` the user may see (action="view") or write (any write action)."""
    spec = _spec(queryset.model)
    write = action in WRITE_ACTIONS
    q = _scope_q(user, spec, write=write)
    if q is not None and _citywide(user, spec, write):
        q = q | Q(**{f"{spec.district}__isnull": True})
    return queryset if q is None else queryset.filter(q)


def _citywide(user: Any, spec: AccessSpec, write: bool) -> bool:
    """Does the spec's citywide_read open the municipal rows to this (signed-in) reader?"""
    return bool(spec.citywide_read and spec.district and not write and role_of(user) != Role.PUBLIC)


def _value(obj: Any, path: str) -> Any:
    """Follow a `__` path on an instance; FKs compare by id so unsaved objects work."""
    parts = path.split("__")
    for part in parts[:-1]:
        obj = getattr(obj, part, None)
        if obj is None:
            return None
    last = parts[-1]
    field_id = f"{last}_id"
    return getattr(obj, field_id) if hasattr(obj, field_id) else getattr(obj, last, None)


def can(user: Any, action: str, obj: models.Model) -> bool:
    """May `user` perform `action` ("view", "add", "change", "delete", "restore") on `obj`?"""
    spec = _spec(type(obj))
    write = action in WRITE_ACTIONS
    role = role_of(user)
    if write and role not in spec.writers:
        return False
    if role == Role.MUNICIPAL_ADMIN:
        return True
    if role == Role.PUBLIC:
        return not write and spec.public is not None and bool(_value(obj, spec.public))
    if spec.open_read and not write:
        return True
    if _citywide(user, spec, write) and spec.district and _value(obj, spec.district) is None:
        return True
    if role == Role.DEPARTMENT_STAFF and write:
        org_id = getattr(user, "organisation_id", None)
        return bool(spec.unit and org_id and _value(obj, spec.unit) == org_id)
    if role in (Role.DISTRICT_STAFF, Role.DEPARTMENT_STAFF):
        district_id = _user_district_id(user)
        if district_id is None:
            return role == Role.DEPARTMENT_STAFF
        return spec.district is not None and _value(obj, spec.district) == district_id
    org_id = getattr(user, "organisation_id", None)
    if org_id is None:
        return False
    if role == Role.ENTERPRISE and spec.organisation:
        return bool(_value(obj, spec.organisation) == org_id)
    if role == Role.CONSULTANT and spec.submitter:
        return bool(_value(obj, spec.submitter) == org_id)
    return False


def require(user: Any, action: str, obj: models.Model) -> None:
    """Raise PermissionDenied unless `can(user, action, obj)`."""
    if not can(user, action, obj):
        raise PermissionDenied(f"{role_of(user)} may not {action} {type(obj).__name__} {obj}")
