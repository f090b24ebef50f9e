from django.contrib import admin
from leaflet.admin import LeafletGeoAdmin

from jingtu.divisions.models import District


@admin.register(District)
class DistrictAdmin(LeafletGeoAdmin):
    list_display = ["code", "name", "name_en", "kind", "area_km2", "boundary_official"]
    list_filter = ["kind", "boundary_official"]
    search_fields = ["code", "name", "name_en"]
