"""Lab-data API (read-only, scoped by `jingtu.core.access`): points, samples, results with screening, imports."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework_gis.serializers import GeoFeatureModelSerializer

from jingtu.core.api import ScopedReadOnlyViewSet
from jingtu.labdata import queries
from jingtu.labdata.models import ImportBatch, Result, Sample, SamplingPoint


class SamplingPointSerializer(GeoFeatureModelSerializer):
    plot = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = SamplingPoint
        geo_field = "location"
        fields = ["id", "plot", "code", "purpose"]


class SampleSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    plot = serializers.SlugRelatedField(slug_field="code", read_only=True)
    point = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Sample
        fields = [
            "id",
            "plot",
            "point",
            "code",
            "depth_top_m",
            "depth_bottom_m",
            "matrix",
            "sampled_at",
            "ph",
        ]


class ResultSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    plot = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sample = serializers.SlugRelatedField(slug_field="code", read_only=True)
    receipt = serializers.CharField(source="batch.receipt", read_only=True)

    class Meta:
        model = Result
        fields = [
            "id", "plot", "sample", "receipt", "line_no", "analyte_key", "analyte_name", "analyte_std_name",
            "raw_value", "value", "detected", "detection_limit", "detection_limit_type", "reporting_limit",
            "reporting_limit_type", "unit", "basis", "lab_qualifier", "validator_qualifier", "final_qualifier",
            "method_code", "lab_name", "lab_accreditation_no", "standard", "standard_version", "compared_value",
            "standard_unit", "screening_value", "intervention_value", "outcome", "outcome_reason",
        ]  # fmt: skip


class ImportBatchSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    plot = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = ImportBatch
        fields = [
            "receipt", "plot", "file_name", "sha256", "encoding", "schema_version", "standard", "standard_version",
            "rows_total", "rows_accepted", "rows_rejected", "status", "report", "created_at",
        ]  # fmt: skip


class SamplingPointViewSet(ScopedReadOnlyViewSet):
    queryset = SamplingPoint.objects.select_related("plot")
    serializer_class = SamplingPointSerializer
    filterset_fields = ["plot__code", "purpose"]


class SampleViewSet(ScopedReadOnlyViewSet):
    queryset = Sample.objects.select_related("plot", "point")
    serializer_class = SampleSerializer
    filterset_fields = ["plot__code", "matrix", "point__code"]


class ResultViewSet(ScopedReadOnlyViewSet):
    """Results with their screening outcome. Filters: ?plot=CODE&outcome=above_screening|exceeding|...
    &analyte=CAS-or-name&depth_min=&depth_max= ."""

    queryset = Result.objects.all()
    serializer_class = ResultSerializer

    def get_queryset(self) -> QuerySet[Any]:
        p = self.request.query_params
        filters: dict[str, Any] = {"outcome": p.get("outcome"), "analyte": p.get("analyte")}
        for k in ("depth_min", "depth_max"):
            try:
                filters[k] = float(p[k]) if p.get(k) else None
            except ValueError:
                filters[k] = None
        qs = queries.results(self.request.user, filters=filters)
        if p.get("plot"):
            qs = qs.filter(plot__code=p["plot"])
        return qs


class ImportBatchViewSet(ScopedReadOnlyViewSet):
    queryset = ImportBatch.objects.select_related("plot")
    serializer_class = ImportBatchSerializer
    lookup_field = "receipt"
    filterset_fields = ["plot__code", "status"]
