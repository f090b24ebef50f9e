from __future__ import annotations

from rest_framework import serializers

from jingtu.core.api import ScopedReadOnlyViewSet
from jingtu.orgs.models import Organisation


class OrganisationSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    district = serializers.SlugRelatedField(slug_field="code", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "code",
            "name",
            "category",
            "kind",
            "level",
            "district",
            "parent",
            "short_names",
            "aliases",
            "historical_names",
        ]


class OrganisationViewSet(ScopedReadOnlyViewSet):
    queryset = Organisation.objects.select_related("district", "parent")
    serializer_class = OrganisationSerializer
    filterset_fields = ["category", "kind", "level", "district__code"]
    lookup_field = "code"
