from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jingtu.core.access_spec import AccessSpec
from jingtu.core.models import RegulatoryRecord


class Organisation(RegulatoryRecord):
    """A government unit (from the organisation registry), enterprise, consultancy or laboratory."""

    class Category(models.TextChoices):
        GOVERNMENT = "government", _("Government unit")
        ENTERPRISE = "enterprise", _("Enterprise")
        CONSULTANT = "consultant", _("Consultancy")
        LABORATORY = "laboratory", _("Laboratory")

    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    kind = models.CharField(
        _("unit kind"),
        max_length=40,
        blank=True,
        help_text=_("e.g. ecology-environment, street, park-committee"),
    )
    level = models.CharField(_("level"), max_length=20, blank=True)
    district = models.ForeignKey(
        "divisions.District", verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT
    )
    short_names = models.JSONField(_("short names"), default=list, blank=True)
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    historical_names = models.JSONField(_("historical names"), default=list, blank=True)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    accreditation_no = models.CharField(_("accreditation number (CMA)"), max_length=40, blank=True)

    history = HistoricalRecords()
    access = AccessSpec(
        district="district",
        organisation="id",
        submitter="id",
        open_read=True,
        writers=frozenset({"municipal_admin"}),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name
