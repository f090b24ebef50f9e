from __future__ import annotations

from django.contrib.gis.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jingtu.core.access_spec import AccessSpec
from jingtu.core.models import RegulatoryRecord


class Plot(RegulatoryRecord):
    """A plot (地块) of construction land under soil-pollution supervision."""

    code = models.CharField(_("plot code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    district = models.ForeignKey("divisions.District", verbose_name=_("district"), on_delete=models.PROTECT)
    boundary = models.MultiPolygonField(_("boundary"), srid=4490, null=True, blank=True)
    responsible_org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("responsible party / land-use-right holder"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_plots",
    )
    consultant_org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("investigating consultant"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consulted_plots",
    )
    is_public = models.BooleanField(_("published"), default=False)

    history = HistoricalRecords()
    access = AccessSpec(
        district="district", organisation="responsible_org", submitter="consultant_org", public="is_public"
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("plot")
        verbose_name_plural = _("plots")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
