from __future__ import annotations

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _


class District(models.Model):
    """A district of the municipality (GB/T 2260 code), or a functional zone such as 北京经济技术开发区."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        DISTRICT = "district", _("District")
        FUNCTIONAL_ZONE = "functional_zone", _("Functional zone")

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=50)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    short_name = models.CharField(_("short name"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DISTRICT)
    boundary = models.MultiPolygonField(_("boundary"), srid=4490, null=True, blank=True)
    boundary_source = models.CharField(_("boundary source"), max_length=300, blank=True)
    boundary_official = models.BooleanField(
        _("official boundary"),
        default=False,
        help_text=_("False for reference boundaries that must not be used as the legal line."),
    )
    label_point = models.PointField(
        _("label point"),
        srid=4490,
        null=True,
        blank=True,
        help_text=_(
            "Where the map labels the division; for a zone without a boundary, its administrative seat."
        ),
    )
    area_km2 = models.FloatField(_("area (km²)"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name

    @property
    def has_boundary(self) -> bool:
        return self.boundary is not None
