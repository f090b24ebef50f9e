from __future__ import annotations

from rest_framework import serializers, viewsets
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from jingtu.divisions.models import District


class DistrictSerializer(GeoFeatureModelSerializer):
    has_boundary = serializers.BooleanField(read_only=True)

    class Meta:
        model = District
        geo_field = "boundary"
        fields = [
            "code",
            "label_point",
            "name",
            "name_en",
            "short_name",
            "kind",
            "has_boundary",
            "boundary_official",
            "boundary_source",
            "area_km2",
        ]


class DistrictViewSet(viewsets.ReadOnlyModelViewSet):  # type: ignore[type-arg]
    """Administrative divisions (public reference data) as GeoJSON."""

    queryset = District.objects.all()
    serializer_class = DistrictSerializer
    pagination_class = None
    lookup_field = "code"
