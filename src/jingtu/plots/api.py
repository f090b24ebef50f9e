"""Plot API (GeoJSON): plots and lists, scoped by `jingtu.core.access`."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.http import Http404, HttpRequest, JsonResponse
from django.utils import timezone
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from jingtu.core.api import ScopedReadOnlyViewSet
from jingtu.plots import actions
from jingtu.plots.models import ListEvent, ListKind, Plot


class PlotSerializer(GeoFeatureModelSerializer):
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Plot
        geo_field = "boundary"
        fields = [
            "code",
            "name",
            "address",
            "district",
            "street",
            "state",
            "state_label",
            "state_since",
            "land_use_current",
            "land_use_planned",
            "land_class",
            "sensitive",
            "area_m2",
            "area_mu",
            "industry",
            "entry_source",
            "is_public",
        ]


class PlotViewSet(ScopedReadOnlyViewSet):
    """Plots the requesting user may see (the public: published plots only)."""

    queryset = Plot.objects.select_related("district")
    serializer_class = PlotSerializer
    filterset_fields = ["district__code", "is_public", "state", "sensitive"]
    lookup_field = "code"


def _feature(plot: Plot, event: ListEvent, *, left: bool) -> dict[str, Any]:
    """Only what the list discloses: code, name, district, status, dates, boundary."""
    return {
        "type": "Feature",
        "geometry": json.loads(plot.boundary.geojson) if plot.boundary is not None else None,
        "properties": {
            "code": plot.code,
            "name": plot.name,
            "district": plot.district.name,
            "status": str(plot.get_state_display()),
            "on_list": not left,
            "since" if not left else "left_on": event.effective_on.isoformat(),
        },
    }


def _collection(user: Any, kind: str, on: dt.date) -> dict[str, Any]:
    feats = [_feature(p, e, left=False) for p, e in actions.list_on(user, kind, on)]
    feats += [_feature(p, e, left=True) for p, e in actions.left_list(user, kind, on)]
    return {"type": "FeatureCollection", "date": on.isoformat(), "list": kind, "features": feats}


def list_geojson(request: HttpRequest, kind: str) -> JsonResponse:
    """A list as of ?date=YYYY-MM-DD (default today), as GeoJSON, scoped to the requesting user."""
    if kind not in ListKind.values:
        raise Http404
    try:
        on = dt.date.fromisoformat(request.GET["date"]) if request.GET.get("date") else timezone.localdate()
    except ValueError:
        raise Http404("bad date") from None
    return JsonResponse(_collection(request.user, kind, on))


def public_geojson(request: HttpRequest) -> JsonResponse:
    """The public 风险管控和修复名录 (no login): what the public role may see, whoever asks."""
    return JsonResponse(_collection(None, ListKind.REMEDIATION, timezone.localdate()))
