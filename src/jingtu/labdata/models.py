"""Lab data: sampling points, samples, analytical results and the import batches they came in with.

Every row is a regulatory record (history + soft delete) scoped through its plot: district staff see their district's
plots, enterprises their own plots, consultants / labs the rows their organisation submitted. Rows reach the
database only through `jingtu.labdata.actions` (`import_edd`: one transaction per file, one receipt, one audit
event; `rescreen`; the background-value sets).

Screening outcomes are stored per result at import time (standard id, version, limits compared, outcome, reason), as
the engine `jingtu.engines.screening` returned them: a reviewer sees what the submitter saw, and a later version of a
standard does not silently rewrite an earlier finding. `actions.rescreen` re-runs the engine and records the change.
"""

from __future__ import annotations

from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from jingtu.core.access_spec import AccessSpec
from jingtu.core.models import RegulatoryRecord

WRITERS = frozenset({"municipal_admin", "district_staff", "consultant"})

LAB_SCOPE = AccessSpec(
    district="plot__district",
    organisation="plot__responsible_org",
    submitter="submitted_by",
    writers=WRITERS,
)


class Purpose(models.TextChoices):
    """Why a point is sampled (monitoring network level, investigation stage, self-monitoring)."""

    NATIONAL = "national", _("National control point (国控)")
    MUNICIPAL = "municipal", _("Municipal control point (市控)")
    DISTRICT = "district", _("District control point (区控)")
    BACKGROUND = "background", _("Background / reference point (对照点)")
    BASIC = "basic", _("Basic investigation point (基础点)")
    RISK = "risk", _("Risk point (风险点)")
    SELF_MONITORING = "self_monitoring", _("Self-monitoring (自行监测)")


class Matrix(models.TextChoices):
    SOIL = "soil", _("Soil")
    GROUNDWATER = "groundwater", _("Groundwater")
    SOIL_GAS = "soil_gas", _("Soil gas")
    CROP_TISSUE = "crop_tissue", _("Crop tissue")
    SEDIMENT = "sediment", _("Sediment")


class Basis(models.TextChoices):
    DRY = "dry", _("Dry weight")
    WET = "wet", _("Wet weight")
    NONE = "", _("Not applicable")


class Outcome(models.TextChoices):
    """Screening outcomes (identifiers of `jingtu.engines.screening`)."""

    BELOW_SCREENING = "below_screening", _("Below screening value")
    ABOVE_SCREENING = "above_screening", _("Above screening value")
    ABOVE_INTERVENTION = "above_intervention", _("Above intervention value")
    WITHIN_BACKGROUND = (
        "within_background",
        _("Above screening value but within background (GB 36600 note ①)"),
    )
    INDETERMINATE = "indeterminate", _("Indeterminate (detection limit above screening value)")
    NOT_SCREENED = "not_screened", _("Not screened")


class BackgroundSet(RegulatoryRecord):
    """A stored, versioned set of soil background values for the GB 36600-2018 table 1 note ① rule (a result
    above the screening value but ≤ the local background value is ``within_background``).

    ``district`` empty: a municipal set (municipal administrators write it); otherwise the set of one district
    (that district's bureau staff write it). One set per scope is active; a plot is screened with the active set
    of its district, else the active municipal set. A set's values never change after upload: a correction is a
    new version (the old one is kept, retired)."""

    name = models.CharField(_("name"), max_length=200)
    version = models.CharField(_("version"), max_length=40)
    issued_on = models.DateField(_("date of the values"), null=True, blank=True)
    source = models.CharField(
        _("source"),
        max_length=500,
        help_text=_("survey, report or standard (and table) the values come from"),
    )
    district = models.ForeignKey(
        "divisions.District",
        verbose_name=_("district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("empty: municipal set"),
    )
    active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64)
    n_values = models.PositiveIntegerField(_("values"), default=0)
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("uploaded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()
    access = AccessSpec(district="district", citywide_read=True)  # the municipal set: every signed-in user

    class Meta:
        ordering = ["district__code", "name", "-created_at", "-id"]
        verbose_name = _("background value set")
        verbose_name_plural = _("background value sets")
        constraints = [
            models.UniqueConstraint(
                fields=["district"],
                condition=Q(active=True, district__isnull=False, deleted_at__isnull=True),
                name="labdata_one_active_background_set_per_district",
            ),
            models.UniqueConstraint(
                fields=["active"],
                condition=Q(active=True, district__isnull=True, deleted_at__isnull=True),
                name="labdata_one_active_municipal_background_set",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


class BackgroundValueEntry(RegulatoryRecord):
    """One background value of a set, as read by `jingtu.engines.standards.BackgroundValues` (mg/kg)."""

    background_set = models.ForeignKey(
        BackgroundSet, verbose_name=_("background value set"), on_delete=models.PROTECT, related_name="values"
    )
    line_no = models.PositiveIntegerField(_("line in file"))
    analyte_id = models.CharField(_("analyte (CAS or JT: code)"), max_length=40)
    value_mg_kg = models.FloatField(_("background value (mg/kg)"))
    district_code = models.CharField(
        _("district code (GB/T 2260)"), max_length=12, blank=True, help_text=_("empty: any district")
    )
    soil_type = models.CharField(
        _("soil type"), max_length=60, blank=True, help_text=_("empty: any soil type")
    )
    source = models.CharField(_("source"), max_length=500, blank=True)

    history = HistoricalRecords()
    access = AccessSpec(district="background_set__district", citywide_read=True)

    class Meta:
        ordering = ["background_set", "line_no"]
        verbose_name = _("background value")
        verbose_name_plural = _("background values")

    def __str__(self) -> str:
        return f"{self.analyte_id} {self.value_mg_kg:g} mg/kg"


class ImportBatch(RegulatoryRecord):
    """One submitted EDD file: its receipt, fingerprint, counts and the row-level report."""

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected (nothing stored)")

    receipt = models.CharField(_("receipt number"), max_length=40, unique=True)
    plot = models.ForeignKey(
        "plots.Plot", verbose_name=_("plot"), on_delete=models.PROTECT, related_name="import_batches"
    )
    submitted_by = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("submitted by (organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("uploaded by"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    size_bytes = models.BigIntegerField(_("size (bytes)"), default=0)
    encoding = models.CharField(_("encoding"), max_length=30, blank=True)
    schema_version = models.CharField(_("EDD schema version"), max_length=20, blank=True)
    standard = models.CharField(_("screening standard"), max_length=200, blank=True)
    standard_version = models.CharField(_("standard version"), max_length=60, blank=True)
    screening_options = models.JSONField(_("screening options"), default=dict, blank=True)
    background_set = models.ForeignKey(
        BackgroundSet,
        verbose_name=_("background values used"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rows_total = models.PositiveIntegerField(_("data rows"), default=0)
    rows_accepted = models.PositiveIntegerField(_("rows stored"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    report = models.JSONField(
        _("row-level report"), default=dict, blank=True, help_text=_("rejected rows: line, field, reason")
    )

    history = HistoricalRecords()
    access = LAB_SCOPE

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("EDD import")
        verbose_name_plural = _("EDD imports")
        constraints = [
            models.UniqueConstraint(
                fields=["sha256"],
                condition=Q(status="accepted", deleted_at__isnull=True),
                name="labdata_one_accepted_import_per_file",
            )
        ]

    def __str__(self) -> str:
        return f"{self.receipt} {self.file_name}"


class SamplingPoint(RegulatoryRecord):
    """A sampling location (borehole, well, soil-gas probe) of a plot."""

    plot = models.ForeignKey(
        "plots.Plot", verbose_name=_("plot"), on_delete=models.PROTECT, related_name="sampling_points"
    )
    code = models.CharField(_("point code"), max_length=60)
    location = models.PointField(_("location"), srid=4490, null=True, blank=True)
    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, blank=True)
    submitted_by = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("submitted by (organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()
    access = LAB_SCOPE

    class Meta:
        ordering = ["plot", "code"]
        verbose_name = _("sampling point")
        verbose_name_plural = _("sampling points")
        constraints = [
            models.UniqueConstraint(
                fields=["plot", "code"],
                condition=Q(deleted_at__isnull=True),
                name="labdata_point_code_per_plot",
            )
        ]

    def __str__(self) -> str:
        return self.code


class Sample(RegulatoryRecord):
    """A sample taken at a point: depth interval (m below ground), matrix, date. `plot` repeats the point's plot so
    that scoping and per-plot tables need one join."""

    plot = models.ForeignKey("plots.Plot", verbose_name=_("plot"), on_delete=models.PROTECT, related_name="+")
    point = models.ForeignKey(
        SamplingPoint, verbose_name=_("sampling point"), on_delete=models.PROTECT, related_name="samples"
    )
    code = models.CharField(_("sample code"), max_length=80)
    depth_top_m = models.FloatField(_("depth top (m)"), null=True, blank=True)
    depth_bottom_m = models.FloatField(_("depth bottom (m)"), null=True, blank=True)
    matrix = models.CharField(_("matrix"), max_length=20, choices=Matrix.choices, default=Matrix.SOIL)
    sampled_at = models.DateField(_("sampled on"), null=True, blank=True)
    ph = models.FloatField(_("pH"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("submitted by (organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    batch = models.ForeignKey(
        ImportBatch,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()
    access = LAB_SCOPE

    class Meta:
        ordering = ["plot", "code"]
        verbose_name = _("sample")
        verbose_name_plural = _("samples")
        constraints = [
            models.UniqueConstraint(
                fields=["plot", "code"],
                condition=Q(deleted_at__isnull=True),
                name="labdata_sample_code_per_plot",
            )
        ]

    def __str__(self) -> str:
        return self.code


class Result(RegulatoryRecord):
    """One analytical result as reported (raw string kept) and as understood (value, detect flag, limits), with the
    screening outcome the engine gave at import time."""

    plot = models.ForeignKey("plots.Plot", verbose_name=_("plot"), on_delete=models.PROTECT, related_name="+")
    sample = models.ForeignKey(
        Sample, verbose_name=_("sample"), on_delete=models.PROTECT, related_name="results"
    )
    batch = models.ForeignKey(
        ImportBatch, verbose_name=_("import"), on_delete=models.PROTECT, related_name="results"
    )
    line_no = models.PositiveIntegerField(_("line in file"))
    submitted_by = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("submitted by (organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # analyte
    analyte_key = models.CharField(_("analyte key (CAS or JT: code)"), max_length=40, db_index=True)
    analyte_name = models.CharField(_("analyte as reported"), max_length=120)
    analyte_std_name = models.CharField(_("analyte (standard name)"), max_length=120, blank=True)
    # value as reported and as understood
    raw_value = models.CharField(_("result as reported"), max_length=60)
    value = models.FloatField(_("value"), null=True, blank=True)
    detected = models.BooleanField(_("detected"))
    detection_limit = models.FloatField(_("detection limit"), null=True, blank=True)
    detection_limit_type = models.CharField(_("detection limit type"), max_length=10, blank=True)
    reporting_limit = models.FloatField(_("reporting / quantitation limit"), null=True, blank=True)
    reporting_limit_type = models.CharField(_("reporting limit type"), max_length=10, blank=True)
    unit = models.CharField(_("unit"), max_length=30)
    basis = models.CharField(_("basis"), max_length=4, choices=Basis.choices, blank=True)
    lab_qualifier = models.CharField(_("lab qualifier"), max_length=20, blank=True)
    validator_qualifier = models.CharField(_("validator qualifier"), max_length=20, blank=True)
    final_qualifier = models.CharField(_("final qualifier"), max_length=20, blank=True)
    method_code = models.CharField(_("method (HJ / GB/T number)"), max_length=60, blank=True)
    # the EDD's 土壤类型 cell: kept so that a re-screen finds the same soil-type background values as the import
    soil_type = models.CharField(_("soil type (as written)"), max_length=60, blank=True, default="")
    lab_name = models.CharField(_("laboratory"), max_length=200, blank=True)
    lab_accreditation_no = models.CharField(_("lab accreditation no. (CMA)"), max_length=40, blank=True)
    # screening, as the engine returned it (values in the standard's unit)
    standard = models.CharField(_("standard"), max_length=120, blank=True)
    clause = models.CharField(_("clause (table, item)"), max_length=80, blank=True)
    standard_version = models.CharField(_("standard version"), max_length=60, blank=True)
    compared_value = models.FloatField(_("value in the standard's unit"), null=True, blank=True)
    standard_unit = models.CharField(_("standard's unit"), max_length=30, blank=True)
    standard_detection_limit = models.FloatField(
        _("detection limit in the standard's unit"), null=True, blank=True
    )
    screening_value = models.FloatField(_("screening value"), null=True, blank=True)
    intervention_value = models.FloatField(_("intervention value"), null=True, blank=True)
    ph_band = models.CharField(_("pH band used (GB 15618)"), max_length=20, blank=True)
    land_use = models.CharField(_("land use used (GB 15618)"), max_length=20, blank=True)
    gw_class = models.CharField(_("groundwater class (GB/T 14848)"), max_length=10, blank=True)
    derived = models.BooleanField(
        _("computed group sum"), default=False, help_text=_("sum of reported members, computed by the engine")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, db_index=True)
    outcome_reason = models.CharField(_("reason"), max_length=300, blank=True)
    background_set = models.ForeignKey(
        BackgroundSet,
        verbose_name=_("background values used"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    history = HistoricalRecords()
    access = LAB_SCOPE

    class Meta:
        ordering = ["plot", "sample", "analyte_key"]
        verbose_name = _("result")
        verbose_name_plural = _("results")
        indexes = [models.Index(fields=["plot", "outcome"], name="labdata_res_plot_outcome")]

    def __str__(self) -> str:
        return f"{self.sample_id} {self.analyte_name} {self.raw_value}"
