"""Shared model machinery: regulatory records are audited and never hard-deleted."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from jingtu.core.access_spec import AccessSpec


class HardDeleteForbidden(Exception):
    """Regulatory records are soft-deleted through the actions layer, never removed."""


class LiveQuerySet(models.QuerySet[Any]):
    def delete(self) -> tuple[int, dict[str, int]]:
        raise HardDeleteForbidden(
            f"{self.model.__name__} rows are regulatory records; use actions.soft_delete"
        )


class LiveManager(models.Manager[Any]):
    """Default manager: hides soft-deleted rows."""

    def get_queryset(self) -> LiveQuerySet:
        return LiveQuerySet(self.model, using=self._db).filter(deleted_at__isnull=True)


class AllManager(models.Manager[Any]):
    def get_queryset(self) -> LiveQuerySet:
        return LiveQuerySet(self.model, using=self._db)


class RegulatoryRecord(models.Model):
    """Abstract base of every regulatory record.

    Writes go through `jingtu.core.actions` (permission check, change, audit). History of every change is kept by
    django-simple-history on the concrete model; deletion is a soft delete that can be restored.
    """

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)
    delete_reason = models.CharField(_("reason for deletion"), max_length=500, blank=True, editable=False)

    objects = LiveManager()
    all_objects = AllManager()

    access: ClassVar[AccessSpec] = AccessSpec()

    class Meta:
        abstract = True

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise HardDeleteForbidden(f"{type(self).__name__} is a regulatory record; use actions.soft_delete")

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class AuditEvent(models.Model):
    """One entry per write done through the actions layer: who, when, what, and the field changes."""

    class Verb(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("updated")
        DELETE = "delete", _("deleted")
        RESTORE = "restore", _("restored")
        ACTION = "action", _("action")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verb = models.CharField(_("verb"), max_length=16, choices=Verb.choices)
    action = models.CharField(_("action"), max_length=100, help_text=_("name of the action function"))
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, null=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.verb} {self.object_repr}"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise HardDeleteForbidden("the audit log is append-only")
