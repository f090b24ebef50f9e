"""Admin base for regulatory records: saves and deletes go through the actions layer (audit + soft delete)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from jingtu.core import access, actions
from jingtu.core.models import AuditEvent


class RegulatoryAdmin(SimpleHistoryAdmin):  # type: ignore[misc]
    """Scoped reads, audited writes, soft delete with restore."""

    actions = ["restore_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = self.model.all_objects.all()
        return access.scope(request.user, qs)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        ok = super().has_change_permission(request, obj)
        return ok and (obj is None or access.can(request.user, "change", obj))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        ok = super().has_delete_permission(request, obj)
        return ok and (obj is None or access.can(request.user, "delete", obj))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change:
            fields = {
                name: form.cleaned_data[name] for name in form.changed_data if name in form.cleaned_data
            }
            fresh = type(obj).all_objects.get(pk=obj.pk)
            actions.update(request.user, fresh, reason=str(_("edited in admin")), **fields)
        else:
            data = {f.name: getattr(obj, f.name) for f in obj._meta.concrete_fields if f.name != "id"}
            created = actions.create(request.user, type(obj), reason=str(_("created in admin")), **data)
            obj.pk = created.pk

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        actions.soft_delete(request.user, obj, reason=str(_("deleted in admin")))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            actions.soft_delete(request.user, obj, reason=str(_("deleted in admin")))

    @admin.action(description=_("Restore selected deleted records"))
    def restore_selected(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        n = 0
        for obj in queryset.filter(deleted_at__isnull=False):
            actions.restore(request.user, obj, reason=str(_("restored in admin")))
            n += 1
        self.message_user(request, _("%(n)d records restored.") % {"n": n}, messages.SUCCESS)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["at", "actor", "verb", "action", "content_type", "object_repr", "reason"]
    list_filter = ["verb", "content_type"]
    search_fields = ["object_repr", "action", "reason"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
