"""Generic write actions: every write to a regulatory record is permission check + change + audit record.

Domain apps build their own actions on these (e.g. `jingtu.plots.actions.create_plot`). Each runs in one
transaction, so a refused or failed write leaves nothing half-written.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from jingtu.core import access
from jingtu.core.models import AuditEvent, RegulatoryRecord

M = TypeVar("M", bound=models.Model)


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "wkt"):  # geometry: keep it short in the log; full history is in the history table
        return f"<{value.geom_type} srid={value.srid}>"
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def _field_values(obj: models.Model) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in ("created_at", "updated_at"):
            continue
        out[field.name] = _jsonable(getattr(obj, field.attname))
    return out


def history_user(actor: Any) -> Any:
    """The user a history row or audit event names: the actor when signed in, else None (system, CLI)."""
    return actor if getattr(actor, "is_authenticated", False) else None


def record(
    actor: Any,
    verb: str,
    obj: models.Model | None,
    *,
    action: str,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> AuditEvent:
    """Append one audit event."""
    return AuditEvent.objects.create(
        actor=history_user(actor),
        verb=verb,
        action=action,
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        changes=changes or {},
        reason=reason[:500],
    )


def _save(actor: Any, obj: models.Model, reason: str) -> None:
    # simple_history reads these to attribute the history row
    obj._history_user = history_user(actor)  # type: ignore[attr-defined]
    obj._change_reason = reason or None  # type: ignore[attr-defined]
    obj.full_clean()
    obj.save()


@transaction.atomic
def create(actor: Any, model: type[M], *, reason: str = "", action: str = "create", **fields: Any) -> M:
    obj = model(**fields)
    access.require(actor, "add", obj)
    _save(actor, obj, reason)
    record(actor, AuditEvent.Verb.CREATE, obj, action=action, changes=_field_values(obj), reason=reason)
    return obj


@transaction.atomic
def update(actor: Any, obj: M, *, reason: str = "", action: str = "update", **changes: Any) -> M:
    access.require(actor, "change", obj)
    before = _field_values(obj)
    for name, value in changes.items():
        if not hasattr(obj, name):
            raise AttributeError(f"{type(obj).__name__} has no field {name}")
        setattr(obj, name, value)
    access.require(actor, "change", obj)  # the change may not move the row out of the actor's scope
    _save(actor, obj, reason)
    after = _field_values(obj)
    diff = {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
    record(actor, AuditEvent.Verb.UPDATE, obj, action=action, changes=diff, reason=reason)
    return obj


@transaction.atomic
def soft_delete(
    actor: Any, obj: RegulatoryRecord, *, reason: str, action: str = "delete"
) -> RegulatoryRecord:
    if not reason.strip():
        raise ValueError("a reason is required to delete a regulatory record")
    access.require(actor, "delete", obj)
    obj.deleted_at = timezone.now()
    obj.delete_reason = reason
    _save(actor, obj, reason)
    record(actor, AuditEvent.Verb.DELETE, obj, action=action, reason=reason)
    return obj


@transaction.atomic
def restore(
    actor: Any, obj: RegulatoryRecord, *, reason: str = "", action: str = "restore"
) -> RegulatoryRecord:
    access.require(actor, "restore", obj)
    obj.deleted_at = None
    obj.delete_reason = ""
    _save(actor, obj, reason)
    record(actor, AuditEvent.Verb.RESTORE, obj, action=action, reason=reason)
    return obj
