"""API plumbing shared by the domain apps: every queryset is scoped by `jingtu.core.access`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import viewsets

from jingtu.core import access


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Read-only endpoint whose rows are those the requesting user may see."""

    def get_queryset(self) -> QuerySet[Any]:
        base = super().get_queryset()
        return access.scope(self.request.user, base)
