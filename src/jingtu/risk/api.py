"""Risk-assessment API: list / read the assessments the user may see (scoped), and run one (POST) through
`jingtu.risk.actions.run_assessment`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from jingtu.core import access
from jingtu.engines.risk import PATHWAYS
from jingtu.engines.risk.stats import STATISTICS
from jingtu.plots.models import Plot
from jingtu.risk import actions
from jingtu.risk.inputs import LAYERS
from jingtu.risk.models import RiskAssessment


class RiskAssessmentSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    plot = serializers.SlugRelatedField(slug_field="code", read_only=True)
    run_by = serializers.StringRelatedField()

    class Meta:
        model = RiskAssessment
        fields = [
            "id", "plot", "land_class", "statistic", "profile", "layers", "surface_max_depth_m", "selection",
            "overrides", "inputs", "excluded", "outputs", "proposed_step", "engine_version", "parameter_tables",
            "run_by", "run_at",
        ]  # fmt: skip


class RunSerializer(serializers.Serializer):  # type: ignore[type-arg]
    plot = serializers.CharField(help_text="plot code")
    land_class = serializers.ChoiceField(choices=[1, 2])
    statistic = serializers.ChoiceField(choices=list(STATISTICS), default="ucl95")
    layers = serializers.ListField(child=serializers.ChoiceField(choices=list(LAYERS)), default=list(LAYERS))
    overrides = serializers.DictField(required=False, default=dict)
    analytes = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    samples = serializers.ListField(child=serializers.CharField(), required=False, default=list)
    surface_max_depth_m = serializers.FloatField(required=False, default=0.5, min_value=0.01)
    pathways = serializers.ListField(
        child=serializers.ChoiceField(choices=list(PATHWAYS)), default=list(PATHWAYS), allow_empty=False,
        help_text="HJ 25.3 exposure pathway codes to assess (default all)",
    )  # fmt: skip


class RiskAssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    queryset = RiskAssessment.objects.select_related("plot", "run_by")
    serializer_class = RiskAssessmentSerializer
    filterset_fields = ["plot__code", "land_class", "statistic", "proposed_step"]

    def get_queryset(self) -> Any:
        return access.scope(self.request.user, super().get_queryset())

    def get_serializer_class(self) -> Any:
        return RunSerializer if self.action == "create" else RiskAssessmentSerializer

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        s = RunSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        d = dict(s.validated_data)
        plot = access.scope(request.user, Plot.objects.all()).filter(code=d.pop("plot")).first()
        if plot is None:
            raise exceptions.NotFound("plot")
        try:
            ra = actions.run_assessment(request.user, plot, **d)
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            raise exceptions.ValidationError(exc.messages) from exc
        return Response(RiskAssessmentSerializer(ra).data, status=status.HTTP_201_CREATED)
