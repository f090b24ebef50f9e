from __future__ import annotations

from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from jingtu.core.api import ScopedReadOnlyViewSet
from jingtu.plots.models import Plot


class PlotSerializer(GeoFeatureModelSerializer):
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Plot
        geo_field = "boundary"
        fields = ["code", "name", "address", "district", "is_public"]


class PlotViewSet(ScopedReadOnlyViewSet):
    """Plots the requesting user may see (the public: published plots only)."""

    queryset = Plot.objects.select_related("district")
    serializer_class = PlotSerializer
    filterset_fields = ["district__code", "is_public"]
    lookup_field = "code"
