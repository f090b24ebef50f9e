"""Read helpers shared by the pages, the Excel export and the API: every queryset starts from `access.scope`."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from jingtu.core import access
from jingtu.labdata.models import Outcome, Result

EXCEEDING = (Outcome.ABOVE_SCREENING, Outcome.ABOVE_INTERVENTION)


def results(
    user: Any, *, plot_id: int | None = None, filters: dict[str, Any] | None = None
) -> QuerySet[Result]:
    """Results the user may see, optionally of one plot, filtered by outcome ("exceeding" = above screening or
    intervention), analyte (CAS/code exact, or part of the name) and depth range (sample intervals overlapping it)."""
    qs = access.scope(user, Result.objects.select_related("sample", "sample__point", "batch", "plot"))
    if plot_id is not None:
        qs = qs.filter(plot_id=plot_id)
    f = filters or {}
    outcome = f.get("outcome")
    if outcome == "exceeding":
        qs = qs.filter(outcome__in=EXCEEDING)
    elif outcome:
        qs = qs.filter(outcome=outcome)
    analyte = (f.get("analyte") or "").strip()
    if analyte:
        qs = qs.filter(
            Q(analyte_key__iexact=analyte)
            | Q(analyte_name__icontains=analyte)
            | Q(analyte_std_name__icontains=analyte)
        )
    dmin, dmax = f.get("depth_min"), f.get("depth_max")
    if dmin is not None:
        qs = qs.filter(
            Q(sample__depth_bottom_m__gte=dmin)
            | Q(sample__depth_bottom_m__isnull=True, sample__depth_top_m__gte=dmin)
        )
    if dmax is not None:
        qs = qs.filter(sample__depth_top_m__lte=dmax)
    return qs.order_by("sample__point__code", "sample__depth_top_m", "sample__code", "analyte_key")
