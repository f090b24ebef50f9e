from django.contrib import admin

from jingtu.core.admin import RegulatoryAdmin
from jingtu.orgs.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(RegulatoryAdmin):
    list_display = ["code", "name", "category", "kind", "level", "district", "deleted_at"]
    list_filter = ["category", "level", "kind", "district"]
    search_fields = ["code", "name"]
