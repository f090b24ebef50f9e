from django.contrib import admin
from leaflet.admin import LeafletGeoAdminMixin

from jingtu.core.admin import RegulatoryAdmin
from jingtu.plots.models import Plot


@admin.register(Plot)
class PlotAdmin(LeafletGeoAdminMixin, RegulatoryAdmin):
    list_display = ["code", "name", "district", "responsible_org", "is_public", "deleted_at"]
    list_filter = ["district", "is_public"]
    search_fields = ["code", "name", "address"]
