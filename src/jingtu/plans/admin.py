"""Registry views of plans and obligations for administrators (soft delete / restore through the actions layer).

Domain writes (import, confirm, report, review, evaluate) are made on the plan-tracking screens, which apply the
rules; here derived fields are read-only.
"""

from django.contrib import admin

from jingtu.core.admin import RegulatoryAdmin
from jingtu.plans.models import Evaluation, Obligation, Plan, ProgressReport


@admin.register(Plan)
class PlanAdmin(RegulatoryAdmin):
    list_display = ["title", "year", "district", "status", "confirmed_at", "deleted_at"]
    list_filter = ["status", "year", "district"]
    search_fields = ["title", "issuer"]
    readonly_fields = ["parsed", "parser_version", "status", "confirmed_at", "confirmed_by"]


@admin.register(Obligation)
class ObligationAdmin(RegulatoryAdmin):
    list_display = ["organisation", "role", "district", "due", "status", "completed_on", "deleted_at"]
    list_filter = ["role", "status", "district"]
    search_fields = ["organisation__name", "measure__text"]
    readonly_fields = ["measure", "status", "completed_on"]
    raw_id_fields = ["organisation"]


@admin.register(ProgressReport)
class ProgressReportAdmin(RegulatoryAdmin):
    list_display = ["obligation", "status", "reported_on", "reported_by", "deleted_at"]
    readonly_fields = ["obligation", "status", "reported_on", "reported_by"]


@admin.register(Evaluation)
class EvaluationAdmin(RegulatoryAdmin):
    list_display = ["district", "year", "quarter", "total", "config_version", "deleted_at"]
    list_filter = ["year", "quarter", "district"]
    readonly_fields = ["weights", "values", "scores", "tasks", "total", "coverage", "config_version"]
