"""Plans API: plans, measures and obligations the user may see (scoped by `jingtu.core.access`), and progress
reports through `jingtu.plans.actions.report_progress` (POST, JSON or multipart with `evidence` files).

    GET  /api/plans/plans/                      ?year= &status= &district__code=
    GET  /api/plans/measures/                   ?plan= &section_number= &task_number=
    GET  /api/plans/obligations/                ?district__code= &organisation__code= &role= &status= &plan=
    GET  /api/plans/obligations/{id}/           with deadline_state (evaluation engine) and reports
    POST /api/plans/obligations/{id}/report/    {status, narrative, indicator_values{}} (+ evidence files)
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from jingtu.core.api import ScopedReadOnlyViewSet
from jingtu.engines import evaluation as ev
from jingtu.plans import actions
from jingtu.plans.models import Measure, Obligation, Plan, ProgressReport


class PlanSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    measure_count = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = [
            "id", "title", "year", "issuer", "level", "district", "status", "source_name", "parser_version",
            "confirmed_at", "measure_count",
        ]  # fmt: skip

    def get_measure_count(self, obj: Plan) -> int:
        return obj.measures.count()


class MeasureSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Measure
        fields = [
            "id", "plan", "order", "ref", "section_number", "section_title", "task_number", "task_title", "text",
            "deadline_text", "due", "milestones", "targets", "districts", "lead", "responsible", "cooperating",
            "unresolved", "edited",
        ]  # fmt: skip


class ReportSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    reported_by = serializers.StringRelatedField()
    evidence = serializers.SerializerMethodField()

    class Meta:
        model = ProgressReport
        fields = ["id", "status", "narrative", "indicator_values", "reported_on", "reported_by", "evidence"]

    def get_evidence(self, obj: ProgressReport) -> list[dict[str, Any]]:
        # downloads go through the scoped page /plans/evidence/<id>/
        return [{"id": e.pk, "name": e.file.name.rsplit("/", 1)[-1]} for e in obj.evidence.all()]


class ObligationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    organisation = serializers.SlugRelatedField(slug_field="code", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    plan = serializers.IntegerField(source="measure.plan_id", read_only=True)
    measure_ref = serializers.CharField(source="measure.ref", read_only=True)
    measure_text = serializers.CharField(source="measure.text", read_only=True)
    deadline_state = serializers.SerializerMethodField()
    reports = ReportSerializer(many=True, read_only=True)

    class Meta:
        model = Obligation
        fields = [
            "id", "plan", "measure", "measure_ref", "measure_text", "organisation", "organisation_name", "role",
            "name_as_written", "district", "due", "status", "completed_on", "deadline_state", "reports",
        ]  # fmt: skip

    def get_deadline_state(self, obj: Obligation) -> str:
        days = ev.load_config().due_soon_days
        return ev.deadline_state(obj.due, obj.completed_on, timezone.localdate(), days).value


class ReportInputSerializer(serializers.Serializer):  # type: ignore[type-arg]
    status = serializers.ChoiceField(choices=Obligation.Status.choices)
    narrative = serializers.CharField()
    indicator_values = serializers.DictField(required=False, default=dict)


class PlanViewSet(ScopedReadOnlyViewSet):
    """Action plans the user may see (published documents: every signed-in user)."""

    queryset = Plan.objects.select_related("district")
    serializer_class = PlanSerializer
    filterset_fields = ["year", "status", "level", "district__code"]


class MeasureViewSet(ScopedReadOnlyViewSet):
    """Measures of the plans the user may see, as parsed and corrected on the review screen."""

    queryset = Measure.objects.select_related("plan")
    serializer_class = MeasureSerializer
    filterset_fields = ["plan", "section_number", "task_number"]


class ObligationViewSet(ScopedReadOnlyViewSet):
    """Obligations of confirmed plans the user may see; `report` posts a progress report."""

    queryset = Obligation.objects.filter(measure__plan__status=Plan.Status.CONFIRMED).select_related(
        "measure", "organisation", "district"
    )
    serializer_class = ObligationSerializer
    filterset_fields = ["district__code", "organisation__code", "role", "status", "measure__plan"]

    def get_serializer_class(self) -> Any:
        return ReportInputSerializer if self.action == "report" else ObligationSerializer

    @action(detail=True, methods=["post"])
    def report(self, request: Request, pk: str | None = None) -> Response:
        obligation = self.get_object()
        s = ReportInputSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        try:
            rep = actions.report_progress(
                request.user,
                obligation,
                status=s.validated_data["status"],
                narrative=s.validated_data["narrative"],
                indicator_values=s.validated_data["indicator_values"],
                files=request.FILES.getlist("evidence"),
            )
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied(str(exc)) from exc
        except ValidationError as exc:
            raise exceptions.ValidationError(exc.messages) from exc
        return Response(ReportSerializer(rep).data, status=status.HTTP_201_CREATED)
