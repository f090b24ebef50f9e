from django.contrib import admin

from jingtu.core.admin import RegulatoryAdmin
from jingtu.labdata.models import ImportBatch


@admin.register(ImportBatch)
class ImportBatchAdmin(RegulatoryAdmin):
    list_display = ["receipt", "plot", "file_name", "status", "rows_accepted", "rows_rejected", "created_at"]
    list_filter = ["status"]
    search_fields = ["receipt", "file_name", "sha256", "plot__code"]
    readonly_fields = ["receipt", "sha256", "report"]
