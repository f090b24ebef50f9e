"""A risk assessment (风险评估) of a plot: inputs, outputs, versions, who ran it.

The numbers come from `jingtu.engines.risk.assess` (HJ 25.3-2019); this model only stores what was asked and what
the engine answered, so that a reviewer can check and re-run it. The proposed lifecycle step is a proposal: a person
records the expert review of the risk assessment report in the plots app, which proposes the list change that a
person confirms (`jingtu.plots.actions.record_review` / `confirm_proposal`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jingtu.core.access_spec import AccessSpec
from jingtu.core.models import RegulatoryRecord


class LandClass(models.IntegerChoices):
    CLASS_1 = 1, _("Class 1 land (GB 36600 第一类用地)")
    CLASS_2 = 2, _("Class 2 land (GB 36600 第二类用地)")


class Statistic(models.TextChoices):
    """Exposure-concentration statistics of `jingtu.engines.risk.stats` (identifiers are the engine's)."""

    UCL95 = "ucl95", _("95% UCL of the mean (Kaplan–Meier, ProUCL-style)")
    KM_MEAN = "km_mean", _("Kaplan–Meier mean")
    MAX = "max", _("Maximum detected value")


class Step(models.TextChoices):
    """Proposed lifecycle step; the values map to the plots app's review conclusions."""

    ACCEPTABLE = "acceptable", _("Risk acceptable: the plot may leave the procedure (风险可接受)")
    CONTROL = "control", _("Risk not acceptable: risk-control / remediation list, control values as targets")


STEP_TO_CONCLUSION = {Step.ACCEPTABLE: "risk_acceptable", Step.CONTROL: "risk_unacceptable"}


class RiskAssessment(RegulatoryRecord):
    """One run of the HJ 25.3 engine on a plot's stored results."""

    plot = models.ForeignKey(
        "plots.Plot", verbose_name=_("plot"), on_delete=models.PROTECT, related_name="risk_assessments"
    )
    land_class = models.PositiveSmallIntegerField(_("land class"), choices=LandClass.choices)
    statistic = models.CharField(
        _("exposure concentration statistic"), max_length=10, choices=Statistic.choices
    )
    profile = models.CharField(_("parameter profile"), max_length=40, default="hj25_3")
    layers = models.JSONField(
        _("depth layers"), default=list, help_text=_("surface, subsurface, groundwater")
    )
    surface_max_depth_m = models.FloatField(_("surface layer ends at (m)"), default=0.5)
    selection = models.JSONField(
        _("data selection"), default=dict, blank=True, help_text=_("analytes and samples used (empty = all)")
    )
    overrides = models.JSONField(
        _("parameter overrides"),
        default=dict,
        blank=True,
        help_text=_("HJ 25.3 symbols and chemical parameters"),
    )
    inputs = models.JSONField(_("engine inputs"), default=list, blank=True)
    excluded = models.JSONField(_("results left out"), default=list, blank=True)
    outputs = models.JSONField(_("outputs"), default=dict, blank=True)
    proposed_step = models.CharField(_("proposed lifecycle step"), max_length=20, choices=Step.choices)
    engine_version = models.CharField(_("engine version"), max_length=20)
    parameter_tables = models.JSONField(_("parameter-table versions"), default=dict, blank=True)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    run_at = models.DateTimeField(_("run at"))

    history = HistoricalRecords()
    access = AccessSpec(
        district="plot__district",
        organisation="plot__responsible_org",
        submitter="plot__consultant_org",
        writers=frozenset({"municipal_admin", "district_staff", "consultant"}),
    )

    class Meta:
        ordering = ["-run_at", "-id"]
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")

    def __str__(self) -> str:
        return f"{self.plot.code} HJ 25.3 #{self.pk or '-'}"

    @property
    def review_conclusion(self) -> str:
        """The plots app's review conclusion this assessment suggests."""
        return STEP_TO_CONCLUSION[Step(self.proposed_step)]
