from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from jingtu.core.admin import RegulatoryAdmin
from jingtu.risk.models import RiskAssessment


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(RegulatoryAdmin):
    """Scoped (RegulatoryAdmin); no add/change: assessments come from `jingtu.risk.actions.run_assessment`."""

    list_display = [
        "id",
        "plot",
        "land_class",
        "statistic",
        "proposed_step",
        "engine_version",
        "run_by",
        "run_at",
    ]
    list_filter = ["land_class", "statistic", "proposed_step"]
    search_fields = ["plot__code", "plot__name"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
